package dev.jace.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * A pass over {@code total} samples, begun at {@code startNanos}, and the time it has left at its own pace so far.
 */
record SampleProgress(String what, int total, long startNanos) {

    /** The time left as m:ss once {@code done} samples are through at {@code nowNanos}; none before the first. */
    Optional<String> eta(int done, long nowNanos) {
        if (done == 0) {
            return Optional.empty();
        }
        double perSample = (nowNanos - startNanos) / 1e9 / done;
        return Optional.of(eta(Math.round(perSample * (total - done))));
    }

    /** {@code seconds} as m:ss. */
    static String eta(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
