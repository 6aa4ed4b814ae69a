package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;

/**
 * {@link GroupConvolution} as a plain convolution: the filter bank is expanded to [Cout·|G|, Cin, k, k] (lifting)
 * or [Cout·|G|, Cin·|G|, k, k] (group), which turns x [N, Cin(, |G|), H, W] and y [N, Cout, |G|, H', W'] into plain
 * [N, C, H, W] tensors with the same memory; the filter gradient goes back through the expansion's adjoint. The
 * expanded filter lives in a block of the caching allocator for the duration of the call.
 */
final class ExpandedGroupConv implements GroupConvolution {

    private final ConvEngine conv;
    private final DeviceAllocator allocator;
    private final CudaStream stream;

    ExpandedGroupConv(ConvEngine conv, DeviceAllocator allocator, CudaStream stream) {
        this.conv = conv;
        this.allocator = allocator;
        this.stream = stream;
    }

    /** The plain geometry the expanded filter bank convolves with. */
    static ConvGeometry plain(GroupConvOp op, int order, ConvGeometry g) {
        return op.lifting ? g.withChannels(g.cin(), g.cout() * order)
                : g.withChannels(g.cin() * order, g.cout() * order);
    }

    @Override
    public void run(GroupConvOp op, MemorySegment a, MemorySegment b, MemorySegment out, MemorySegment group,
                    int order, ConvGeometry g) {
        ConvGeometry plain = plain(op, order, g);
        conv.checkSupported(op.name(), plain);
        long bytes = (long) plain.cout() * plain.cin() * plain.kh() * plain.kw() * Float.BYTES;
        DeviceAllocator.Block block = allocator.allocateScratch(bytes);
        MemorySegment filter = block.segment();
        try {
            switch (op.direction) {
                case FORWARD -> {
                    expand(op, b, filter, group, g);
                    conv.forward(a, filter, out, plain);
                }
                case BACKWARD_DATA -> {
                    expand(op, b, filter, group, g);
                    conv.backwardData(a, filter, out, plain);
                }
                case BACKWARD_FILTER -> {
                    conv.backwardFilter(a, b, filter, plain);
                    adjoint(op, filter, out, group, g);
                }
            }
        } finally {
            allocator.release(block);
        }
    }

    private void expand(GroupConvOp op, MemorySegment w, MemorySegment filter, MemorySegment group, ConvGeometry g) {
        if (op.lifting) {
            Jace.check("jace_expand_lifting_filter", jace_h.jace_expand_lifting_filter(w, filter, group, g.cout(),
                    g.cin(), g.kh(), stream.handle()));
        } else {
            Jace.check("jace_expand_group_filter", jace_h.jace_expand_group_filter(w, filter, group, g.cout(),
                    g.cin(), g.kh(), stream.handle()));
        }
    }

    private void adjoint(GroupConvOp op, MemorySegment filter, MemorySegment dw, MemorySegment group,
                         ConvGeometry g) {
        if (op.lifting) {
            Jace.check("jace_expand_lifting_filter_adjoint", jace_h.jace_expand_lifting_filter_adjoint(filter, dw,
                    group, g.cout(), g.cin(), g.kh(), stream.handle()));
        } else {
            Jace.check("jace_expand_group_filter_adjoint", jace_h.jace_expand_group_filter_adjoint(filter, dw,
                    group, g.cout(), g.cin(), g.kh(), stream.handle()));
        }
    }
}
