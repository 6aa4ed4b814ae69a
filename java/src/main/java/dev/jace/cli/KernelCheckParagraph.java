package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel check ({@link ConvKernelCheck}) as a Markdown paragraph before the conv-kernels timings: its checks and
 * failures, the mma.sync, wgmma and tma probes' outcomes, a run cut short or skipped, then its first FAIL lines and its
 * NOTE lines verbatim, so that a reader of the timings sees whether the kernels timed computed right results.
 */
final class KernelCheckParagraph {

    /** The FAIL lines shown; the rest are counted. */
    private static final int SHOWN_FAILURES = 10;

    private KernelCheckParagraph() {
    }

    /** The paragraph and its list, or nothing without the log. */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        results.convCheck().ifPresent(check -> {
            md.add(lead(check));
            md.add("");
            if (!check.failures().isEmpty() || !check.notes().isEmpty()) {
                check.failures().stream().limit(SHOWN_FAILURES).forEach(line -> md.add(bullet(line)));
                int more = check.failures().size() - SHOWN_FAILURES;
                if (more > 0) {
                    md.add("- and " + more + " more FAIL " + (more == 1 ? "line" : "lines"));
                }
                check.notes().forEach(line -> md.add(bullet(line)));
                md.add("");
            }
        });
        return md;
    }

    /**
     * {@code Kernel check (`04-conv-kernels.log`, `conv_gpu_check` against float64): 2292 checks, 0 failures; mma.sync
     * probe passed; wgmma probe passed.}, then where the log has them, which of its lines follow.
     */
    private static String lead(ConvKernelCheck check) {
        String lead = "Kernel check (`" + check.file() + "`, `conv_gpu_check` against float64): ";
        if (check.skipped().isPresent()) {
            return lead + "skipped, the log says: " + check.skipped().get() + ".";
        }
        lead += check.counts().map(c -> count(c.checks(), "check") + ", " + count(c.failures(), "failure"))
                .orElse("cut short, the log ends before its last line (the count of checks and failures)")
                + probe("mma.sync", check.mmaSyncProbe()) + probe("wgmma", check.probe())
                + probe("tma", check.tmaProbe()) + ".";
        List<String> kinds = new ArrayList<>();
        if (!check.failures().isEmpty()) {
            kinds.add("FAIL");
        }
        if (!check.notes().isEmpty()) {
            kinds.add("NOTE");
        }
        return kinds.isEmpty() ? lead : lead + " Its " + String.join(" and ", kinds) + " lines:";
    }

    /** {@code ; wgmma probe passed}, {@code ; tma probe FAILED}, or nothing where the probe did not run. */
    private static String probe(String which, ConvKernelCheck.Probe outcome) {
        return switch (outcome) {
            case PASSED -> "; " + which + " probe passed";
            case FAILED -> "; " + which + " probe FAILED";
            case NOT_RUN -> "";
        };
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** A log line as a list item, verbatim in a code span (its asterisks and underscores no Markdown). */
    private static String bullet(String line) {
        return "- `" + line + "`";
    }
}
