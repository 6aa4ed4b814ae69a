package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one warm training step asked of the backend, as {@code dev.jace.bench.StepTraffic} prints it (the device
 * check's step-traffic steps, one per step mode): the mean number of calls per step of each {@code Backend} op.
 *
 * @param file     the log's file name
 * @param backend  the backend's name from the log's first line, empty without a complete table
 * @param calls    mean calls per warm step by op; an op the step never called is absent
 * @param complete whether the log has the whole calls table; without it (StepTraffic failed or was stopped) the
 *                 counts are empty
 */
record StepTrafficLog(String file, String backend, Map<String, Double> calls, boolean complete) {

    /** The calls a steady-state captured step should not make: each waits for the device or allocates. */
    static final List<String> HOST_BOUND = List.of("download", "upload", "synchronize", "allocate");

    private static final Pattern HEADER = Pattern.compile("backend calls per warm ace step \\((.*), \\w+, batch \\d+, "
            + ".*; mean of \\d+ steps\\)");
    private static final Pattern CALLS = Pattern.compile(" *(\\d+(?:\\.\\d*)?) +\\d+(?:\\.\\d*)? ms  (\\w+)");
    /** The line after the calls table: a log without it was cut short within the table. */
    private static final String AFTER_CALLS = "host transfers and allocations, by the jace line that made them";

    StepTrafficLog {
        calls = Collections.unmodifiableMap(new TreeMap<>(calls));
    }

    static StepTrafficLog read(Path log) throws IOException {
        String backend = null;
        Map<String, Double> calls = new TreeMap<>();
        for (String line : StepLogs.lines(log)) {
            Matcher header = HEADER.matcher(line);
            Matcher count = CALLS.matcher(line);
            if (header.matches()) {
                backend = header.group(1);
                calls.clear();
            } else if (backend != null && count.matches()) {
                calls.put(count.group(2), Double.parseDouble(count.group(1)));
            } else if (backend != null && line.equals(AFTER_CALLS)) {
                return new StepTrafficLog(log.getFileName().toString(), backend, calls, true);
            }
        }
        return new StepTrafficLog(log.getFileName().toString(), "", Map.of(), false);
    }

    /** Mean calls per step of {@code op}, 0 where the step made none. */
    double perStep(String op) {
        return calls.getOrDefault(op, 0.0);
    }

    /** {@code 4 download, 0 upload, 0 synchronize, 3 allocate}: the {@link #HOST_BOUND} calls per step. */
    String hostBound() {
        return String.join(", ", HOST_BOUND.stream().map(op -> Figures.significant(perStep(op), 3) + " " + op)
                .toList());
    }

    /** Whether the step made none of the {@link #HOST_BOUND} calls. */
    boolean staysOnDevice() {
        return HOST_BOUND.stream().allMatch(op -> perStep(op) == 0);
    }
}
