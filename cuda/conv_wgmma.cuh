/*
 * conv_wgmma.cuh — the TF32 forward and backward_data of inputs with many channels on Hopper's warpgroup MMA (sm_90a;
 * index arithmetic and the GEMM view in conv_packed_index.cuh, as conv_packed_gemm.cuh's kernels):
 *   - conv_pack_filter_kmajor_kernel writes the explicit filter K-major, Bt [Npad][K] (Bt[n][kk] = Bp[kk][n] of
 *     conv_pack_filter_kernel, N padded to 128), rounded to TF32, so that a K tile of a filter row is 64 contiguous
 *     bytes: wgmma takes TF32 operands K-major only;
 *   - conv_wgmma_kernel: block tile 128 x 128 x PBK (16), 256 threads as two warpgroups, each multiplying its 64 rows
 *     by the tile's 128 columns with two wgmma.m64n128k8 a K tile, the 64 accumulators a thread in registers. Both
 *     operands go with cp.async into a ring of 4 stages of core matrices (WgmmaSmem) in dynamic shared memory: two K
 *     tiles in flight while one is multiplied and the one before may still be; each thread rounds the input floats it
 *     copied to TF32 in place once they landed. The epilogue stores from the accumulators: each store instruction of a
 *     warp writes 8 consecutive pixels of 4 channels, whole 32-byte sectors.
 * Each output is the sum the tensor cores make of its K products, in the same order on every run; no atomics.
 */
#ifndef JACE_CONV_WGMMA_CUH
#define JACE_CONV_WGMMA_CUH

#include "conv_packed_gemm.cuh"
#include "conv_wgmma_layout.cuh"
#include "wgmma.cuh"

namespace jace_conv {

__global__ void __launch_bounds__(256)
    conv_pack_filter_kmajor_kernel(const __grid_constant__ ConvParams p, const __grid_constant__ PackedParams q,
                                   const float *__restrict__ w, float *__restrict__ bt) {
    const long long total = wgmma_filter_size(q), k = (long long)q.ktiles * PBK;
    for (long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        const long long n = idx / k, kk = idx - n * k;
        const int src = packed_filter_source(p, q, kk * q.Npad + n);
        bt[idx] = to_smem<PREC_TF32>(src < 0 ? 0.f : __ldg(w + src));
    }
}

/* The operand copies of one thread. A: pixels m = 8 (2 warp + i) + lane % 8 (i = 0, 1) at channels lane / 8 + 4 kb
 * (kb = 0 .. 3), so that each copy instruction of a warp reads 8 consecutive pixels of 4 channel planes (whole 32-byte
 * sectors where the pixels lie in one image row) and writes 32 different banks; B: 16-byte vectors c = tid + 256 r
 * (r = 0, 1) of rows n = 8 (c / 32) + c % 8 at k = 4 ((c / 8) % 4), 8 rows' vectors a quarter warp (128 contiguous
 * bytes of shared memory). */
struct WgmmaOperands {
    const PackedParams &q;
    const float *x, *bt;
    int tid, lane, mb0, kq, n0, kdepth;
    PackedRow rows[2];
    PackedTap tap;

    __device__ __forceinline__ WgmmaOperands(const PackedParams &q_, const float *x_, const float *bt_, int m0,
                                             int n0_)
        : q(q_), x(x_), bt(bt_), tid(threadIdx.x), lane(threadIdx.x % 32), mb0(2 * (threadIdx.x / 32)),
          kq(threadIdx.x % 32 / 8), n0(n0_), kdepth(q_.ktiles * PBK), tap(packed_tap_first()) {
#pragma unroll
        for (int i = 0; i < 2; ++i) rows[i] = packed_row(q_, m0 + 8 * (mb0 + i) + lane % 8);
    }

    /* Starts the copies of K tile kt (the next after the previous call) into a stage: A at As, B at Bs. */
    __device__ __forceinline__ void issue(int kt, float *As, float *Bs) {
        const int plane = q.H * q.W;
#pragma unroll
        for (int i = 0; i < 2; ++i) {
            const int off = packed_a_offset(q, rows[i], tap), m = 8 * (mb0 + i) + lane % 8;
#pragma unroll
            for (int kb = 0; kb < 4; ++kb) {
                const int kr = kq + 4 * kb;
                const bool in = off >= 0 && tap.c0 + kr < q.C;
                copy_float_async(As + WgmmaSmem::at(m, kr), in ? x + off + kr * plane : x, in);
            }
        }
#pragma unroll
        for (int r = 0; r < 2; ++r) {
            const int c = tid + PTHREADS * r, n = 8 * (c / 32) + c % 8, k = 4 * (c / 8 % 4);
            __pipeline_memcpy_async(Bs + WgmmaSmem::at(n, k), bt + (long long)(n0 + n) * kdepth + kt * PBK + k, 16);
        }
        packed_tap_advance(q, tap);
    }

