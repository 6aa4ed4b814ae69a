package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one warm training step asked of the backend, as {@code dev.jace.bench.StepTraffic} prints it (the device
 * check's step-traffic steps, one per step mode): the mean number of calls per step of each {@code Backend} op, and
 * the host's waits for its reads.
 *
 * @param file     the log's file name
 * @param backend  the backend's name from the log's first line, empty without a complete table
 * @param calls    mean calls per warm step by op; an op the step never called is absent
 * @param complete whether the log has the whole calls table; without it (StepTraffic failed or was stopped) the
 *                 counts are empty
 * @param waits    the host waits per warm step, empty where the log has no whole host-wait table (StepTraffic from
 *                 before it counted them, or stopped before it printed them)
 * @param predatesWaits whether the log is whole but of a StepTraffic from before it counted the waits: it ends as those
 *                 did, with no host-wait table
 */
record StepTrafficLog(String file, String backend, Map<String, Double> calls, boolean complete,
                      Optional<Waits> waits, boolean predatesWaits) {

    /** The calls a steady-state captured step should not make: each waits for the device or allocates. */
    static final List<String> HOST_BOUND = List.of("download", "upload", "synchronize", "allocate");

    /**
     * The host's waits for a read (the first {@code get()} of a {@code readLater}) per warm step.
     *
     * @param roundTrips waits with no device work queued behind the read: the host waits for the step it has just
     *                   enqueued while the device runs dry, and enqueues the next step only after it
     * @param overlapped waits for a read with later device work queued behind it (the step before the one just
     *                   enqueued), which the device runs meanwhile
     */
    record Waits(double roundTrips, double overlapped) {
    }

    private static final Pattern HEADER = Pattern.compile("backend calls per warm ace step \\((.*), \\w+, batch \\d+, "
            + ".*; mean of \\d+ steps\\)");
    private static final Pattern CALLS = Pattern.compile(" *(\\d+(?:\\.\\d*)?) +\\d+(?:\\.\\d*)? ms  (\\w+)");
    /** The line after the calls table: a log without it was cut short within the table. */
    private static final String AFTER_CALLS = "host transfers and allocations, by the jace line that made them";
    /** How the host-wait table's first line begins. */
    private static final String WAITS = "host waits per warm step";
    /** How the last part of a whole log began before StepTraffic counted the waits: the graph modes', the eager one's. */
    private static final List<String> OLD_ENDINGS = List.of("(a replayed step's kernels",
            "host transfers before | after");

    StepTrafficLog {
        calls = Collections.unmodifiableMap(new TreeMap<>(calls));
    }

    static StepTrafficLog read(Path log) throws IOException {
        String backend = null;
        Map<String, Double> calls = new TreeMap<>();
        boolean complete = false;
        Map<String, Double> waits = null;
        boolean oldEnding = false;
        for (String line : StepLogs.lines(log)) {
            Matcher header = HEADER.matcher(line);
            Matcher count = CALLS.matcher(line);
            if (!complete && header.matches()) {
                backend = header.group(1);
                calls.clear();
            } else if (backend != null && !complete && count.matches()) {
                calls.put(count.group(2), Double.parseDouble(count.group(1)));
            } else if (backend != null && !complete && line.equals(AFTER_CALLS)) {
                complete = true;
            } else if (complete && line.startsWith(WAITS)) {
                waits = new TreeMap<>();
            } else if (waits != null && count.matches()) {
                waits.put(count.group(2), Double.parseDouble(count.group(1)));
            } else if (complete && waits == null && OLD_ENDINGS.stream().anyMatch(line::startsWith)) {
                oldEnding = true;
            }
        }
        if (!complete) {
            return new StepTrafficLog(log.getFileName().toString(), "", Map.of(), false, Optional.empty(), false);
        }
        Optional<Waits> counted = waits != null && waits.containsKey("roundTrip") && waits.containsKey("overlapped")
                ? Optional.of(new Waits(waits.get("roundTrip"), waits.get("overlapped"))) : Optional.empty();
        return new StepTrafficLog(log.getFileName().toString(), backend, calls, true, counted, oldEnding);
    }

    /** Mean calls per step of {@code op}, 0 where the step made none. */
    double perStep(String op) {
        return calls.getOrDefault(op, 0.0);
    }

    /**
     * {@code 4 download, 0 upload, 0 synchronize, 3 allocate, 4 round-trip waits}: the {@link #HOST_BOUND} calls and
     * the round-trip waits per step.
     */
    String hostBound() {
        List<String> parts = new ArrayList<>(HOST_BOUND.stream()
                .map(op -> Figures.significant(perStep(op), 3) + " " + op).toList());
        parts.add(waits.map(w -> Figures.significant(w.roundTrips(), 3) + " round-trip waits")
                .orElse("round-trip waits not counted"));
        return String.join(", ", parts);
    }

    /** Whether the step made none of the {@link #HOST_BOUND} calls. */
    boolean staysOnDevice() {
        return HOST_BOUND.stream().allMatch(op -> perStep(op) == 0);
    }

    /** Mean round-trip waits per step, 0 where none were counted. */
    double roundTrips() {
        return waits.map(Waits::roundTrips).orElse(0.0);
    }
}
