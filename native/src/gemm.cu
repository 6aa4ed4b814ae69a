/* Launcher of the exact FP32 GEMM fallback (cuda/gemm.cuh). */
#include "gemm.cuh"
#include "jace_internal.h"

extern "C" JACE_API jace_status jace_gemm(int trans_a, int trans_b, int m, int n, int kdim, const float *a,
                                          const float *b, float *out, cudaStream_t stream) {
    const char *fn = "jace_gemm";
    JACE_REQUIRE_PTR(fn, a);
    JACE_REQUIRE_PTR(fn, b);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE_POSITIVE(fn, m);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_REQUIRE_POSITIVE(fn, kdim);
    JACE_REQUIRE_EXTENT(fn, "m", m); /* the tile loops step past m, n and kdim in int */
    JACE_REQUIRE_EXTENT(fn, "n", n);
    JACE_REQUIRE_EXTENT(fn, "kdim", kdim);
    const unsigned gy = (unsigned)((m + JACE_GEMM_BM - 1) / JACE_GEMM_BM);
    JACE_REQUIRE(gy <= 65535u, "%s: m = %d exceeds the supported %d rows", fn, m, 65535 * JACE_GEMM_BM);
    JACE_TRY(jace_require_apart(fn, {jace_floats("out", out, (long long)m * n)},
                                {jace_floats("a", a, (long long)m * kdim), jace_floats("b", b, (long long)kdim * n)}));
    const dim3 grid((unsigned)((n + JACE_GEMM_BN - 1) / JACE_GEMM_BN), gy);
    const bool ta = trans_a != 0, tb = trans_b != 0;
    if (!ta && !tb) {
        jace_gemm_kernel<false, false><<<grid, JACE_GEMM_THREADS, 0, stream>>>(m, n, kdim, a, b, out);
    } else if (ta && !tb) {
        jace_gemm_kernel<true, false><<<grid, JACE_GEMM_THREADS, 0, stream>>>(m, n, kdim, a, b, out);
    } else if (!ta && tb) {
        jace_gemm_kernel<false, true><<<grid, JACE_GEMM_THREADS, 0, stream>>>(m, n, kdim, a, b, out);
    } else {
        jace_gemm_kernel<true, true><<<grid, JACE_GEMM_THREADS, 0, stream>>>(m, n, kdim, a, b, out);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
