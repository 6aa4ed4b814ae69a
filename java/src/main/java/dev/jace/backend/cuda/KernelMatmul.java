package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;

/** libjace's exact FP32 jace_gemm, the fallback when cuBLAS is absent (any precision computes FP32). */
final class KernelMatmul implements MatmulEngine {

    private final CudaStream stream;
    private final String reason;

    KernelMatmul(CudaStream stream, String reason) {
        this.stream = stream;
        this.reason = reason;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, MemorySegment a, int lda, MemorySegment b,
                     int ldb, MemorySegment out) {
        Jace.check("jace_gemm", jace_h.jace_gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, a, b, out,
                stream.handle()));
    }

    @Override
    public String description() {
        return "jace_gemm (" + reason + ")";
    }

    @Override
    public void close() {
    }
}
