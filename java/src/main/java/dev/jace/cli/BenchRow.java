package dev.jace.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code jace bench}: an op timed {@code reps} times after a warm-up, with the work it does per call
 * (per step for a call that runs several training steps, see {@link #perStep}).
 *
 * @param work  FLOPs (unit GFLOP/s), bytes (unit GB/s) or images (unit img/s) per call, see {@link Workloads}
 * @param ratio for a lifting/group convolution, the EXPANDED baseline's median time over this row's (so the
 *              baseline row has 1 and a DIRECT row above 1 is faster than expanded); null for other ops
 */
record BenchRow(String backend, String op, String group, String shape, String precision, String algorithm,
                double medianMs, double minMs, double work, String unit, Double ratio) {

    /** Work per second at the median time, in {@link #unit}: GFLOP/s and GB/s count 1e9, img/s single images. */
    double rate() {
        double perSecond = work / (medianMs * 1e-3);
        return unit.equals("img/s") ? perSecond : perSecond / 1e9;
    }

    /** This row of a call that ran {@code steps} training steps as one step: its times and work over {@code steps}. */
    BenchRow perStep(int steps) {
        return new BenchRow(backend, op, group, shape, precision, algorithm, medianMs / steps, minMs / steps,
                work / steps, unit, ratio);
    }

    BenchRow withAlgorithm(String newAlgorithm) {
        return new BenchRow(backend, op, group, shape, precision, newAlgorithm, medianMs, minMs, work, unit, ratio);
    }

    BenchRow withRatio(Double newRatio) {
        return new BenchRow(backend, op, group, shape, precision, algorithm, medianMs, minMs, work, unit, newRatio);
    }

    /** Whether {@code other} times the same op on the same data (only the algorithm may differ). */
    boolean sameCase(BenchRow other) {
        return backend.equals(other.backend) && op.equals(other.op) && group.equals(other.group)
                && shape.equals(other.shape) && precision.equals(other.precision);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", backend);
        json.put("op", op);
        json.put("group", group);
        json.put("shape", shape);
        json.put("precision", precision);
        json.put("algorithm", algorithm);
        json.put("medianMs", medianMs);
        json.put("minMs", minMs);
        json.put("work", work);
        json.put("rate", rate());
        json.put("unit", unit);
        json.put("ratio", ratio);
        return json;
    }
}
