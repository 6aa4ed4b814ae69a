package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Convolution through libjace's implicit-GEMM kernels (jace_conv2d_*); square filters only. */
final class KernelConv implements ConvEngine {

    private final CudaStream stream;
    private final int precision;
    /** Why cuDNN is not in use, for {@link #description()}. */
    private final String reason;

    KernelConv(CudaStream stream, int jacePrecision, String reason) {
        this.stream = stream;
        this.precision = jacePrecision;
        this.reason = reason;
    }

    @Override
    public void forward(MemorySegment x, MemorySegment w, MemorySegment y, ConvGeometry g) {
        try (Arena arena = Arena.ofConfined()) {
            Jace.check("jace_conv2d_forward",
                    jace_h.jace_conv2d_forward(x, w, y, g.toNative(arena), precision, stream.handle()));
        }
    }

    @Override
    public void backwardData(MemorySegment dy, MemorySegment w, MemorySegment dx, ConvGeometry g) {
        try (Arena arena = Arena.ofConfined()) {
            Jace.check("jace_conv2d_backward_data",
                    jace_h.jace_conv2d_backward_data(dy, w, dx, g.toNative(arena), precision, stream.handle()));
        }
    }

    @Override
    public void backwardFilter(MemorySegment x, MemorySegment dy, MemorySegment dw, ConvGeometry g) {
        try (Arena arena = Arena.ofConfined()) {
            Jace.check("jace_conv2d_backward_filter",
                    jace_h.jace_conv2d_backward_filter(x, dy, dw, g.toNative(arena), precision, stream.handle()));
        }
    }

    @Override
    public void checkSupported(String op, ConvGeometry g) {
        if (!g.isSquare()) {
            throw new UnsupportedOperationException(op + ": libjace's convolution kernels take square filters"
                    + " only, got " + g.kh() + "x" + g.kw() + " (cuDNN is not in use on this backend)");
        }
    }

    @Override
    public String description() {
        return "jace conv kernels (" + reason + ")";
    }

    @Override
    public void close() {
    }
}
