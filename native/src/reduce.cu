/* Launchers of the deterministic reductions (cuda/reduce.cuh). */
#include "jace_internal.h"
#include "reduce.cuh"

extern "C" JACE_API jace_status jace_sum(const float *x, long long n, float scale, float *out, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_sum", x);
    JACE_REQUIRE_PTR("jace_sum", out);
    JACE_REQUIRE_POSITIVE("jace_sum", n);
    JACE_TRY(jace_require_apart("jace_sum", {jace_floats("out", out, 1)}, {jace_floats("x", x, n)}));
    jace_sum_kernel<<<1, JACE_SUM_THREADS, 0, stream>>>(x, n, scale, out, jace_aligned16(x));
    JACE_LAUNCH_CHECK("jace_sum");
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_sum_axis(const float *x, int outer, int axis_len, int inner, float scale,
                                              float *out, cudaStream_t stream) {
    const char *fn = "jace_sum_axis";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE_POSITIVE(fn, outer);
    JACE_REQUIRE_POSITIVE(fn, axis_len);
    JACE_REQUIRE_POSITIVE(fn, inner);
    const long long outputs = (long long)outer * inner;
    JACE_TRY(jace_require_count(fn, "x", jace_count({outputs, axis_len})));
    JACE_TRY(jace_require_apart(fn, {jace_floats("out", out, outputs)}, {jace_floats("x", x, outputs * axis_len)}));
    if (outputs < 1024 && axis_len >= 4096) {
        jace_sum_axis_block_kernel<<<(unsigned)outputs, 256, 0, stream>>>(x, outer, axis_len, inner, scale, out);
    } else if (inner >= 32) {
        const jace_planes walk = jace_make_planes(outer, inner);
        jace_sum_axis_thread_kernel<<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, axis_len, walk, scale, out);
    } else {
        jace_sum_axis_warp_kernel<<<jace_grid_for(outputs * 32), JACE_THREADS, 0, stream>>>(x, outer, axis_len,
                                                                                            inner, scale, out);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_channel_sum(const float *x, int outer, int channels, int inner, float *out,
                                                 cudaStream_t stream) {
    const char *fn = "jace_channel_sum";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE_POSITIVE(fn, outer);
    JACE_REQUIRE_POSITIVE(fn, channels);
    JACE_REQUIRE_POSITIVE(fn, inner);
    const long long total = jace_count({outer, channels, inner});
    JACE_TRY(jace_require_count(fn, "x", total));
    JACE_TRY(jace_require_apart(fn, {jace_floats("out", out, channels)}, {jace_floats("x", x, total)}));
    jace_channel_sum_kernel<<<(unsigned)channels, 512, 0, stream>>>(x, outer, channels, inner, out);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
