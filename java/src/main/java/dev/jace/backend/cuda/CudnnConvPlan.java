package dev.jace.backend.cuda;

import dev.jace.bindings.cudnn.cudnn_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * cuDNN descriptors of one convolution geometry (NCHW tensors of one data type, float32 or bfloat16, computed in
 * float32; cross-correlation, stride 1) and the algorithm chosen for each direction, found on first use (by a search,
 * or kept from this process's earlier one: see CudnnConv). Destroys its descriptors on close.
 */
final class CudnnConvPlan implements AutoCloseable {

    enum Direction { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

    /**
     * A chosen algorithm, the math type it was found with, and its workspace size; {@code fallback} where no
     * cudnnFind result qualified and the direction's fixed algorithm was taken; {@code starved} where some algorithm
     * could not allocate its memory in the search (which then may have missed a faster one).
     */
    record Algo(int algo, int mathType, long workspaceBytes, boolean fallback, boolean starved) {
    }

    final MemorySegment x;
    final MemorySegment w;
    final MemorySegment y;
    final MemorySegment conv;
    private final Map<Direction, Algo> algos = new EnumMap<>(Direction.class);
    private boolean closed;

    /** {@code dataType}: the tensors' cudnnDataType_t, CUDNN_DATA_FLOAT or CUDNN_DATA_BFLOAT16. */
    CudnnConvPlan(ConvGeometry g, int dataType, int mathType) {
        MemorySegment xd = null;
        MemorySegment wd = null;
        MemorySegment yd = null;
        MemorySegment cd = null;
        try {
            xd = create("cudnnCreateTensorDescriptor", cudnn_h::cudnnCreateTensorDescriptor);
            CudnnStatus.check("cudnnSetTensor4dDescriptor", cudnn_h.cudnnSetTensor4dDescriptor(xd,
                    cudnn_h.CUDNN_TENSOR_NCHW(), dataType, g.n(), g.cin(), g.h(), g.w()));
            wd = create("cudnnCreateFilterDescriptor", cudnn_h::cudnnCreateFilterDescriptor);
            CudnnStatus.check("cudnnSetFilter4dDescriptor", cudnn_h.cudnnSetFilter4dDescriptor(wd,
                    dataType, cudnn_h.CUDNN_TENSOR_NCHW(), g.cout(), g.cin(), g.kh(), g.kw()));
            yd = create("cudnnCreateTensorDescriptor", cudnn_h::cudnnCreateTensorDescriptor);
            CudnnStatus.check("cudnnSetTensor4dDescriptor", cudnn_h.cudnnSetTensor4dDescriptor(yd,
                    cudnn_h.CUDNN_TENSOR_NCHW(), dataType, g.n(), g.cout(), g.outH(), g.outW()));
            cd = create("cudnnCreateConvolutionDescriptor", cudnn_h::cudnnCreateConvolutionDescriptor);
            // Float32 compute for both data types: bfloat16 tensors so are cuDNN's PSEUDO_BFLOAT16_CONFIG.
            CudnnStatus.check("cudnnSetConvolution2dDescriptor", cudnn_h.cudnnSetConvolution2dDescriptor(cd,
                    g.padH(), g.padW(), 1, 1, 1, 1, cudnn_h.CUDNN_CROSS_CORRELATION(), cudnn_h.CUDNN_DATA_FLOAT()));
            CudnnStatus.check("cudnnSetConvolutionMathType", cudnn_h.cudnnSetConvolutionMathType(cd, mathType));
            checkOutput(g, cd, xd, wd);
        } catch (RuntimeException e) {
            destroyQuietly(xd, wd, yd, cd);
            throw e;
        }
        this.x = xd;
        this.w = wd;
        this.y = yd;
        this.conv = cd;
    }

    private interface Creator {
        int create(MemorySegment out);
    }

    private static MemorySegment create(String call, Creator creator) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            CudnnStatus.check(call, creator.create(out));
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    private static void checkOutput(ConvGeometry g, MemorySegment conv, MemorySegment x, MemorySegment w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_INT, 4);
            CudnnStatus.check("cudnnGetConvolution2dForwardOutputDim",
                    cudnn_h.cudnnGetConvolution2dForwardOutputDim(conv, x, w, dims, dims.asSlice(4),
                            dims.asSlice(8), dims.asSlice(12)));
            int[] got = dims.toArray(ValueLayout.JAVA_INT);
            int[] want = {g.n(), g.cout(), g.outH(), g.outW()};
            if (!java.util.Arrays.equals(got, want)) {
                throw new IllegalStateException("cuDNN computes output " + java.util.Arrays.toString(got) + " for "
                        + g + ", jace expects " + java.util.Arrays.toString(want));
            }
        }
    }

    synchronized Algo algo(Direction direction, Supplier<Algo> find) {
        return algos.computeIfAbsent(direction, d -> find.get());
    }

    /** The directions found so far and their algorithms. */
    synchronized Map<Direction, Algo> algos() {
        return new EnumMap<>(algos);
    }

    /** Destroys every descriptor, each even if destroying another failed, then throws the first failure. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Cleanup.runAll(List.of(
                    () -> CudnnStatus.check("cudnnDestroyTensorDescriptor", cudnn_h.cudnnDestroyTensorDescriptor(x)),
                    () -> CudnnStatus.check("cudnnDestroyFilterDescriptor", cudnn_h.cudnnDestroyFilterDescriptor(w)),
                    () -> CudnnStatus.check("cudnnDestroyTensorDescriptor", cudnn_h.cudnnDestroyTensorDescriptor(y)),
                    () -> CudnnStatus.check("cudnnDestroyConvolutionDescriptor",
                            cudnn_h.cudnnDestroyConvolutionDescriptor(conv))));
        }
    }

    private static void destroyQuietly(MemorySegment x, MemorySegment w, MemorySegment y, MemorySegment conv) {
        if (x != null) {
            cudnn_h.cudnnDestroyTensorDescriptor(x);
        }
        if (w != null) {
            cudnn_h.cudnnDestroyFilterDescriptor(w);
        }
        if (y != null) {
            cudnn_h.cudnnDestroyTensorDescriptor(y);
        }
        if (conv != null) {
            cudnn_h.cudnnDestroyConvolutionDescriptor(conv);
        }
    }
}
