# for, while, until, break, continue, nested loops, loop output through a pipe.
for w in alpha beta gamma; do
    echo "for $w"
done
i=0
while [ $i -lt 5 ]; do
    i=$((i + 1))
    [ $i -eq 2 ] && continue
    [ $i -eq 4 ] && break
    echo "while $i"
done
n=3
until [ $n -eq 0 ]; do
    echo "until $n"
    n=$((n - 1))
done
for x in 1 2 3; do
    for y in a b; do
        printf '%s%s ' "$x" "$y"
    done
done
echo
set -- one "two words" three
for arg; do echo "positional [$arg]"; done
for i in 3 1 2; do echo $i; done | sort
total=0
for k in $(seq 1 10); do total=$((total + k)); done
echo "sum 1..10 = $total"
case "yes" in y*) echo "case prefix";; *) echo "case default";; esac
case "file.txt" in *.c) echo c;; *.txt|*.md) echo "case text";; esac