    /* Rounds this thread's A elements of a landed stage to TF32, where they lie. */
    __device__ __forceinline__ void round(float *As) const {
#pragma unroll
        for (int i = 0; i < 2; ++i)
#pragma unroll
            for (int kb = 0; kb < 4; ++kb) {
                float *a = As + WgmmaSmem::at(8 * (mb0 + i) + lane % 8, kq + 4 * kb);
                *a = to_smem<PREC_TF32>(*a);
            }
    }
};

/* y[m, n] (scattered by packed_out_row) = sum over K of A[m, k] Bt[n, k]; one block per 128 x 128 output tile. */
__global__ void __launch_bounds__(PTHREADS, 2)
    conv_wgmma_kernel(const __grid_constant__ PackedParams q, const float *__restrict__ x,
                      const float *__restrict__ bt, float *__restrict__ y) {
    using namespace jace_wgmma;
    constexpr int STAGES = WgmmaSmem::STAGES;
    extern __shared__ __align__(128) unsigned char wgmma_smem[];
    float *const ring = reinterpret_cast<float *>(wgmma_smem);
    const std::uint32_t ring_address = shared_address(wgmma_smem);
    const int m0 = blockIdx.x * WGMMA_BM, n0 = blockIdx.y * WGMMA_BN;
    const int warpgroup = threadIdx.x / 128;
    WgmmaOperands ops(q, x, bt, m0, n0);
    const auto a_stage = [&](int kt) { return ring + (kt & (STAGES - 1)) * (WgmmaSmem::STAGE / 4); };
    const auto issue = [&](int kt) {
        float *const a = a_stage(kt);
        ops.issue(kt, a, a + WgmmaSmem::OPERAND / 4);
    };

    float acc[64];
#pragma unroll
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    /* A commit after every issue, empty or not, keeps tile kt in the group that one newer follows. */
#pragma unroll
    for (int s = 0; s < 2; ++s) {
        if (s < q.ktiles) issue(s);
        __pipeline_commit();
    }
    for (int kt = 0; kt < q.ktiles; ++kt) {
        __pipeline_wait_prior(1);
        ops.round(a_stage(kt));
        fence_proxy_async(); /* this thread's copies and roundings, to the wgmmas' reads */
        wgmma_wait<1>();     /* this warpgroup's wgmmas of tile kt - 2 have read their stage */
        __syncthreads();     /* tile kt landed and rounded by every thread; tile kt - 2's stage free in both groups */
        if (kt + 2 < q.ktiles) issue(kt + 2);
        __pipeline_commit();
        const std::uint32_t a = ring_address + (kt & (STAGES - 1)) * WgmmaSmem::STAGE + warpgroup * 8 * WgmmaSmem::SBO;
        const std::uint32_t b = ring_address + (kt & (STAGES - 1)) * WgmmaSmem::STAGE + WgmmaSmem::OPERAND;
        wgmma_fence();
#pragma unroll
        for (int ks = 0; ks < PBK / 8; ++ks) {
            wgmma_tf32_m64n128k8(acc, wgmma_desc(a + 2 * ks * WgmmaSmem::LBO, WgmmaSmem::LBO, WgmmaSmem::SBO),
                                 wgmma_desc(b + 2 * ks * WgmmaSmem::LBO, WgmmaSmem::LBO, WgmmaSmem::SBO));
        }
        wgmma_commit();
    }
    wgmma_wait<0>();

    const int warp = threadIdx.x / 32 % 4, lane = threadIdx.x % 32, hw = q.HO * q.WO;
#pragma unroll
    for (int half = 0; half < 2; ++half) {
        const int m = m0 + 64 * warpgroup + 16 * warp + lane / 4 + 8 * half;
        if (m >= q.M) continue;
        const int orow = packed_out_row(q, m);
#pragma unroll
        for (int j = 0; j < 16; ++j)
#pragma unroll
            for (int e = 0; e < 2; ++e) {
                const int n = n0 + 8 * j + 2 * (lane % 4) + e;
                if (n < q.N) y[orow + n * hw] = acc[4 * j + 2 * half + e];
            }
    }
}

} // namespace jace_conv

#endif
