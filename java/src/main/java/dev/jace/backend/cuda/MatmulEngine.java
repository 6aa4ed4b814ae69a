package dev.jace.backend.cuda;

import java.lang.foreign.MemorySegment;

/** Row-major {@code out[m, n] = op(a) · op(b)} on device pointers: cuBLAS or libjace's jace_gemm. */
interface MatmulEngine extends AutoCloseable {

    /**
     * @param lda row length of a as stored (a.shape[1]); likewise ldb
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, MemorySegment a, int lda, MemorySegment b,
              int ldb, MemorySegment out);

    /** For {@code name()}, e.g. "cuBLAS 120405" or "jace_gemm (no cuBLAS)". */
    String description();

    @Override
    void close();
}
