package dev.jace.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device's ceilings from the JMH scores of {@code CublasGemmBench}, {@code DeviceCopyBench} and
 * {@code FfmOverheadBench} (CUDA entries only), each converted with the work its benchmark documents: a GEMM does
 * {@link Workloads#gemmFlops} = 2n³ FLOP, a copy of M MiB moves {@link Workloads#copyBytes} = 2·M·2²⁰ bytes (read +
 * write). Where a benchmark ran at several sizes the largest counts (a small copy may sit in L2). A ceiling the file
 * lacks (its benchmark failed or was cut short) is absent.
 *
 * @param gemm          TFLOP/s per precision (FP32, TF32, BF16)
 * @param copy          GB/s of a device-to-device copy
 * @param launchBurst   µs per no-op kernel launch through FFM in bursts between drains (the host's cost)
 * @param launch        µs per no-op kernel launch through FFM, enqueue only (the sustained launch rate)
 * @param launchAndSync µs per no-op launch followed by a stream synchronisation
 * @param downcall      µs per trivial FFM downcall ({@code jace_version}), no GPU work
 */
record DeviceCeilings(Map<String, Ceiling> gemm, Optional<Ceiling> copy, Optional<Ceiling> launchBurst,
                      Optional<Ceiling> launch, Optional<Ceiling> launchAndSync, Optional<Ceiling> downcall) {

    /** One converted score: {@code value} in {@code unit}, from the JMH score {@code source}. */
    record Ceiling(String what, double value, String unit, JmhScore source) {
    }

    static final List<String> PRECISIONS = List.of("FP32", "TF32", "BF16");
    /** FfmOverheadBench.BURST and launch_overhead.c's BATCH: launches per burst between two drains. */
    static final int BURST = 32;

    DeviceCeilings {
        gemm = Map.copyOf(gemm);
    }

    /** The ceilings in {@code scores}; a size parameter that is not a positive whole number is an IAE. */
    static DeviceCeilings from(List<JmhScore> scores) {
        Map<String, Ceiling> gemm = new LinkedHashMap<>();
        for (String precision : PRECISIONS) {
            largest(scores.stream().filter(s -> s.is("CublasGemmBench.gemm") && precision.equals(s.param("precision"))
                    && s.param("size") != null).toList(), "size").ifPresent(s -> {
                        long n = whole(s, "size");
                        gemm.put(precision, new Ceiling("cuBLAS GEMM " + precision + ", n = " + n,
                                Workloads.gemmFlops(n, n, n) / s.secondsPerOp() / 1e12, "TFLOP/s", s));
                    });
        }
        Optional<Ceiling> copy = largest(scores.stream().filter(s -> s.is("DeviceCopyBench.copy")
                && !"cpu".equals(s.param("backend")) && s.param("mebibytes") != null).toList(), "mebibytes")
                .map(s -> {
                    long mebibytes = whole(s, "mebibytes");
                    return new Ceiling("device copy, " + mebibytes + " MiB (read + write)",
                            Workloads.copyBytes(mebibytes * (1L << 20) / Float.BYTES) / s.secondsPerOp() / 1e9,
                            "GB/s", s);
                });
        return new DeviceCeilings(gemm, copy,
                micros(scores, "FfmOverheadBench.noopLaunchBurst", "no-op kernel launch through FFM (bursts of "
                        + BURST + " between drains)"),
                micros(scores, "FfmOverheadBench.noopLaunch", "no-op kernel launch through FFM (enqueue only)"),
                micros(scores, "FfmOverheadBench.noopLaunchSync", "no-op kernel launch + stream synchronize"),
                micros(scores, "FfmOverheadBench.version", "FFM downcall alone (jace_version)"));
    }

    /** Every ceiling present, in the order the report lists them. */
    List<Ceiling> all() {
        List<Ceiling> all = new ArrayList<>();
        PRECISIONS.stream().filter(gemm::containsKey).map(gemm::get).forEach(all::add);
        for (Optional<Ceiling> c : List.of(copy, launchBurst, launch, launchAndSync, downcall)) {
            c.ifPresent(all::add);
        }
        return all;
    }

    private static Optional<JmhScore> largest(List<JmhScore> scores, String sizeParam) {
        return scores.stream().max(Comparator.comparingLong(s -> whole(s, sizeParam)));
    }

    /** A size parameter's value; one that is not a positive whole number is an {@link IllegalArgumentException}. */
    private static long whole(JmhScore score, String param) {
        String value = score.param(param);
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(score.shortName() + ": parameter " + param + " = \"" + value
                + "\" is not a positive whole number");
    }

    private static Optional<Ceiling> micros(List<JmhScore> scores, String benchmark, String what) {
        return scores.stream().filter(s -> s.is(benchmark)).findFirst()
                .map(s -> new Ceiling(what, s.secondsPerOp() * 1e6, "µs", s));
    }
}
