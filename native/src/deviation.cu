/* Launchers of the fused equivariance deviation and its backward (cuda/deviation.cuh). */
#include "deviation.cuh"
#include "group_args.h"

namespace {
jace_status deviation_args(const char *fn, const float *fgx, const float *fx, const jace_group *group,
                           const int *elements, int num_elements, jace_rep rep, int n, int c, int h, int w,
                           jace_elements *el, jace_sample_geom *geom, long long *sample) {
    JACE_REQUIRE_PTR(fn, fgx);
    JACE_REQUIRE_PTR(fn, fx);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_TRY(jace_check_group(fn, group));
    JACE_TRY(jace_pack_elements(fn, group, elements, num_elements, el));
    JACE_TRY(jace_sample_shape(fn, group, *el, rep, c, h, w, geom, sample));
    return jace_require_count(fn, "fx", jace_count({n, *sample}));
}
}  // namespace

extern "C" JACE_API jace_status jace_equivariance_deviation(const float *fgx, const float *fx,
                                                            const jace_group *group, const int *elements,
                                                            int num_elements, jace_rep rep, int n, int c, int h,
                                                            int w, float *deviation, float *norm,
                                                            cudaStream_t stream) {
    const char *fn = "jace_equivariance_deviation";
    jace_elements el;
    jace_sample_geom geom{};
    long long sample = 0;
    JACE_TRY(deviation_args(fn, fgx, fx, group, elements, num_elements, rep, n, c, h, w, &el, &geom, &sample));
    JACE_REQUIRE_PTR(fn, deviation);
    JACE_REQUIRE_PTR(fn, norm);
    const long long pairs = (long long)num_elements * n;
    JACE_TRY(jace_require_apart(fn, {jace_floats("deviation", deviation, pairs), jace_floats("norm", norm, n)},
                                {jace_floats("fgx", fgx, pairs * sample), jace_floats("fx", fx, n * sample)}));
    const dim3 grid((unsigned)n, (unsigned)num_elements + 1);
    jace_deviation_kernel<<<grid, JACE_DEV_THREADS, 0, stream>>>(fgx, fx, deviation, norm, n, sample, el, geom);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_equivariance_deviation_backward(const float *fgx, const float *fx,
                                                                     const jace_group *group, const int *elements,
                                                                     int num_elements, jace_rep rep, int n, int c,
                                                                     int h, int w, const float *d_deviation,
                                                                     const float *d_norm, float *d_fgx, float *d_fx,
                                                                     cudaStream_t stream) {
    const char *fn = "jace_equivariance_deviation_backward";
    jace_elements el;
    jace_sample_geom geom{};
    long long sample = 0;
    JACE_TRY(deviation_args(fn, fgx, fx, group, elements, num_elements, rep, n, c, h, w, &el, &geom, &sample));
    JACE_REQUIRE_PTR(fn, d_deviation);
    JACE_REQUIRE_PTR(fn, d_fgx);
    JACE_REQUIRE_PTR(fn, d_fx);
    const long long total = (long long)n * sample, pairs = (long long)num_elements * n;
    JACE_TRY(jace_require_apart(fn, {jace_floats("d_fgx", d_fgx, pairs * sample), jace_floats("d_fx", d_fx, total)},
                                {jace_floats("fgx", fgx, pairs * sample), jace_floats("fx", fx, total),
                                 jace_floats("d_deviation", d_deviation, pairs), jace_floats("d_norm", d_norm, n)}));
    const dim3 grid(jace_grid_for(total), (unsigned)num_elements);
    jace_deviation_backward_fgx_kernel<<<grid, JACE_THREADS, 0, stream>>>(fgx, fx, d_deviation, d_fgx, n, sample, el,
                                                                          geom);
    JACE_LAUNCH_CHECK(fn);
    jace_deviation_backward_fx_kernel<<<jace_grid_for(total), JACE_THREADS, 0, stream>>>(fgx, fx, d_deviation, d_norm,
                                                                                         d_fx, n, sample, el, geom);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
