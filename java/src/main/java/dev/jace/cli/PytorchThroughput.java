package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The result of {@code bench/pytorch/p4cnn.py throughput --json FILE}: PyTorch's median images/s taking jace's ace
 * training step on the p4 CNN.
 *
 * @param device     {@code cuda} or {@code cpu}
 * @param deviceName the GPU (or CPU) torch named, null where absent
 * @param precision  {@code fp32}, {@code tf32} or {@code bf16}
 * @param torch      torch's version, null where absent
 * @param date       when the run ended (ISO 8601, UTC), null where absent
 */
record PytorchThroughput(String device, String deviceName, String precision, String group, int batch,
                         double medianImagesPerSecond, String torch, String date) {

    static PytorchThroughput read(Path file) throws IOException {
        JsonFields doc = JsonFields.readObject(file);
        double median = doc.number("median_images_per_s");
        if (!(median > 0)) {
            throw doc.problem("median_images_per_s should be positive, found " + median);
        }
        return new PytorchThroughput(doc.string("device"), doc.stringOrNull("device_name"),
                doc.string("precision"), doc.string("group"), (int) doc.number("batch"), median,
                doc.stringOrNull("torch"), doc.stringOrNull("date"));
    }
}
