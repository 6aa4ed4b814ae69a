/*
 * conv_implicit_gemm.cuh — implicit-GEMM convolution kernels (plain / lifting / group; FP32, TF32, BF16).
 *
 * One kernel template conv_igemm_kernel<MODE, PREC>:
 *   - block tile 64 (M) x 64 (N) x 16 (K), 256 threads, double-buffered shared memory with register staging
 *     (the next tile's global gathers are in flight while the current tile is multiplied);
 *   - A and B are gathered on the fly by the index functions of conv_index.cuh (im2col with zero padding; the
 *     group permutation and the rot90/flip of the filter are applied by index arithmetic, tables in shared memory);
 *   - PREC_FP32: exact FFMA, 4x4 outputs per thread;
 *     PREC_TF32 and PREC_BF16: mma.sync (warp_tile_mma.cuh; inputs rounded with round_tf32 or
 *     __float2bfloat16_rn while staging), float accumulate; 8 warps, each owns a 32 x 16 slab of the tile;
 *   - the epilogue goes through shared memory so that global stores are coalesced.
 * backward_filter's split-K partials are folded into dw by conv_fold_filter_kernel (conv_fold.cuh).
 */
#ifndef JACE_CONV_IMPLICIT_GEMM_CUH
#define JACE_CONV_IMPLICIT_GEMM_CUH

#include "conv_index.cuh"
#include "conv_precision.cuh"
#include "warp_tile_mma.cuh"

namespace jace_conv {

constexpr int LDS = BM + 8; /* leading dimension of As[k][m] and Bs[k][n] (BM == BN) */
constexpr int LDC = BM + 4; /* leading dimension of Cs[n][m] */
static_assert(BM == BN, "As and Bs share LDS");
static_assert(BM * BK == 4 * THREADS && BN * BK == 4 * THREADS, "each thread stages 4 A and 4 B values");

template <int PREC>
__host__ __device__ constexpr int smem_bytes() {
    int ab = 2 * 2 * BK * LDS * (int)sizeof(typename SmemType<PREC>::type);
    int c = BN * LDC * (int)sizeof(float);
    return ab > c ? ab : c;
}

/* ------------------------------------------------------------------ per-precision multiply of one K tile */

/* Exact FP32: thread (tm, tn) = (tid % 16, tid / 16) owns rows tm*4..+3, columns tn*4..+3. */
struct SimtMath {
    float acc[4][4];
    int tm, tn;
    __device__ __forceinline__ void init(int tid) {
        tm = tid % 16;
        tn = tid / 16;
#pragma unroll
        for (int a = 0; a < 4; ++a)
#pragma unroll
            for (int b = 0; b < 4; ++b) acc[a][b] = 0.f;
    }
    __device__ __forceinline__ void compute(const float *As, const float *Bs) {
#pragma unroll
        for (int kk = 0; kk < BK; ++kk) {
            float4 a = *reinterpret_cast<const float4 *>(As + kk * LDS + tm * 4);
            float4 b = *reinterpret_cast<const float4 *>(Bs + kk * LDS + tn * 4);
            float av[4] = {a.x, a.y, a.z, a.w}, bv[4] = {b.x, b.y, b.z, b.w};
#pragma unroll
            for (int i = 0; i < 4; ++i)
#pragma unroll
                for (int j = 0; j < 4; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
    }
    /* The tile's one chunk of 64 columns (BN), as WarpTileMma's store_chunk. */
    __device__ __forceinline__ void store_chunk(float *Cs, int) {
#pragma unroll
        for (int j = 0; j < 4; ++j)
            *reinterpret_cast<float4 *>(Cs + (tn * 4 + j) * LDC + tm * 4) =
                make_float4(acc[0][j], acc[1][j], acc[2][j], acc[3][j]);
    }
};

template <int PREC>
struct MathFor {
    typedef WarpTileMma<PREC, BM, BN, LDS, LDS, LDC, BK> type;
};
template <>
struct MathFor<PREC_FP32> {
    typedef SimtMath type;
};

/* ------------------------------------------------------------------ the implicit GEMM */

/*
 * C[M, N] (scattered by out_row/out_col) = A[M, K] B[K, N] over this block's K range
 * [blockIdx.z*kchunk, min(K, (blockIdx.z+1)*kchunk)).
 * FWD: A = x, B = w, C = y.  BWD_DATA: A = dy, B = w, C = dx.  BWD_FILTER: A = dy, B = x, C = ws (dWexp partials).
 * Blocks an SM asked for: BWD_FILTER three (80 registers), which ptxas chose by itself on sm_90 and then met with a
 * spill of the tile count, reloaded from the stack every K tile (asked for, it fits without one); the others two, what
 * their 100-128 registers allow.
 */
template <int MODE, int PREC>
__global__ void __launch_bounds__(THREADS, MODE == MODE_BWD_FILTER ? 3 : 2)
    conv_igemm_kernel(const __grid_constant__ ConvParams p, const IgemmDivisors d, const float *__restrict__ Asrc,
                      const float *__restrict__ Bsrc, float *__restrict__ C) {
    typedef typename SmemType<PREC>::type T;
    constexpr int SMEM = smem_bytes<PREC>();
    __shared__ __align__(128) unsigned char smem[SMEM];
    __shared__ int s_hmap[MAXG * MAXG];
    __shared__ int s_fb[MAXG], s_fda[MAXG], s_fdb[MAXG];

    T *As = reinterpret_cast<T *>(smem);               /* [2][BK][LDS], As[k][m] */
    T *Bs = reinterpret_cast<T *>(smem) + 2 * BK * LDS; /* [2][BK][LDS], Bs[k][n] */
    float *Cs = reinterpret_cast<float *>(smem);        /* [BN][LDC], after the main loop */

    const int tid = threadIdx.x;
    if (tid < MAXG * MAXG) s_hmap[tid] = p.hmap[tid];
    if (tid < MAXG) {
        s_fb[tid] = p.fb[tid];
        s_fda[tid] = p.fda[tid];
        s_fdb[tid] = p.fdb[tid];
    }
    const GroupTables tables{s_hmap, s_fb, s_fda, s_fdb};

    const int m0 = blockIdx.x * BM, n0 = blockIdx.y * BN, z = blockIdx.z;
    const int kbeg = z * p.kchunk;
    const int kend = min(p.K, kbeg + p.kchunk);
    const int num_k = (kend - kbeg + BK - 1) / BK;

    /* A staging: FWD/BWD_DATA gather along m (contiguous pixels), BWD_FILTER along k (contiguous pixels). */
    constexpr bool A_MFAST = MODE != MODE_BWD_FILTER;
    const int a_lo = A_MFAST ? tid % BM : tid % BK;  /* m (m-fast) or k (k-fast) */
    const int a_hi = A_MFAST ? tid / BM : tid / BK;  /* k base (step 4) or m base (step 16) */
    const int b_k = tid % BK, b_n = tid / BK;         /* B: k-fast, n = b_n + 16 r */

    Fix fa[A_MFAST ? 1 : 4];
    KCounter ca[A_MFAST ? 4 : 1];
    if constexpr (A_MFAST) {
        fa[0] = fix_a<MODE>(p, d, m0 + a_lo);
#pragma unroll
        for (int r = 0; r < 4; ++r) ca[r] = kc_init(p, d, kbeg + a_hi + 4 * r);
    } else {
#pragma unroll
        for (int r = 0; r < 4; ++r) fa[r] = fix_a<MODE>(p, d, m0 + a_hi + 16 * r);
        ca[0] = kc_init(p, d, kbeg + a_lo);
    }
    Fix fb[4];
#pragma unroll
    for (int r = 0; r < 4; ++r) fb[r] = fix_b<MODE>(p, d, n0 + b_n + 16 * r);
    KCounter cb = kc_init(p, d, kbeg + b_k);

    __syncthreads(); /* tables */

    float ra[4], rb[4];
    auto gather = [&]() {
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            bool ok;
            int off;
            if constexpr (A_MFAST)
                off = off_a<MODE>(p, fa[0], ca[r], kend, ok);
            else
                off = off_a<MODE>(p, fa[r], ca[0], kend, ok);
            ra[r] = ok ? __ldg(Asrc + off) : 0.f;
        }
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            bool ok;
            int off = off_b<MODE>(p, fb[r], cb, kend, tables, ok);
            rb[r] = ok ? __ldg(Bsrc + off) : 0.f;
        }
#pragma unroll
        for (int r = 0; r < (A_MFAST ? 4 : 1); ++r) kc_advance(p, ca[r]);
        kc_advance(p, cb);
    };
    auto stage = [&](int buf) {
        T *a = As + buf * BK * LDS;
        T *b = Bs + buf * BK * LDS;
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            if (A_MFAST)
                a[(a_hi + 4 * r) * LDS + a_lo] = to_smem<PREC>(ra[r]);
            else
                a[a_lo * LDS + a_hi + 16 * r] = to_smem<PREC>(ra[r]);
            b[b_k * LDS + b_n + 16 * r] = to_smem<PREC>(rb[r]);
        }
    };

