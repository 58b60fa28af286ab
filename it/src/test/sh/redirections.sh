# Redirections: files, appending, stderr, descriptors, /dev/null, here-strings of a sort.
d=$(mktemp -d)
echo first > "$d/out"
echo second >> "$d/out"
cat "$d/out"
wc -l < "$d/out"
ls "$d/missing" 2> "$d/err" || echo "ls failed with status $?"
grep -c "No such file" "$d/err"
{ echo to-stdout; echo to-stderr >&2; } > "$d/both" 2>&1
sort "$d/both"
echo discarded > /dev/null
echo "stderr discarded" 2>/dev/null
exec 3> "$d/fd3"
echo "through fd 3" >&3
exec 3>&-
cat "$d/fd3"
exec 4< "$d/out"
read -r line <&4
exec 4<&-
echo "read from fd 4: $line"
: > "$d/out"
echo "truncated to $(wc -c < "$d/out") bytes"
(echo in a subshell) > "$d/sub"; cat "$d/sub"
rm -r "$d"
echo "cleaned up: $(ls -d "$d" 2>/dev/null | wc -l)"
