package dev.jace.cli;

import dev.jace.group.Groups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JMH's GroupConvBench on CUDA as the device check's {@code jmh-groupconv} step left it: one score per precision,
 * algorithm (DIRECT, EXPANDED), group, shape and pass, each a mean time per call that ends in a synchronize.
 *
 * @param from     the file the scores were read from: {@link GpuResults#JMH_GROUP_CONV}, or where JMH was stopped
 *                 before it wrote that, the step's log (the benchmarks it finished)
 * @param scores   the GroupConvBench scores on CUDA
 * @param backends per precision, the name of the backend its EXPANDED runs opened (which says their conv engine), from
 *                 the {@code workload:} lines the benchmark's setup prints into the step's log, as far as it has them
 */
record GroupConvRuns(String from, List<JmhScore> scores, Map<String, String> backends) {

    /** GroupConvBench's benchmark methods, in the report's order. */
    static final List<String> PASSES = List.of("forward", "backwardData", "backwardFilter");
    private static final String BENCHMARK = "GroupConvBench";
    /** {@code workload: 0.0924844 GFLOP per call (cuda:0 (NVIDIA H200, FP32; …; conv: cuDNN 9.19.0; …))}. */
    private static final Pattern WORKLOAD = Pattern.compile("workload: \\S+ GFLOP per call \\((.+)\\)$");

    /**
     * One case of the ratio: its DIRECT and EXPANDED scores in ms per call, null where not scored.
     *
     * @param group C4 or D4
     * @param shape {@code NxCINxCOUTxSIZExK}, as GroupConvBench's parameter
     * @param pass  one of {@link #PASSES}
     */
    record Row(String precision, String group, String shape, String pass, Double directMs, Double expandedMs) {

        /** EXPANDED's time over DIRECT's (above 1: DIRECT faster), or null without both. */
        Double ratio() {
            return directMs == null || expandedMs == null ? null : expandedMs / directMs;
        }

        /** TFLOP/s at {@code ms} per call, FLOPs by {@link Workloads#convFlops}. */
        double tflops(double ms) {
            return Workloads.convFlops(ConvShape.parse(shape), false, Groups.byName(group).order()) / (ms * 1e-3)
                    / 1e12;
        }

        /** {@code FP32 D4 128x128x128x7x3 backwardData}. */
        String name() {
            return precision + " " + group + " " + shape + " " + pass;
        }
    }

    GroupConvRuns {
        scores = List.copyOf(scores);
        backends = Map.copyOf(backends);
    }

    /**
     * The GroupConvBench CUDA scores of {@code scores} (read from {@code from}), with the EXPANDED backends named in
     * {@code log} where there is one.
     */
    static GroupConvRuns of(String from, List<JmhScore> scores, Optional<Path> log) throws IOException {
        List<JmhScore> ours = scores.stream().filter(s -> PASSES.stream().anyMatch(p -> s.is(BENCHMARK + "." + p))
                && "cuda".equals(s.param("backend"))).toList();
        return new GroupConvRuns(from, ours, log.isPresent() ? expandedBackends(log.get()) : Map.of());
    }

    /** Per precision, the backend named by the first {@code workload:} line after an EXPANDED run's parameters. */
    private static Map<String, String> expandedBackends(Path log) throws IOException {
        Map<String, String> backends = new LinkedHashMap<>();
        Map<String, String> params = Map.of();
        for (String line : StepLogs.lines(log)) {
            params = JmhScore.parameters(line).orElse(params);
            Matcher workload = WORKLOAD.matcher(line);
            // JMH prints "# Warmup Iteration 1: " before the setup runs, so the line may start with that.
            if (workload.find() && "EXPANDED".equals(params.get("algorithm")) && params.get("precision") != null) {
                backends.putIfAbsent(params.get("precision"), workload.group(1));
            }
        }
        return backends;
    }

    /** The precisions scored, in {@link DeviceCeilings#PRECISIONS} order. */
    List<String> precisions() {
        return DeviceCeilings.PRECISIONS.stream().filter(p -> scores.stream()
                .anyMatch(s -> p.equals(s.param("precision")))).toList();
    }

    /** Every case scored for {@code precision}: by group (C4, D4), shape (in the file's order) and pass. */
    List<Row> rows(String precision) {
        List<JmhScore> ofPrecision = scores.stream().filter(s -> precision.equals(s.param("precision"))).toList();
        Set<String> shapes = new LinkedHashSet<>();
        ofPrecision.forEach(s -> shapes.add(s.param("shape")));
        List<Row> rows = new ArrayList<>();
        for (String group : List.of("C4", "D4")) {
            for (String shape : shapes) {
                for (String pass : PASSES) {
                    Double direct = ms(ofPrecision, group, shape, pass, "DIRECT");
                    Double expanded = ms(ofPrecision, group, shape, pass, "EXPANDED");
                    if (direct != null || expanded != null) {
                        rows.add(new Row(precision, group, shape, pass, direct, expanded));
                    }
                }
            }
        }
        return rows;
    }

    private static Double ms(List<JmhScore> scores, String group, String shape, String pass, String algorithm) {
        return scores.stream().filter(s -> s.is(BENCHMARK + "." + pass) && group.equals(s.param("group"))
                && shape.equals(s.param("shape")) && algorithm.equals(s.param("algorithm")))
                .findFirst().map(s -> s.secondsPerOp() * 1e3).orElse(null);
    }
}