    typename MathFor<PREC>::type math;
    math.init(tid);

    gather();
    stage(0);
    __syncthreads();
    for (int kt = 0; kt < num_k; ++kt) {
        const int cur = kt & 1;
        const bool more = kt + 1 < num_k;
        if (more) gather();
        math.compute(As + cur * BK * LDS, Bs + cur * BK * LDS);
        if (more) stage(cur ^ 1);
        __syncthreads();
    }

    math.store_chunk(Cs, 0);
    __syncthreads();

    if constexpr (MODE != MODE_BWD_FILTER) { /* consecutive threads: consecutive m = consecutive pixels */
        const int ml = tid % BM, m = m0 + ml;
        if (m < p.M) {
            float *row = C + out_row<MODE>(p, d, m, z);
#pragma unroll 4
            for (int r = 0; r < BN / (THREADS / BM); ++r) {
                const int nl = tid / BM + (THREADS / BM) * r, n = n0 + nl;
                if (n < p.N) row[out_col<MODE>(p, n)] = Cs[nl * LDC + ml];
            }
        }
    } else { /* consecutive threads: consecutive n (row-major partials) */
        const int nl = tid % BN, n = n0 + nl;
        if (n < p.N) {
#pragma unroll 4
            for (int r = 0; r < BM / (THREADS / BN); ++r) {
                const int ml = tid / BN + (THREADS / BN) * r, m = m0 + ml;
                if (m < p.M) C[out_row<MODE>(p, d, m, z) + n] = Cs[nl * LDC + ml];
            }
        }
    }
}

} // namespace jace_conv

#endif
