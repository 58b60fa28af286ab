# Pipelines: several stages, exit status, subshells, filters.
echo "one two three" | tr ' ' '\n' | sort -r | head -n 2
printf 'b\na\nc\na\n' | sort | uniq -c | sed 's/^ *//'
seq 1 100 | grep 7 | wc -l
seq 1 20 | awk '$1 % 5 == 0 { s += $1 } END { print "sum of fives", s }'
false | true; echo "status of the last stage: $?"
true | false; echo "status of the last stage: $?"
echo "through a subshell" | (read line; echo "read: $line")
yes zeptux | head -n 3
printf '%s\n' cherry apple banana | sort | tail -n 1
echo abc | rev 2>/dev/null || echo "no rev"
seq 5 | paste -sd+ | bc 2>/dev/null || seq 5 | awk '{ s += $1 } END { print s }'
echo "cut: $(echo a:b:c:d | cut -d: -f2,4)"
