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
    const long long chunks = (sample + JACE_DEV_CHUNK - 1) / JACE_DEV_CHUNK;
    JACE_REQUIRE(chunks * n <= 0x7fffffffLL,
                 "%s: %d samples of %lld elements need %lld blocks of %d elements, more than 2^31-1", fn, n, sample,
                 chunks * n, JACE_DEV_CHUNK);
    JACE_REQUIRE(geom.block <= 0x7fffffff - JACE_DEV_CHUNK,
                 "%s: %d elements per channel exceed the deviation's 32-bit indexing (at most 2^31-1-%d)", fn,
                 geom.block, JACE_DEV_CHUNK);
    const jace_fast_sample_geom fast = jace_make_fast_sample_geom(geom);
    const dim3 grid((unsigned)(chunks * n), (unsigned)num_elements + 1);
    if (chunks == 1) {
        if (geom.rep_spatial) {
            jace_deviation_chunk_kernel<true, true><<<grid, JACE_DEV_THREADS, 0, stream>>>(
                fgx, fx, deviation, norm, nullptr, n, sample, 1, el, fast);
        } else {
            jace_deviation_chunk_kernel<true, false><<<grid, JACE_DEV_THREADS, 0, stream>>>(
                fgx, fx, deviation, norm, nullptr, n, sample, 1, el, fast);
        }
        JACE_LAUNCH_CHECK(fn);
        return JACE_SUCCESS;
    }
    const long long sums = (pairs + n) * chunks;
    double *partial = nullptr;
    JACE_CUDA_CHECK(fn, cudaMallocAsync((void **)&partial, (size_t)sums * sizeof(double), stream));
    if (geom.rep_spatial) {
        jace_deviation_chunk_kernel<false, true><<<grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, deviation, norm, partial, n, sample, (int)chunks, el, fast);
    } else {
        jace_deviation_chunk_kernel<false, false><<<grid, JACE_DEV_THREADS, 0, stream>>>(
            fgx, fx, deviation, norm, partial, n, sample, (int)chunks, el, fast);
    }
    cudaError_t err = cudaGetLastError();
    if (err == cudaSuccess) {
        const long long warps_per_block = JACE_DEV_THREADS / 32;
        const long long blocks = (pairs + n + warps_per_block - 1) / warps_per_block;
        jace_deviation_finish_kernel<<<(unsigned)blocks, JACE_DEV_THREADS, 0, stream>>>(partial, deviation, norm, n,
                                                                                      num_elements, (int)chunks);
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
    const dim3 grid(jace_grid_for(total), (unsigned)num_elements);
    jace_deviation_backward_fgx_kernel<<<grid, JACE_THREADS, 0, stream>>>(fgx, fx, d_deviation, d_fgx, n, sample, el,
                                                                          geom);
    JACE_LAUNCH_CHECK(fn);
    jace_deviation_backward_fx_kernel<<<jace_grid_for(total), JACE_THREADS, 0, stream>>>(fgx, fx, d_deviation, d_norm,
                                                                                         d_fx, n, sample, el, geom);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
