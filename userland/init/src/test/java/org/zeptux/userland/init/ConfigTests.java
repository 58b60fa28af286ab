package org.zeptux.userland.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** init's configuration parser on the JVM: directives, words, quotes, comments, and every way a line is refused. */
class ConfigTests {
    private final Config config = new Config();

    private void parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        config.parse(b, b.length);
    }

    /** Directive {@code d} as "KIND word|word|...". */
    private String directive(int d) {
        String[] kinds = {"?", "mount", "env", "run", "service", "console"};
        List<String> words = new ArrayList<>();
        for (int k = 0; k < config.words(d); k++) {
            int at = config.word(d, k);
            words.add(new String(config.text(), at, config.wordLength(d, k), StandardCharsets.ISO_8859_1));
            assertEquals(0, config.text()[at + config.wordLength(d, k)], "NUL-terminated");
        }
        return kinds[config.kind(d)] + " " + String.join("|", words);
    }

    private List<String> all() {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < config.directives(); d++) {
            out.add(directive(d));
        }
        return out;
    }

    private List<String> errors() {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < config.errors(); e++) {
            out.add(config.errorLine(e) + ": " + config.errorWhat(e));
        }
        return out;
    }

    @Test
    void everyDirectiveWithItsWords() {
        parse("mount proc /proc\nmount tmpfs /tmp none\nenv PATH=/bin:/sbin\nrun /bin/hostname zeptux\n"
                + "service /sbin/syslogd -n -O /dev/console\nconsole /bin/sh -l\n");
        assertEquals(List.of("mount proc|/proc", "mount tmpfs|/tmp|none", "env PATH=/bin:/sbin", "run /bin/hostname|zeptux",
                "service /sbin/syslogd|-n|-O|/dev/console", "console /bin/sh|-l"), all());
        assertEquals(List.of(), errors());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), List.of(config.line(0), config.line(1), config.line(2), config.line(3),
                config.line(4), config.line(5)));
    }

    @Test
    void blanksTabsCarriageReturnsCommentsAndQuotes() {
        parse("# a comment\n\n   \t\nrun\t/bin/echo  \"two words\" a\"b c\"d \"\"  # the rest is a comment\r\n"
                + "env MSG=\"hello, world\"\nrun /bin/echo #notanargument\nrun /bin/echo not#acomment");
        assertEquals(List.of("run /bin/echo|two words|ab cd|", "env MSG=hello, world", "run /bin/echo",
                "run /bin/echo|not#acomment"), all());
        assertEquals(List.of(), errors());
    }

    @Test
    void wrongLinesAreReportedAndLeftOutTheRestCount() {
        parse("start /bin/sh\nmount proc\nmount a b c d\nenv NOEQUALS\nenv =value\nenv A=1 B=2\nrun\nservice\n"
                + "console /bin/sh\nconsole /bin/ash\nrun /bin/echo \"unclosed\nrun /bin/true\nrun /bin/a\0b\n");
        assertEquals(List.of(
                "1: unknown directive (mount, env, run, service or console)",
                "2: mount takes TYPE DIR [SOURCE]",
                "3: mount takes TYPE DIR [SOURCE]",
                "4: env takes one NAME=VALUE",
                "5: env takes one NAME=VALUE",
                "6: env takes one NAME=VALUE",
                "7: a program's path is missing",
                "8: a program's path is missing",
                "10: a second console (there is one)",
                "11: a quote is not closed",
                "13: a NUL byte"), errors());
        assertEquals(List.of("console /bin/sh", "run /bin/true"), all());
        assertEquals(0, config.lostErrors());
    }

    @Test
    void limitsRefuseLinesNotTheParser() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < Config.MAX_DIRECTIVES + 3; i++) {
            many.append("run /bin/true ").append(i).append('\n');
        }
        parse(many.toString());
        assertEquals(Config.MAX_DIRECTIVES, config.directives());
        assertEquals(3, config.errors());
        assertEquals(Config.MAX_DIRECTIVES + 1 + ": too many directives in the file", errors().get(0));

        StringBuilder args = new StringBuilder("run /bin/echo");
        for (int i = 0; i < Config.MAX_ARGUMENTS; i++) {
            args.append(" x");
        }
        parse(args + "\nrun /bin/ok\n");
        assertEquals(List.of("1: too many arguments"), errors());
        assertEquals(List.of("run /bin/ok"), all());

        parse("run /bin/" + "x".repeat(Config.MAX_TEXT) + "\nrun /bin/ok\n");
        assertEquals(List.of("1: too much text in the file"), errors());
        assertEquals(List.of("run /bin/ok"), all(), "the text the refused line used is given back");

        StringBuilder wrong = new StringBuilder();
        for (int i = 0; i < Config.MAX_ERRORS + 5; i++) {
            wrong.append("oops\n");
        }
        parse(wrong.toString());
        assertEquals(Config.MAX_ERRORS, config.errors());
        assertEquals(5, config.lostErrors());
    }

    @Test
    void aSecondParseStartsAfresh() {
        parse("run /bin/a\noops\n");
        parse("run /bin/b\n");
        assertEquals(List.of("run /bin/b"), all());
        assertEquals(List.of(), errors());
        assertEquals(-1, config.next(Config.RUN, 1));
    }

    @Test
    void nextFindsDirectivesOfAKindInOrder() {
        parse("env A=1\nrun /bin/x\nenv B=2\n");
        assertEquals(0, config.next(Config.ENV, 0));
        assertEquals(2, config.next(Config.ENV, 1));
        assertEquals(-1, config.next(Config.ENV, 3));
        assertEquals(-1, config.next(Config.CONSOLE, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> config.word(1, 1));
    }

    @Test
    void theDefaultsAndTheShippedFileParseCleanly() throws Exception {
        parse(Init.DEFAULTS);
        assertEquals(List.of("mount proc|/proc", "mount devtmpfs|/dev", "console /bin/sh"), all());
        parse(Files.readString(Path.of("system/etc/init.conf")));     // the system image's (userland/ is the working directory)
        assertEquals(List.of(), errors());
        assertEquals(1, all().stream().filter(d -> d.startsWith("console ")).count(), all().toString());
    }
}
