/*
 * conv_fold.cuh — the folds of split-K partial sums, each in a fixed order (deterministic, no atomics).
 * backward_filter's GEMMs write dWexp (the expanded filter's gradient) as split-K partials; a fold gathers them into
 * dw [cout, cin, gin, k, k], each entry summed over the group elements g that copied it (ascending), then the splits:
 *   conv_fold_filter_kernel   partials [splits][cout*G][cin*gin*k*k] of conv_igemm_kernel (fold_offset);
 *   conv_filter_fold_kernel   partials [splits][k*k*CePad][NePad] of conv_packed_filter_kernel (filter_fold_offset).
 * forward's and backward_data's, each split's in the output's own layout, are summed over the splits (ascending):
 *   conv_fold_splits_kernel   partials [splits][size] of conv_igemm_kernel, conv_packed_kernel or conv_narrow_kernel.
 * Each output is summed by `lanes` threads of a warp (fold_lanes): lane l sums the splits l, l + lanes, ... (of each g
 * in turn), and the lanes' sums are added in a fixed butterfly; with one lane, g then z in order. Either way the same
 * bits every run.
 */
#ifndef JACE_CONV_FOLD_CUH
#define JACE_CONV_FOLD_CUH

#include "conv_packed_index.cuh"
#include "jace_device.cuh"

namespace jace_conv {

/* Host: threads a fold gives each of its `entries` outputs, whose partial sums are `partials` (group elements x splits,
 * or splits): a power of two up to a warp, doubled while the fold's threads would not yet fill the SMs (2048 threads
 * each) and each lane keeps at least 4 of the partials. The filter of `jace bench`'s lifting layer (1200 entries, 8 x 64
 * partials each) was 5 blocks of threads summing 512 loads one after another; with 32 lanes, 150 blocks of 16. */
inline int fold_lanes(long long entries, long long partials, int sms) {
    int lanes = 1;
    while (lanes < 32 && entries * lanes < 2048LL * sms && partials >= 8LL * lanes) lanes *= 2;
    return lanes;
}

/* Partial sums whose loads a lane issues before it adds the first (jace_in_batches). */
constexpr int FOLD_BATCH = 8;

/* out[idx] = the sum of `lanes` lanes' sum_of(idx, lane, share) for idx in [0, total), added in a fixed butterfly;
 * launched with a multiple of 32 threads a block. Lane `lane` sums the splits lane, lane + lanes, ...: `share` of them,
 * counted once a thread (inside the loop, under its bound check, nvcc had divided again for every output). Warp w's
 * outputs are w * per_warp + [0, per_warp), lane `lane` of output lane_in_warp / lanes; the loop's bound is the same
 * for the whole warp, so that every lane reaches each shuffle. long long: the grid stride past the last output must
 * not wrap around. */
template <class SumOf>
__device__ __forceinline__ void fold_by_lanes(long long total, int lanes, int splits, float *__restrict__ out,
                                              SumOf sum_of) {
    const int per_warp = 32 / lanes, lane_in_warp = threadIdx.x % 32, lane = lane_in_warp % lanes;
    const int share = jace_strided_count(splits, lane, lanes);
    const long long warp = ((long long)blockIdx.x * blockDim.x + threadIdx.x) / 32;
    const long long warps = (long long)gridDim.x * blockDim.x / 32;
    for (long long first = warp * per_warp; first < total; first += warps * per_warp) {
        const long long idx = first + lane_in_warp / lanes;
        float sum = idx < total ? sum_of(idx, lane, share) : 0.f;
        for (int d = lanes / 2; d >= 1; d /= 2) sum += __shfl_xor_sync(0xffffffffu, sum, d);
        if (idx < total && lane == 0) out[idx] = sum;
    }
}

/* dw[idx] = sum over g, then z, of part[z * zstride + offset(hfwd, ib, ida, idb, fold_entry(idx), g)], `lanes` threads
 * of a warp an entry, with p's group tables copied to shared memory (their indices differ from thread to thread). */
template <class Offset>
__device__ __forceinline__ void fold_partials(const ConvParams &p, const FoldDivisors &d,
                                              const float *__restrict__ part, int splits, long long zstride,
                                              float *__restrict__ dw, int lanes, Offset offset) {
    __shared__ int s_hfwd[MAXG * MAXG];
    __shared__ int s_ib[MAXG], s_ida[MAXG], s_idb[MAXG];
    const int tid = threadIdx.x;
    if (tid < MAXG * MAXG) s_hfwd[tid] = p.hfwd[tid];
    if (tid < MAXG) {
        s_ib[tid] = p.ib[tid];
        s_ida[tid] = p.ida[tid];
        s_idb[tid] = p.idb[tid];
    }
    __syncthreads();
    fold_by_lanes(fold_size(p), lanes, splits, dw, [&](long long idx, int lane, int per_g) {
        /* g, then this lane's splits z, as one sequence of values: the batches run across group elements */
        const FoldEntry e = fold_entry(p, d, (int)idx);
        int g = 0, j = 0;
        const float *src = part + offset(s_hfwd, s_ib, s_ida, s_idb, e, 0) + lane * zstride;
        float sum = 0.f;
        jace_in_batches<FOLD_BATCH>(
            p.G * per_g,
            [&](int) {
                const float v = __ldg(src + j * lanes * zstride);
                if (++j == per_g) {
                    j = 0;
                    if (++g < p.G) src = part + offset(s_hfwd, s_ib, s_ida, s_idb, e, g) + lane * zstride;
                }
                return v;
            },
            [&](int, float v) { sum += v; });
        return sum;
    });
}

__global__ void __launch_bounds__(256)
    conv_fold_filter_kernel(const __grid_constant__ ConvParams p, const FoldDivisors d, const float *__restrict__ ws,
                            int splits, int lanes, float *__restrict__ dw) {
    fold_partials(p, d, ws, splits, (long long)p.M * p.N, dw, lanes,
                  [&](const int *hfwd, const int *ib, const int *ida, const int *idb, const FoldEntry &e, int g) {
                      return fold_offset(p, hfwd, ib, ida, idb, e, g);
                  });
}

__global__ void __launch_bounds__(256)
    conv_filter_fold_kernel(const __grid_constant__ ConvParams p, const __grid_constant__ FilterParams f,
                            const FoldDivisors d, const float *__restrict__ part, int splits, int lanes,
                            float *__restrict__ dw) {
    fold_partials(p, d, part, splits, filter_part_size(f), dw, lanes,
                  [&](const int *hfwd, const int *ib, const int *ida, const int *idb, const FoldEntry &e, int g) {
                      return filter_fold_offset(p, f, hfwd, ib, ida, idb, e, g);
                  });
}

/* out[i] = sum over z of part[z * size + i], `lanes` threads of a warp an output. */
__global__ void __launch_bounds__(256)
    conv_fold_splits_kernel(const float *__restrict__ part, int splits, long long size, int lanes,
                            float *__restrict__ out) {
    fold_by_lanes(size, lanes, splits, out, [&](long long i, int lane, int share) {
        float sum = 0.f;
        jace_in_batches<FOLD_BATCH>(
            share, [&](int j) { return __ldg(part + (lane + j * lanes) * size + i); }, [&](int, float v) { sum += v; });
        return sum;
    });
}

} // namespace jace_conv

#endif
