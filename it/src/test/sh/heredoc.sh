# Here-documents: expansion, quoted delimiters, tab stripping, into commands and loops.
name=Zeptux
cat <<END
Hello from $name
Arithmetic: $((6 * 7))
Command: $(echo substituted)
END
cat <<'END'
No $expansion here: $name $((1 + 1))
END
cat <<-END
	leading tabs are stripped
		from every line
	END
while read -r word count; do
    echo "$word=$count"
done <<END
apples 3
pears 5
END
tr a-z A-Z <<END
upper case through tr
END
wc -l <<END
one
two
three
END
