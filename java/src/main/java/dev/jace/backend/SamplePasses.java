package dev.jace.backend;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.Arrays;

/**
 * Host samples uploaded a bounded number at a time, for work whose memory grows with the samples it sees at once: a
 * forward pass holds every layer's activations for its whole batch.
 */
public final class SamplePasses {

    /** What one pass does with {@code x}, the samples from {@code start} on. */
    @FunctionalInterface
    public interface Pass {
        void run(int start, Tensor x);
    }

    private SamplePasses() {
    }

    /**
     * Uploads the samples of {@code inputs} ({@code batchShape}: [N, ...]) in order, at most {@code samplesPerPass}
     * at a time, hands each upload to {@code pass} and closes it.
     */
    public static void forEach(Backend backend, float[] inputs, Shape batchShape, int samplesPerPass, Pass pass) {
        if (samplesPerPass < 1) {
            throw new IllegalArgumentException("samples per pass must be at least 1, got " + samplesPerPass);
        }
        int samples = batchShape.dim(0);
        int perSample = batchShape.sizeFrom(1);
        int[] passDims = batchShape.dims();
        for (int start = 0; start < samples; start += samplesPerPass) {
            int count = Math.min(samplesPerPass, samples - start);
            passDims[0] = count;
            try (Tensor x = backend.upload(Arrays.copyOfRange(inputs, start * perSample, (start + count) * perSample),
                    Shape.of(passDims))) {
                pass.run(start, x);
            }
        }
    }
}
