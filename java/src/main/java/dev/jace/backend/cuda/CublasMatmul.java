package dev.jace.backend.cuda;

import dev.jace.backend.Precision;
import dev.jace.bindings.cublas.cublas_api_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Row-major GEMM through cuBLAS (column-major) by the swap trick: a row-major [m, n] matrix is a column-major
 * [n, m] one, so {@code out = op(a) op(b)} is computed as {@code outᵀ = op(b)ᵀ op(a)ᵀ}, i.e. cublasGemmEx with the
 * operands swapped and m, n exchanged. All matrices stay float32 (CUDA_R_32F); the compute type sets the precision:
 * CUBLAS_COMPUTE_32F (FP32, with the handle in CUBLAS_DEFAULT_MATH so no TF32), CUBLAS_COMPUTE_32F_FAST_TF32, or
 * CUBLAS_COMPUTE_32F_FAST_16BF (inputs rounded to bfloat16 inside cuBLAS, FP32 accumulate).
 *
 * <p>The handle works in a workspace of jace's own, taken from the caching allocator once, of the size cuBLAS's
 * documentation recommends ({@link #workspaceBytes}): without one cuBLAS takes its workspace from a pool of its own,
 * which inside a stream capture means an allocation of its own for each captured graph. Destroys its handle, then
 * returns the workspace, on close.
 */
final class CublasMatmul implements MatmulEngine {

    private final MemorySegment handle;
    private final DeviceAllocator allocator;
    private final DeviceAllocator.Block workspace;
    private final int computeType;
    private final int version;
    private final MemorySegment one;
    private final MemorySegment zero;
    private boolean closed;

    /** cuBLAS's recommended workspace: 32 MiB on Hopper (compute capability 9.0) and newer, 4 MiB before. */
    static long workspaceBytes(int capability) {
        return capability >= 90 ? 32L << 20 : 4L << 20;
    }

    /** @param capability the device's compute capability, major * 10 + minor */
    CublasMatmul(CudaStream stream, DeviceAllocator allocator, Arena arena, Precision precision, int capability) {
        this.allocator = allocator;
        this.workspace = allocator.allocate(workspaceBytes(capability));
        try (Arena local = Arena.ofConfined()) {
            MemorySegment out = local.allocate(ValueLayout.ADDRESS);
            CublasStatus.check("cublasCreate_v2", cublas_api_h.cublasCreate_v2(out));
            this.handle = out.get(ValueLayout.ADDRESS, 0);
            try {
                CublasStatus.check("cublasSetStream_v2", cublas_api_h.cublasSetStream_v2(handle, stream.handle()));
                // After the stream: cublasSetStream puts the handle back on cuBLAS's own pool.
                CublasStatus.check("cublasSetWorkspace_v2",
                        cublas_api_h.cublasSetWorkspace_v2(handle, workspace.segment(), workspace.bytes()));
                CublasStatus.check("cublasSetMathMode",
                        cublas_api_h.cublasSetMathMode(handle, cublas_api_h.CUBLAS_DEFAULT_MATH()));
                MemorySegment v = local.allocate(ValueLayout.JAVA_INT);
                CublasStatus.check("cublasGetVersion_v2", cublas_api_h.cublasGetVersion_v2(handle, v));
                this.version = v.get(ValueLayout.JAVA_INT, 0);
            } catch (RuntimeException e) {
                cublas_api_h.cublasDestroy_v2(handle);
                throw e;
            }
        } catch (RuntimeException e) {
            allocator.release(workspace);
            throw e;
        }
        this.computeType = switch (precision) {
            case FP32 -> cublas_api_h.CUBLAS_COMPUTE_32F();
            case TF32 -> cublas_api_h.CUBLAS_COMPUTE_32F_FAST_TF32();
            case BF16 -> cublas_api_h.CUBLAS_COMPUTE_32F_FAST_16BF();
        };
        this.one = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1f);
        this.zero = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 0f);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, MemorySegment a, int lda, MemorySegment b,
                     int ldb, MemorySegment out) {
        int opA = transA ? cublas_api_h.CUBLAS_OP_T() : cublas_api_h.CUBLAS_OP_N();
        int opB = transB ? cublas_api_h.CUBLAS_OP_T() : cublas_api_h.CUBLAS_OP_N();
        int f32 = cublas_api_h.CUDA_R_32F();
        CublasStatus.check("cublasGemmEx", cublas_api_h.cublasGemmEx(handle, opB, opA, n, m, k, one, b, f32, ldb,
                a, f32, lda, zero, out, f32, n, computeType, cublas_api_h.CUBLAS_GEMM_DEFAULT()));
    }

    @Override
    public String description() {
        return "cuBLAS " + version;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                CublasStatus.check("cublasDestroy_v2", cublas_api_h.cublasDestroy_v2(handle));
            } finally {
                allocator.release(workspace);
            }
        }
    }
}
