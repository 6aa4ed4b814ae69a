package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timings of {@code native/examples/launch_overhead} (the device check's c-launch_overhead step): µs per
 * {@code jace_noop} launched from C, the same launches FfmOverheadBench makes through FFM, so that the difference is
 * FFM's own share. Other lines are skipped; a figure whose line is missing (the program failed or was stopped) is
 * empty.
 *
 * @param file            the log's file name
 * @param burst           µs per launch in bursts of {@code burstSize} between drains (the host's cost)
 * @param burstSize       launches per burst, 0 without {@code burst}
 * @param enqueue         µs per launch, enqueue only (the sustained launch rate)
 * @param withSynchronize µs per launch followed by {@code jace_stream_synchronize}
 */
record CLaunchTiming(String file, Optional<Double> burst, int burstSize, Optional<Double> enqueue,
                     Optional<Double> withSynchronize) {

    private static final String MICROSECONDS = ": (\\d+(?:\\.\\d*)?) us per jace_noop\\b.*";
    private static final Pattern BURST = Pattern.compile("launch from C, bursts of (\\d{1,9})" + MICROSECONDS);
    private static final Pattern ENQUEUE = Pattern.compile("launch from C, enqueue only" + MICROSECONDS);
    private static final Pattern SYNCHRONIZE = Pattern.compile("launch from C \\+ synchronize" + MICROSECONDS);

    static CLaunchTiming read(Path log) throws IOException {
        Optional<Double> burst = Optional.empty();
        int burstSize = 0;
        Optional<Double> enqueue = Optional.empty();
        Optional<Double> withSynchronize = Optional.empty();
        for (String line : StepLogs.lines(log)) {
            Matcher b = BURST.matcher(line);
            Matcher e = ENQUEUE.matcher(line);
            Matcher s = SYNCHRONIZE.matcher(line);
            if (b.matches()) {
                burstSize = Integer.parseInt(b.group(1));
                burst = Optional.of(Double.parseDouble(b.group(2)));
            } else if (e.matches()) {
                enqueue = Optional.of(Double.parseDouble(e.group(1)));
            } else if (s.matches()) {
                withSynchronize = Optional.of(Double.parseDouble(s.group(1)));
            }
        }
        return new CLaunchTiming(log.getFileName().toString(), burst, burstSize, enqueue, withSynchronize);
    }
}
