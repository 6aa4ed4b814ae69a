package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * cuDNN's BF16 convolutions on jace's float tensors. cuDNN reads and writes bfloat16-stored tensors at BF16, so each
 * call rounds its two inputs to bfloat16 in scratch memory (jace_to_bf16: to nearest even, as jace's own BF16 kernels
 * round their operands), runs cuDNN into a bfloat16 scratch output, and widens that into the float output
 * (jace_from_bf16). The output is therefore rounded to bfloat16 as well, as where a framework stores bfloat16
 * activations (PyTorch's autocast); jace's own BF16 kernels write float32. Each call's time includes the conversions:
 * every input element read as a float and written as a bfloat16 once more, every output element the other way, which
 * a framework that already stores bfloat16 does not pay.
 */
final class Bf16CudnnConv implements ConvEngine {

    private static final long BF16_BYTES = 2;
    private static final long ALIGNMENT = 256;

    private final CudnnConv cudnn;
    private final DeviceAllocator allocator;
    private final CudaStream stream;

    /** Stages the operands of {@code cudnn}, which must run at BF16, and closes it on close. */
    Bf16CudnnConv(CudnnConv cudnn, DeviceAllocator allocator, CudaStream stream) {
        this.cudnn = cudnn;
        this.allocator = allocator;
        this.stream = stream;
    }

    private interface Bf16Call {
        void run(MemorySegment a, MemorySegment b, MemorySegment out);
    }

    @Override
    public void forward(MemorySegment x, MemorySegment w, MemorySegment y, ConvGeometry g) {
        staged(x, inputElements(g), w, filterElements(g), y, outputElements(g), (a, b, out) -> cudnn.forward(a, b,
                out, g));
    }

    @Override
    public void backwardData(MemorySegment dy, MemorySegment w, MemorySegment dx, ConvGeometry g) {
        staged(dy, outputElements(g), w, filterElements(g), dx, inputElements(g), (a, b, out) -> cudnn.backwardData(a,
                b, out, g));
    }

    @Override
    public void backwardFilter(MemorySegment x, MemorySegment dy, MemorySegment dw, ConvGeometry g) {
        staged(x, inputElements(g), dy, outputElements(g), dw, filterElements(g), (a, b, out) -> cudnn.backwardFilter(
                a, b, out, g));
    }

    private static long inputElements(ConvGeometry g) {
        return (long) g.n() * g.cin() * g.h() * g.w();
    }

    private static long filterElements(ConvGeometry g) {
        return (long) g.cout() * g.cin() * g.kh() * g.kw();
    }

    private static long outputElements(ConvGeometry g) {
        return (long) g.n() * g.cout() * g.outH() * g.outW();
    }

    /**
     * out (floats) = call(a, b) run on bfloat16 copies of a and b, its bfloat16 result widened into out. The three
     * bfloat16 buffers are parts of one scratch block, each starting 256-byte aligned as jace_malloc's blocks do.
     */
    private void staged(MemorySegment a, long aCount, MemorySegment b, long bCount, MemorySegment out, long outCount,
                        Bf16Call call) {
        long bAt = aligned(aCount * BF16_BYTES);
        long outAt = bAt + aligned(bCount * BF16_BYTES);
        DeviceAllocator.Block scratch = allocator.allocateScratch(outAt + outCount * BF16_BYTES);
        try {
            MemorySegment base = scratch.segment();
            MemorySegment a16 = base.asSlice(0, aCount * BF16_BYTES);
            MemorySegment b16 = base.asSlice(bAt, bCount * BF16_BYTES);
            MemorySegment out16 = base.asSlice(outAt, outCount * BF16_BYTES);
            Jace.check("jace_to_bf16", jace_h.jace_to_bf16(a, a16, aCount, stream.handle()));
            Jace.check("jace_to_bf16", jace_h.jace_to_bf16(b, b16, bCount, stream.handle()));
            call.run(a16, b16, out16);
            Jace.check("jace_from_bf16", jace_h.jace_from_bf16(out16, out, outCount, stream.handle()));
        } finally {
            allocator.release(scratch);
        }
    }

    private static long aligned(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    @Override
    public String description() {
        return cudnn.description() + " (BF16: operands rounded to bfloat16 by libjace, output widened back)";
    }

    @Override
    public List<String> choices() {
        return cudnn.choices();
    }

    @Override
    public void checkSupported(String op, ConvGeometry g) {
        cudnn.checkSupported(op, g);
    }

    @Override
    public void close() {
        cudnn.close();
    }
}
