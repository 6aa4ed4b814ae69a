package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** {@link GroupConvolution} through libjace's direct jace_lifting_conv_* / jace_group_conv_* kernels. */
final class DirectGroupConv implements GroupConvolution {

    private final CudaStream stream;
    private final int precision;

    DirectGroupConv(CudaStream stream, int jacePrecision) {
        this.stream = stream;
        this.precision = jacePrecision;
    }

    @Override
    public void run(GroupConvOp op, MemorySegment a, MemorySegment b, MemorySegment out, MemorySegment group,
                    int order, ConvGeometry g) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment shape = g.toNative(arena);
            MemorySegment s = stream.handle();
            switch (op) {
                case LIFTING_FORWARD -> Jace.check("jace_lifting_conv_forward",
                        jace_h.jace_lifting_conv_forward(a, b, out, group, shape, precision, s));
                case LIFTING_BACKWARD_DATA -> Jace.check("jace_lifting_conv_backward_data",
                        jace_h.jace_lifting_conv_backward_data(a, b, out, group, shape, precision, s));
                case LIFTING_BACKWARD_FILTER -> Jace.check("jace_lifting_conv_backward_filter",
                        jace_h.jace_lifting_conv_backward_filter(a, b, out, group, shape, precision, s));
                case GROUP_FORWARD -> Jace.check("jace_group_conv_forward",
                        jace_h.jace_group_conv_forward(a, b, out, group, shape, precision, s));
                case GROUP_BACKWARD_DATA -> Jace.check("jace_group_conv_backward_data",
                        jace_h.jace_group_conv_backward_data(a, b, out, group, shape, precision, s));
                case GROUP_BACKWARD_FILTER -> Jace.check("jace_group_conv_backward_filter",
                        jace_h.jace_group_conv_backward_filter(a, b, out, group, shape, precision, s));
            }
        }
    }
}
