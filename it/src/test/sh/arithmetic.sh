# Arithmetic expansion: operators, precedence, bases, variables, assignment operators.
a=7 b=3
echo "sum $((a + b)) difference $((a - b)) product $((a * b)) quotient $((a / b)) remainder $((a % b))"
echo "precedence $((2 + 3 * 4)) $(((2 + 3) * 4)) $((-a / 2)) $((-a % 2))"
echo "comparisons $((a > b)) $((a < b)) $((a == 7)) $((a != 7)) $((a >= 7 && b <= 3)) $((a < 0 || b > 2))"
echo "bits $((a & b)) $((a | b)) $((a ^ b)) $((~a)) $((1 << 10)) $((-16 >> 2))"
echo "bases $((0x1F)) $((010)) $((2#1011)) $((36#zz))"
echo "ternary $((a > b ? a : b))"
i=0
i=$((i + 1)); : $((i += 5)); : $((i *= 3)); : $((i -= 1))
echo "assignments $i"
n=1; n=$((n * 2)); n=$((n * 2)); n=$((n * 2))
echo "powers of two to $n"
echo "large $((2147483647 + 1)) $((9223372036854775807))"
x=$(( (a + b) * (a - b) ))
echo "nested $x"
