package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * An Nsight Compute run's log ({@code ncu --csv --page raw --print-units base …}): the profiled program's output,
 * ncu's {@code ==PROF==}, {@code ==WARNING==} and {@code ==ERROR==} lines and, where ncu could read the counters, its
 * CSV report: a header of quoted cells ({@code "ID","Process ID",…,"Kernel Name",…,"CC",} then one per metric), a
 * line of units, and one line per profiled kernel launch. A log may hold several such blocks (one per process); every
 * kernel line of each counts. Lines that are neither are skipped, as are CSV lines whose cells do not match their
 * header's (a line cut short).
 *
 * @param file        the log's file name
 * @param kernels     the profiled kernel launches, in the order ncu listed them (its ID order)
 * @param entryPoints the program's {@code profiled <what>} lines, without {@code profiled }, in order
 * @param errors      ncu's {@code ==ERROR==} lines
 * @param warnings    ncu's {@code ==WARNING==} lines
 */
record NcuProfile(String file, List<Kernel> kernels, List<String> entryPoints, List<String> errors,
                  List<String> warnings) {

    static final String DURATION = "gpu__time_duration.sum";
    static final String SM = "sm__throughput.avg.pct_of_peak_sustained_elapsed";
    static final String MEMORY = "gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed";
    /**
     * WarpStateStats' breakdown of the warp cycles between two issued instructions by what the warp waited for:
     * {@code smsp__average_warps_issue_stalled_REASON_per_issue_active.ratio}, one metric per reason.
     */
    static final String STALL_PREFIX = "smsp__average_warps_issue_stalled_";
    static final String STALL_SUFFIX = "_per_issue_active.ratio";
    /** WarpStateStats' total: the warp cycles between two issued instructions, the stalls' sum. */
    static final String LATENCY = "smsp__average_warp_latency_per_inst_issued.ratio";
    /** ComputeWorkloadAnalysis' issue slots busy: % of the cycles an SM's schedulers issued an instruction. */
    static final String ISSUE = "sm__inst_issued.avg.pct_of_peak_sustained_active";
    /** The shared-memory bank conflicts of loads and of stores, which the device check asks ncu-conv for. */
    static final List<String> SHARED_CONFLICTS = List.of("l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_ld.sum",
            "l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_st.sum");
    /** The shared-memory wavefronts of loads and of stores (a conflict adds one to its instruction's). */
    static final List<String> SHARED_WAVEFRONTS = List.of("l1tex__data_pipe_lsu_wavefronts_mem_shared_op_ld.sum",
            "l1tex__data_pipe_lsu_wavefronts_mem_shared_op_st.sum");
    /** Older ncu versions name DRAM throughput the first way, newer ones the second. */
    static final List<String> DRAM = List.of("dram__throughput.avg.pct_of_peak_sustained_elapsed",
            "gpu__dram_throughput.avg.pct_of_peak_sustained_elapsed");

    /** The cells before the metrics in ncu's raw CSV page. */
    private static final Set<String> LAUNCH_COLUMNS = Set.of("ID", "Process ID", "Process Name", "Host Name",
            "Kernel Name", "Context", "Stream", "Block Size", "Grid Size", "Device", "CC");

    /** One metric of one kernel as ncu printed it: {@code text} may be a number ({@code 1,234.5}), {@code n/a}, … */
    record Metric(String text, String unit) {

        /** The value, thousands separators dropped; empty where it is no finite number ({@code n/a}, 1e999). */
        OptionalDouble number() {
            String plain = text.replace(",", "").strip();
            if (!plain.matches("[-+]?\\d+(\\.\\d*)?([eE][-+]?\\d+)?")) {
                return OptionalDouble.empty();
            }
            double value = Double.parseDouble(plain);
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        }

        boolean isPercent() {
            return unit.equals("%");
        }
    }

    /** A reason warps waited ({@code barrier}, {@code long_scoreboard}, …), its warp cycles per issued instruction. */
    record Stall(String reason, double cycles) {
    }

    /**
     * One profiled kernel launch.
     *
     * @param blockSize as ncu prints it: {@code (256, 1, 1)}
     * @param metrics   metric name → value, in the CSV's column order
     */
    record Kernel(String id, String name, String blockSize, String gridSize, Map<String, Metric> metrics) {

        Kernel {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** gpu__time_duration.sum in µs; empty where absent, no number or in a unit that is no time. */
        OptionalDouble microseconds() {
            Metric duration = metrics.get(DURATION);
            if (duration == null || duration.number().isEmpty()) {
                return OptionalDouble.empty();
            }
            double value = duration.number().getAsDouble();
            return switch (duration.unit()) {
                case "nsecond", "ns" -> OptionalDouble.of(value / 1e3);
                case "usecond", "us" -> OptionalDouble.of(value);
                case "msecond", "ms" -> OptionalDouble.of(value * 1e3);
                case "second", "s" -> OptionalDouble.of(value * 1e6);
                default -> OptionalDouble.empty();
            };
        }

        /** A metric's number; empty where absent or no number. */
        OptionalDouble value(String metric) {
            Metric m = metrics.get(metric);
            return m == null ? OptionalDouble.empty() : m.number();
        }

        /**
         * The stall reasons that are numbers, most cycles first (ties by name); {@code selected}, the cycle of the
         * issue itself, left out. Empty without WarpStateStats.
         */
        List<Stall> stalls() {
            List<Stall> stalls = new ArrayList<>();
            metrics.forEach((name, metric) -> {
                if (name.startsWith(STALL_PREFIX) && name.endsWith(STALL_SUFFIX) && metric.number().isPresent()) {
                    String reason = name.substring(STALL_PREFIX.length(), name.length() - STALL_SUFFIX.length());
                    if (!reason.equals("selected")) {
                        stalls.add(new Stall(reason, metric.number().getAsDouble()));
                    }
                }
            });
            stalls.sort(Comparator.comparingDouble(Stall::cycles).reversed().thenComparing(Stall::reason));
            return stalls;
        }

        /**
         * The shared-memory wavefronts that bank conflicts added, in % of all of them (loads and stores); empty where
         * a counter is missing or no number, or the kernel had no shared-memory wavefront.
         */
        OptionalDouble sharedConflicts() {
            double conflicts = 0;
            double wavefronts = 0;
            for (int i = 0; i < SHARED_CONFLICTS.size(); i++) {
                OptionalDouble c = value(SHARED_CONFLICTS.get(i));
                OptionalDouble w = value(SHARED_WAVEFRONTS.get(i));
                if (c.isEmpty() || w.isEmpty()) {
                    return OptionalDouble.empty();
                }
                conflicts += c.getAsDouble();
                wavefronts += w.getAsDouble();
            }
            return wavefronts > 0 ? OptionalDouble.of(100 * conflicts / wavefronts) : OptionalDouble.empty();
        }

        /** DRAM throughput in % of peak, under either of its names. */
        OptionalDouble dram() {
            return DRAM.stream().map(this::value).filter(OptionalDouble::isPresent).findFirst()
                    .orElse(OptionalDouble.empty());
        }

        /**
         * The busiest tensor pipe: the highest of the % metrics whose name has {@code tensor} (ncu has one per pipe
         * and per way of counting it); empty where there is none.
         */
        OptionalDouble tensor() {
            return busiestTensorMetric().map(this::value).orElse(OptionalDouble.empty());
        }

        /** The name of the metric {@link #tensor} is, the first in name order of those at the highest value. */
        Optional<String> busiestTensorMetric() {
            return tensorMetrics(metrics).stream().filter(name -> value(name).isPresent())
                    .max(Comparator.comparingDouble((String name) -> value(name).getAsDouble())
                            .thenComparing(Comparator.reverseOrder()));
        }
    }

    NcuProfile {
        kernels = List.copyOf(kernels);
        entryPoints = List.copyOf(entryPoints);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    static NcuProfile read(Path log) throws IOException {
        List<Kernel> kernels = new ArrayList<>();
        List<String> entryPoints = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> header = null;
        List<String> units = null;
        for (String line : StepLogs.lines(log)) {
            if (line.startsWith("profiled ")) {
                entryPoints.add(line.substring("profiled ".length()).strip());
            } else if (line.startsWith("==ERROR==")) {
                errors.add(line.strip());
            } else if (line.startsWith("==WARNING==")) {
                warnings.add(line.strip());
            } else if (line.startsWith("\"")) {
                List<String> cells = cells(line.stripTrailing());
                if (cells == null) {
                    continue;
                }
                if (cells.getFirst().equals("ID") && cells.contains("Kernel Name")) {
                    header = cells;
                    units = null;
                } else if (header != null && cells.size() == header.size()) {
                    if (cells.getFirst().isEmpty()) {
                        units = cells;
                    } else if (cells.getFirst().matches("\\d+")) {
                        kernels.add(kernel(header, units, cells));
                    }
                }
            }
        }
        return new NcuProfile(log.getFileName().toString(), kernels, entryPoints, errors, warnings);
    }

    /** Whether any kernel has the issue slots' % (its profile had ComputeWorkloadAnalysis). */
    boolean hasIssue() {
        return kernels.stream().anyMatch(k -> k.value(ISSUE).isPresent());
    }

    /** Whether any kernel has the shared-memory bank conflicts' share. */
    boolean hasSharedConflicts() {
        return kernels.stream().anyMatch(k -> k.sharedConflicts().isPresent());
    }

    /** Whether any kernel has a stall reason that is a number (its profile had WarpStateStats). */
    boolean hasStalls() {
        return kernels.stream().anyMatch(k -> !k.stalls().isEmpty());
    }

    /** The names of the tensor-pipe % metrics any kernel has, sorted. */
    Set<String> tensorMetrics() {
        Set<String> names = new TreeSet<>();
        kernels.forEach(k -> names.addAll(tensorMetrics(k.metrics())));
        return names;
    }

    private static Set<String> tensorMetrics(Map<String, Metric> metrics) {
        Set<String> names = new TreeSet<>();
        metrics.forEach((name, metric) -> {
            if (name.contains("tensor") && metric.isPercent()) {
                names.add(name);
            }
        });
        return names;
    }

    private static Kernel kernel(List<String> header, List<String> units, List<String> cells) {
        Map<String, String> launch = new LinkedHashMap<>();
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (LAUNCH_COLUMNS.contains(column)) {
                launch.put(column, cells.get(i));
            } else if (!column.isEmpty()) {
                metrics.put(column, new Metric(cells.get(i), units == null ? "" : units.get(i)));
            }
        }
        return new Kernel(launch.get("ID"), launch.getOrDefault("Kernel Name", "?"),
                launch.getOrDefault("Block Size", "?"), launch.getOrDefault("Grid Size", "?"), metrics);
    }

    /**
     * The cells of one CSV line: quoted ({@code "a,b"}, {@code ""} for a quote inside) or not; null where the line is
     * malformed (a quote left open, text after a closing quote).
     */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder cell = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        return null;
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        cell.append(c);
                    } else if (i < line.length() && line.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    cell.append(line.charAt(i++));
                }
            }
            cells.add(cell.toString());
            if (i >= line.length()) {
                return cells;
            }
            if (line.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }
}
