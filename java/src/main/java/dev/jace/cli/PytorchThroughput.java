package dev.jace.cli;

import dev.jace.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code bench/pytorch/p4cnn.py throughput --json FILE}: PyTorch's median images/s taking jace's ace
 * training step on the p4 CNN.
 *
 * @param device       {@code cuda} or {@code cpu}
 * @param deviceName   the GPU (or CPU) torch named, null where absent
 * @param precision    {@code fp32}, {@code tf32} or {@code bf16}
 * @param probeSamples the samples of each batch the deviation probe ran on, null where absent (older drivers)
 * @param torch        torch's version, null where absent
 * @param date         when the run ended (ISO 8601, UTC), null where absent
 * @param tf32Allowed  those of {@link #TF32_FLAGS} the run recorded true (TF32 allowed in cuDNN or cuBLAS matmuls)
 */
record PytorchThroughput(String device, String deviceName, String precision, String group, int batch,
                         Integer probeSamples, double medianImagesPerSecond, String torch, String date,
                         List<String> tf32Allowed) {

    /** The torch.backends settings p4cnn.py records on CUDA that let fp32 convolutions and matmuls run in TF32. */
    static final List<String> TF32_FLAGS = List.of("cudnn_allow_tf32", "cuda_matmul_allow_tf32");

    PytorchThroughput {
        tf32Allowed = List.copyOf(tf32Allowed);
    }

    /** Reads {@code file}, the file of the {@code slot} precision's run ({@link GpuResults#pytorchFile}). */
    static PytorchThroughput read(Path file, String slot) throws IOException {
        JsonFields doc = JsonFields.readObject(file);
        double median = doc.number("median_images_per_s");
        if (!(median > 0)) {
            throw doc.problem("median_images_per_s should be positive, found " + median);
        }
        String precision = doc.string("precision");
        if (!precision.equals(slot)) {
            throw doc.problem("precision is " + precision + ", but " + GpuResults.pytorchFile(slot) + " is the "
                    + slot + " run's file: write it with p4cnn.py throughput --precision " + slot
                    + (GpuResults.PYTORCH_PRECISIONS.contains(precision) ? ", or name it "
                    + GpuResults.pytorchFile(precision) : " (gpu-report compares PyTorch's "
                    + String.join(" and ", GpuResults.PYTORCH_PRECISIONS) + " runs only)"));
        }
        List<String> tf32Allowed = new ArrayList<>();
        for (String flag : TF32_FLAGS) {
            if (Boolean.TRUE.equals(doc.boolOrNull(flag))) {
                tf32Allowed.add(flag);
            }
        }
        return new PytorchThroughput(doc.string("device"), doc.stringOrNull("device_name"), precision,
                doc.string("group"), count(doc, "batch"),
                doc.has("probe_samples") ? count(doc, "probe_samples") : null, median,
                doc.stringOrNull("torch"), doc.stringOrNull("date"), tf32Allowed);
    }

    /** A field that counts something: a whole number, at least 1. */
    private static int count(JsonFields doc, String key) throws FileFormatException {
        double value = doc.number(key);
        boolean whole = value == Math.rint(value) && Math.abs(value) < Integer.MAX_VALUE;
        if (!whole || value < 1) {
            throw doc.problem(key + " should be a whole number >= 1, found "
                    + (whole ? String.valueOf((long) value) : String.valueOf(value)));
        }
        return (int) value;
    }
}
