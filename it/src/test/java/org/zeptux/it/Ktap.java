package org.zeptux.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A KTAP version 1 report (the subset the kernel's runner writes): the plan and one result per test. */
record Ktap(int planned, List<Result> results) {
    /** One test's line, with the diagnostic lines printed before it. */
    record Result(int number, String name, boolean ok, String directive, List<String> diagnostics) {
        boolean skipped() {
            return directive != null && directive.startsWith("SKIP");
        }
    }

    private static final Pattern RESULT = Pattern.compile("^(ok|not ok) (\\d+) ([^#]*?)(?: # (.*))?$");
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");

    /** Parses the serial output from the "KTAP version 1" line on; fails if there is none or no plan. */
    static Ktap parse(String output) {
        int start = output.indexOf("KTAP version 1\n");
        if (start < 0) {
            throw new IllegalArgumentException("no 'KTAP version 1' line");
        }
        int planned = -1;
        List<Result> results = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        for (String line : output.substring(start).split("\n")) {
            Matcher plan = PLAN.matcher(line);
            Matcher result = RESULT.matcher(line);
            if (planned < 0 && plan.matches()) {
                planned = Integer.parseInt(plan.group(1));
            } else if (result.matches()) {
                results.add(new Result(Integer.parseInt(result.group(2)), result.group(3).strip(),
                        result.group(1).equals("ok"), result.group(4), List.copyOf(diagnostics)));
                diagnostics.clear();
            } else if (line.strip().startsWith("#")) {
                diagnostics.add(line.strip());
            }
        }
        if (planned < 0) {
            throw new IllegalArgumentException("no plan line (1..N)");
        }
        return new Ktap(planned, List.copyOf(results));
    }
}
