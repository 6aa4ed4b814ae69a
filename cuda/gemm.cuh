/* Exact FP32 GEMM fallback: out[m, n] = op(a)[m, kdim] * op(b)[kdim, n], row-major, FMA accumulation in k order.
 * 64x64 output tile per block of 256 threads, 4x4 outputs per thread, 16-deep k slices staged in shared memory. */
#ifndef JACE_GEMM_CUH
#define JACE_GEMM_CUH

#include "jace_device.cuh"

#define JACE_GEMM_BM 64
#define JACE_GEMM_BN 64
#define JACE_GEMM_BK 16
#define JACE_GEMM_THREADS 256

template <bool TRANS_A, bool TRANS_B>
__global__ void __launch_bounds__(JACE_GEMM_THREADS)
    jace_gemm_kernel(int m, int n, int kdim, const float *__restrict__ a, const float *__restrict__ b,
                     float *__restrict__ out) {
    __shared__ float as[JACE_GEMM_BK][JACE_GEMM_BM + 4];
    __shared__ float bs[JACE_GEMM_BK][JACE_GEMM_BN + 4];
    const int tid = threadIdx.x;
    const int tx = tid & 15, ty = tid >> 4;
    const int m0 = blockIdx.y * JACE_GEMM_BM, n0 = blockIdx.x * JACE_GEMM_BN;
    float acc[4][4] = {};

    for (int k0 = 0; k0 < kdim; k0 += JACE_GEMM_BK) {
        /* Each thread stages 4 elements of each tile; consecutive threads walk the contiguous dimension. */
#pragma unroll
        for (int q = 0; q < 4; q++) {
            const int l = tid + q * JACE_GEMM_THREADS;
            int r, kk;
            if (TRANS_A) { /* a is [kdim, m] */
                kk = l / JACE_GEMM_BM;
                r = l % JACE_GEMM_BM;
            } else { /* a is [m, kdim] */
                r = l / JACE_GEMM_BK;
                kk = l % JACE_GEMM_BK;
            }
            const int gm = m0 + r, gk = k0 + kk;
            float v = 0.f;
            if (gm < m && gk < kdim) {
                v = TRANS_A ? a[(long long)gk * m + gm] : a[(long long)gm * kdim + gk];
            }
            as[kk][r] = v;
        }
#pragma unroll
        for (int q = 0; q < 4; q++) {
            const int l = tid + q * JACE_GEMM_THREADS;
            int c, kk;
            if (TRANS_B) { /* b is [n, kdim] */
                c = l / JACE_GEMM_BK;
                kk = l % JACE_GEMM_BK;
            } else { /* b is [kdim, n] */
                kk = l / JACE_GEMM_BN;
                c = l % JACE_GEMM_BN;
            }
            const int gn = n0 + c, gk = k0 + kk;
            float v = 0.f;
            if (gn < n && gk < kdim) {
                v = TRANS_B ? b[(long long)gn * kdim + gk] : b[(long long)gk * n + gn];
            }
            bs[kk][c] = v;
        }
        __syncthreads();
        const int kmax = min(JACE_GEMM_BK, kdim - k0); /* zero padding is exact anyway; this skips dead FMAs */
        for (int kk = 0; kk < kmax; kk++) {
            float ra[4], rb[4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                ra[i] = as[kk][ty + 16 * i];
                rb[i] = bs[kk][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 4; i++) {
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
        const int gm = m0 + ty + 16 * i;
        if (gm >= m) {
            continue;
        }
#pragma unroll
        for (int j = 0; j < 4; j++) {
            const int gn = n0 + tx + 16 * j;
            if (gn < n) {
                out[(long long)gm * n + gn] = acc[i][j];
            }
        }
    }
}

#endif
