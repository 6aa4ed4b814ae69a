/* Launchers of the fused equivariance deviation and its backward (cuda/deviation.cuh). */
#include "deviation.cuh"
#include "group_args.h"
#include "plane_plan.h"

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

/* How the sums are split: the plane kernel's staged channel blocks, or jace_deviation_chunk_kernel's chunks. */
struct DeviationPlan {
    bool spatial;     /* the image or group-map rep (else the invariant one) */
    jace_plane_plan plane;
    long long parts;  /* partial sums per (element, sample) pair: c, or the chunks */
    jace_fast_sample_geom fast;
};

/* The plane kernel where jace_plan_plane stages, the chunks otherwise. The shape's refusals come first, so that they
 * answer without a device as the other argument checks do. */
jace_status plan_deviation(const char *fn, const jace_sample_geom &geom, int n, int c, long long sample, bool aligned,
                           DeviationPlan *plan) {
    JACE_TRY(jace_require_chunked(fn, "the deviation's", n, sample, geom.block, JACE_DEV_CHUNK));
    JACE_TRY(jace_plan_plane(fn, geom, n, c, aligned, &plan->plane));
    plan->spatial = geom.rep_spatial != 0;
    plan->fast = jace_make_fast_sample_geom(geom);
    plan->parts = plan->plane.staged ? c : (sample + JACE_DEV_CHUNK - 1) / JACE_DEV_CHUNK;
    return JACE_SUCCESS;
}

/* Launches the sums of `plan` (FINAL: one part per pair, written to deviation and norm; else to partial); the
 * caller checks the launch. */
template <bool FINAL>
void launch_sums(const DeviationPlan &plan, const float *fgx, const float *fx, float *deviation, float *norm,
                 double *partial, int n, int c, long long sample, const jace_elements &el, cudaStream_t stream) {
    if (plan.plane.staged) {
        const dim3 grid((unsigned)((long long)c * n));
        jace_launch_plane(plan.plane, [&](auto staged, auto vec) {
            jace_deviation_plane_kernel<FINAL, decltype(staged)::value, decltype(vec)::value>
                <<<grid, JACE_PLANE_THREADS, 0, stream>>>(fgx, fx, deviation, norm, partial, n, sample, c, el,
                                                          plan.plane.geom);
        });
        return;
    }
    const dim3 grid((unsigned)(plan.parts * n), (unsigned)el.count + 1);
    if (plan.spatial) {
        jace_deviation_chunk_kernel<FINAL, true><<<grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, deviation, norm, partial, n, sample, (int)plan.parts, el, plan.fast);
    } else {
        jace_deviation_chunk_kernel<FINAL, false><<<grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, deviation, norm, partial, n, sample, (int)plan.parts, el, plan.fast);
    }
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
    DeviationPlan plan{};
    JACE_TRY(plan_deviation(fn, geom, n, c, sample, jace_plane_aligned(fgx, fx), &plan));
    if (plan.parts == 1) {
        launch_sums<true>(plan, fgx, fx, deviation, norm, nullptr, n, c, sample, el, stream);
        JACE_LAUNCH_CHECK(fn);
        return JACE_SUCCESS;
    }
    const long long sums = (pairs + n) * plan.parts;
    double *partial = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&partial, (size_t)sums * sizeof(double), stream));
    launch_sums<false>(plan, fgx, fx, deviation, norm, partial, n, c, sample, el, stream);
    cudaError_t err = cudaGetLastError();
    if (err == cudaSuccess) {
        const long long warps_per_block = JACE_DEV_THREADS / 32;
        const long long blocks = (pairs + n + warps_per_block - 1) / warps_per_block;
        jace_deviation_finish_kernel<<<(unsigned)blocks, JACE_DEV_THREADS, 0, stream>>>(partial, deviation, norm, n,
                                                                                      num_elements, (int)plan.parts);
        err = cudaGetLastError();
    }
    const cudaError_t free_err = cudaFreeAsync(partial, stream);
    if (err != cudaSuccess) {
        (void)cudaGetLastError();
        return jace_fail(JACE_ERROR_CUDA, "%s: kernel launch failed: %s (%s)", fn, cudaGetErrorName(err),
                         cudaGetErrorString(err));
    }
    if (free_err != cudaSuccess) {
        (void)cudaGetLastError();
        return jace_fail(JACE_ERROR_CUDA, "%s: cudaFreeAsync of the partial sums failed: %s (%s)", fn,
                         cudaGetErrorName(free_err), cudaGetErrorString(free_err));
    }
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
    JACE_TRY(jace_require_chunked(fn, "the deviation's", n, sample, geom.block, JACE_DEV_FX_CHUNK));
    JACE_TRY(jace_require_chunked(fn, "the deviation's", n, sample, geom.block, JACE_DEV_CHUNK));
    const long long chunks = (sample + JACE_DEV_CHUNK - 1) / JACE_DEV_CHUNK;
    const long long fx_chunks = (sample + JACE_DEV_FX_CHUNK - 1) / JACE_DEV_FX_CHUNK;
    const jace_fast_sample_geom fast = jace_make_fast_sample_geom(geom);
    const dim3 fgx_grid((unsigned)(chunks * n), (unsigned)num_elements);
    if (geom.rep_spatial) {
        jace_deviation_backward_fgx_kernel<true><<<fgx_grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, d_deviation, d_fgx, n, sample, (int)chunks, el, fast);
    } else {
        jace_deviation_backward_fgx_kernel<false><<<fgx_grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, d_deviation, d_fgx, n, sample, (int)chunks, el, fast);
    }
    JACE_LAUNCH_CHECK(fn);
    const unsigned fx_grid = (unsigned)(fx_chunks * n);
    if (geom.rep_spatial) {
        jace_deviation_backward_fx_kernel<true><<<fx_grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, d_deviation, d_norm, d_fx, n, sample, (int)fx_chunks, el, fast);
    } else {
        jace_deviation_backward_fx_kernel<false><<<fx_grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, d_deviation, d_norm, d_fx, n, sample, (int)fx_chunks, el, fast);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
