# Functions: arguments, return status, local variables, recursion, output capture.
greet() {
    echo "hello, $1 ($# arguments)"
}
greet world
greet "two words" extra
status() { return $1; }
status 3; echo "returned $?"
status 0 && echo "zero is success"
status 1 || echo "one is failure"
counter=10
scoped() {
    local counter=1
    counter=$((counter + 1))
    echo "inside $counter"
}
scoped
echo "outside $counter"
factorial() {
    if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(factorial $(( $1 - 1 ))) )); fi
}
echo "6! = $(factorial 6)"
fib() {
    local n=$1
    if [ $n -lt 2 ]; then echo $n; return; fi
    echo $(( $(fib $((n - 1))) + $(fib $((n - 2))) ))
}
echo "fib 10 = $(fib 10)"
args() { for a in "$@"; do printf '<%s>' "$a"; done; echo; }
args a "b c" "" d
shifty() { shift 2; echo "after shift: $*"; }
shifty 1 2 3 4
