# File operations under a temporary directory: mkdir, cp, mv, rm, ln, test, find, sizes.
d=$(mktemp -d)
cd "$d"
mkdir -p a/b/c
echo hello > a/file
cp a/file a/b/copy
mv a/b/copy a/b/c/moved
ln -s ../file a/b/link
[ -f a/file ] && echo "a regular file"
[ -d a/b/c ] && echo "a directory"
[ -L a/b/link ] && echo "a symbolic link to $(readlink a/b/link)"
[ -e a/b/copy ] || echo "moved away"
cat a/b/c/moved a/b/link
find . | sort
printf '0123456789' > ten
echo "size $(wc -c < ten)"
dd if=ten of=five bs=1 count=5 2>/dev/null
echo "five: $(cat five)"
echo "ls: $(ls a | tr '\n' ' ')"
touch empty
[ -s empty ] || echo "empty has no bytes"
rm a/b/c/moved
rmdir a/b/c
rm -r a
echo "left: $(ls | sort | tr '\n' ' ')"
cd /
rm -r "$d"
echo done
