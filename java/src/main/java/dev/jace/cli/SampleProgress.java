package dev.jace.cli;

import java.util.Locale;

/**
 * How far a pass over {@code total} samples, begun at {@code startNanos}, has got, with the time left at its own pace
 * so far, e.g. "evaluating test 1500/3000 samples ETA 0:12".
 */
record SampleProgress(String what, int total, long startNanos) {

    /** The text once {@code done} samples are through at {@code nowNanos}; no ETA before the first. */
    String text(int done, long nowNanos) {
        String count = what + " " + done + "/" + total + " samples";
        if (done == 0) {
            return count;
        }
        double perSample = (nowNanos - startNanos) / 1e9 / done;
        return count + " ETA " + eta(Math.round(perSample * (total - done)));
    }

    /** {@code seconds} as m:ss. */
    static String eta(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
