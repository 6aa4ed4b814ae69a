package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code nvidia-smi --query-gpu=timestamp,name,driver_version,… --format=csv} printed in the device check's gpu
 * step: its header names the fields ({@code memory.total [MiB]}), the next line holds the first GPU's values. The
 * driver version is the driver's own (580.65.06); the {@code CUDA driver 13.0} a CUDA probe reports is the CUDA
 * version that driver supports.
 *
 * @param file   the log's file name
 * @param fields the first GPU's values by field name, units dropped from the names, in the query's order; empty where
 *               the log has no header with {@code driver_version} followed by a line of as many values
 */
record NvidiaSmiQuery(String file, Map<String, String> fields) {

    private static final String SEPARATOR = ", ";
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2}) .*");

    NvidiaSmiQuery {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    static NvidiaSmiQuery read(Path log) throws IOException {
        List<String> lines = StepLogs.lines(log);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < lines.size() && fields.isEmpty(); i++) {
            List<String> names = List.of(lines.get(i).split(SEPARATOR, -1));
            List<String> values = List.of(lines.get(i + 1).split(SEPARATOR, -1));
            if (names.contains("driver_version") && values.size() == names.size()) {
                for (int f = 0; f < names.size(); f++) {
                    fields.put(names.get(f).replaceFirst(" \\[.*]$", ""), values.get(f).strip());
                }
            }
        }
        return new NvidiaSmiQuery(log.getFileName().toString(), fields);
    }

    Optional<String> driver() {
        return Optional.ofNullable(fields.get("driver_version"));
    }

    /** The day of the query, {@code 2026-12-02}, from its {@code timestamp} field ({@code 2026/12/02 10:15:00.123}). */
    Optional<String> date() {
        Matcher m = TIMESTAMP.matcher(fields.getOrDefault("timestamp", ""));
        return m.matches() ? Optional.of(m.group(1) + "-" + m.group(2) + "-" + m.group(3)) : Optional.empty();
    }
}
