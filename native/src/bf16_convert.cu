/* Launchers of the float <-> bfloat16 conversions (cuda/bf16_convert.cuh). */
#include "bf16_convert.cuh"
#include "jace_internal.h"

extern "C" JACE_API jace_status jace_to_bf16(const float *x, unsigned short *out, long long n, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_to_bf16", x);
    JACE_REQUIRE_PTR("jace_to_bf16", out);
    JACE_REQUIRE_POSITIVE("jace_to_bf16", n);
    JACE_TRY(jace_require_apart("jace_to_bf16", {jace_bf16s("out", out, n)}, {jace_floats("x", x, n)}));
    const bool vec = jace_aligned16(x) && ((uintptr_t)out & 7) == 0;
    const long long items = vec ? n / 4 : n;
    jace_to_bf16_kernel<<<jace_grid_for(items > 0 ? items : 1), JACE_THREADS, 0, stream>>>(
        x, reinterpret_cast<__nv_bfloat16 *>(out), n, vec);
    JACE_LAUNCH_CHECK("jace_to_bf16");
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_from_bf16(const unsigned short *x, float *out, long long n,
                                               cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_from_bf16", x);
    JACE_REQUIRE_PTR("jace_from_bf16", out);
    JACE_REQUIRE_POSITIVE("jace_from_bf16", n);
    JACE_TRY(jace_require_apart("jace_from_bf16", {jace_floats("out", out, n)}, {jace_bf16s("x", x, n)}));
    const bool vec = ((uintptr_t)x & 7) == 0 && jace_aligned16(out);
    const long long items = vec ? n / 4 : n;
    jace_from_bf16_kernel<<<jace_grid_for(items > 0 ? items : 1), JACE_THREADS, 0, stream>>>(
        reinterpret_cast<const __nv_bfloat16 *>(x), out, n, vec);
    JACE_LAUNCH_CHECK("jace_from_bf16");
    return JACE_SUCCESS;
}
