/*
 * conv_fold.cuh — the folds of split-K partial sums, each in a fixed order (deterministic, no atomics).
 * backward_filter's GEMMs write dWexp (the expanded filter's gradient) as split-K partials; a fold gathers them into
 * dw [cout, cin, gin, k, k], each entry summed over the group elements g that copied it (ascending), then the splits:
 *   conv_fold_filter_kernel   partials [splits][cout*G][cin*gin*k*k] of conv_igemm_kernel (fold_offset);
 *   conv_filter_fold_kernel   partials [splits][k*k*CePad][NePad] of conv_packed_filter_kernel (filter_fold_offset).
 * forward's and backward_data's, each split's in the output's own layout, are summed over the splits (ascending):
 *   conv_fold_splits_kernel   partials [splits][size] of conv_igemm_kernel, conv_packed_kernel or conv_narrow_kernel.
 */
#ifndef JACE_CONV_FOLD_CUH
#define JACE_CONV_FOLD_CUH

#include "conv_packed_index.cuh"

namespace jace_conv {

/* dw[idx] = sum over g, then z, of part[z * zstride + offset(hfwd, ib, ida, idb, idx, g)], with p's group tables
 * copied to shared memory (their indices differ from thread to thread). */
template <class Offset>
__device__ __forceinline__ void fold_partials(const ConvParams &p, const float *__restrict__ part, int splits,
                                              long long zstride, float *__restrict__ dw, Offset offset) {
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
    const int total = fold_size(p);
    /* long long: the grid stride past the last index must not wrap around */
    for (long long idx = (long long)blockIdx.x * blockDim.x + tid; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        float sum = 0.f;
        for (int g = 0; g < p.G; ++g) {
            const float *src = part + offset(s_hfwd, s_ib, s_ida, s_idb, (int)idx, g);
            for (int z = 0; z < splits; ++z) sum += __ldg(src + z * zstride);
        }
        dw[idx] = sum;
    }
}

__global__ void __launch_bounds__(256)
    conv_fold_filter_kernel(const __grid_constant__ ConvParams p, const float *__restrict__ ws, int splits,
                            float *__restrict__ dw) {
    fold_partials(p, ws, splits, (long long)p.M * p.N, dw,
                  [&](const int *hfwd, const int *ib, const int *ida, const int *idb, int idx, int g) {
                      return fold_offset(p, hfwd, ib, ida, idb, idx, g);
                  });
}

__global__ void __launch_bounds__(256)
    conv_filter_fold_kernel(const __grid_constant__ ConvParams p, const __grid_constant__ FilterParams f,
                            const float *__restrict__ part, int splits, float *__restrict__ dw) {
    fold_partials(p, part, splits, filter_part_size(f), dw,
                  [&](const int *hfwd, const int *ib, const int *ida, const int *idb, int idx, int g) {
                      return filter_fold_offset(p, f, hfwd, ib, ida, idb, idx, g);
                  });
}

/* out[i] = sum over z (ascending) of part[z * size + i]. */
__global__ void __launch_bounds__(256)
    conv_fold_splits_kernel(const float *__restrict__ part, int splits, long long size, float *__restrict__ out) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < size;
         i += (long long)gridDim.x * blockDim.x) {
        float sum = 0.f;
        for (int z = 0; z < splits; ++z) sum += __ldg(part + z * size + i);
        out[i] = sum;
    }
}

} // namespace jace_conv

#endif
