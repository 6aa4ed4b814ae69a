package dev.jace.backend.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips GPU tests with the probe's reason, printed once to stdout so CI logs show why. */
public final class GpuAssumptions {

    private static CudaProbe probe;

    private GpuAssumptions() {
    }

    public static synchronized void assumeCuda() {
        if (probe == null) {
            probe = CudaBackend.probe();
            System.out.println(probe.available() ? "[jace gpu tests] running on " + probe.summary()
                    : "[jace gpu tests skipped] " + probe.summary());
        }
        CudaProbe p = probe;
        Assumptions.assumeTrue(p.available(), () -> "no usable CUDA: " + p.summary());
    }

    /**
     * Side of the square matmuls tests enqueue to keep the stream busy: 2048 on a GPU (some milliseconds), 64 on
     * jace's CPU emulator (native/emu), which runs each operation as it is enqueued, so there is no queue to fill.
     */
    static int busyMatmulSide() {
        return emulated() ? 64 : 2048;
    }

    /** Whether the CUDA tests run on jace's CPU emulator (native/emu) rather than a GPU; skips without CUDA. */
    public static synchronized boolean emulated() {
        assumeCuda();
        return probe.summary().contains(CudaProbe.EMULATOR_DEVICE);
    }
}
