package org.zeptux.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KTAP version 1 report (the subset the kernel's runner writes): the plan, then one subtest
 * group per test class, each with its own header and plan, a result per test (named by its
 * method), and the group's result at the top level (named by the class).
 */
record Ktap(int planned, List<Group> groups) {
    /** One test's line, named {@code Class.method}, with the diagnostic lines printed before it. */
    record Result(int number, String name, boolean ok, String directive, List<String> diagnostics) {
        boolean skipped() {
            return directive != null && directive.startsWith("SKIP");
        }
    }

    /** One test class: its plan, its tests' results, and the result it reported for itself. */
    record Group(int number, String name, int planned, boolean ok, String directive, List<Result> results) {
        boolean skipped() {
            return directive != null && directive.startsWith("SKIP");
        }
    }

    /** Every test's result, group after group. */
    List<Result> results() {
        return groups.stream().flatMap(g -> g.results().stream()).toList();
    }

    private static final Pattern RESULT = Pattern.compile("^(ok|not ok) (\\d+) ([^#]*?)(?: # (.*))?$");
    private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");
    private static final String INDENT = "    ";

    /**
     * Parses the serial output from the first "KTAP version 1" line on; fails if there is none,
     * no plan, or a group without its header and plan.
     */
    static Ktap parse(String output) {
        int start = output.indexOf("KTAP version 1\n");
        if (start < 0) {
            throw new IllegalArgumentException("no 'KTAP version 1' line");
        }
        int planned = -1;
        int groupPlanned = -1;
        List<Group> groups = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        String[] lines = output.substring(start).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            boolean nested = line.startsWith(INDENT);
            String text = nested ? line.substring(INDENT.length()) : line;
            Matcher plan = PLAN.matcher(text);
            Matcher result = RESULT.matcher(text);
            if (nested && text.equals("KTAP version 1")) {
                groupPlanned = -1;
                results = new ArrayList<>();
                diagnostics.clear();
            } else if (plan.matches()) {
                if (nested) {
                    groupPlanned = Integer.parseInt(plan.group(1));
                } else if (planned < 0) {
                    planned = Integer.parseInt(plan.group(1));
                }
            } else if (result.matches() && !nested) {
                String name = result.group(3).strip();
                if (groupPlanned < 0) {
                    throw new IllegalArgumentException("group " + name + " has no KTAP header and plan");
                }
                for (int r = 0; r < results.size(); r++) {
                    Result leaf = results.get(r);
                    results.set(r, new Result(leaf.number(), name + "." + leaf.name(), leaf.ok(), leaf.directive(),
                            leaf.diagnostics()));
                }
                groups.add(new Group(Integer.parseInt(result.group(2)), name, groupPlanned, result.group(1).equals("ok"),
                        result.group(4), List.copyOf(results)));
                groupPlanned = -1;
                results = new ArrayList<>();
                diagnostics.clear();
            } else if (result.matches()) {
                results.add(new Result(Integer.parseInt(result.group(2)), result.group(3).strip(),
                        result.group(1).equals("ok"), result.group(4), List.copyOf(diagnostics)));
                diagnostics.clear();
            } else if (nested && text.startsWith("# Subtest: ")) {
                continue;
            } else if (text.strip().startsWith("#")) {
                diagnostics.add(text.strip());
            }
        }
        if (planned < 0) {
            throw new IllegalArgumentException("no plan line (1..N)");
        }
        return new Ktap(planned, List.copyOf(groups));
    }

    /**
     * What is wrong with the report's structure, or null: a group's plan, numbering or result
     * that disagrees with its tests (not ok exactly when one of them failed; SKIP exactly when
     * all were skipped), or groups numbered out of order.
     */
    String inconsistency() {
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            if (group.number() != g + 1) {
                return "group " + group.name() + " is numbered " + group.number() + ", expected " + (g + 1);
            }
            if (group.planned() != group.results().size()) {
                return "group " + group.name() + " planned " + group.planned() + " tests and reported "
                        + group.results().size();
            }
            for (int r = 0; r < group.results().size(); r++) {
                if (group.results().get(r).number() != r + 1) {
                    return "test " + group.results().get(r).name() + " is numbered " + group.results().get(r).number()
                            + ", expected " + (r + 1);
                }
            }
            boolean leavesOk = group.results().stream().allMatch(Result::ok);
            if (group.ok() != leavesOk) {
                return "group " + group.name() + " says " + (group.ok() ? "ok" : "not ok") + " but its tests "
                        + (leavesOk ? "all passed" : "did not all pass");
            }
            boolean allSkipped = group.results().stream().allMatch(Result::skipped);
            if (group.skipped() != allSkipped) {
                return "group " + group.name() + (group.skipped() ? " says SKIP but not all its tests were skipped"
                        : " does not say SKIP but all its tests were skipped");
            }
        }
        return null;
    }
}
