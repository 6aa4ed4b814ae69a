/*
 * conv_wgmma.cuh — the TF32 convolutions of many channels on Hopper's warpgroup MMA (sm_90a; index arithmetic and
 * the GEMM views in conv_packed_index.cuh, as conv_packed_gemm.cuh's and conv_packed_filter.cuh's kernels):
 *   - conv_pack_filter_kmajor_kernel writes the explicit filter K-major, Bt [Npad][K] (Bt[n][kk] = Bp[kk][n] of
 *     conv_pack_filter_kernel, N padded to 128), rounded to TF32, so that a K tile of a filter row is 64 contiguous
 *     bytes: wgmma takes TF32 operands K-major only;
 *   - conv_wgmma_kernel: block tile 128 x 128 x PBK (16), 256 threads as two warpgroups, each multiplying its 64 rows
 *     by the tile's 128 columns with two wgmma.m64n128k8 a K tile, the 64 accumulators a thread in registers. Both
 *     operands go with cp.async into a ring of 4 stages of core matrices (WgmmaSmem) in dynamic shared memory: two K
 *     tiles in flight while one is multiplied and the one before may still be; each thread rounds the input floats it
 *     copied to TF32 in place once they landed. The epilogue stores from the accumulators: each store instruction of a
 *     warp writes 8 consecutive pixels of 4 channels, whole 32-byte sectors;
 *   - conv_wgmma_filter_kernel: backward_filter's split-K partials on the same main loop (wgmma_gemm), from K-major
 *     copies of dy and of x's padded channel planes (below), which conv_packed_filter.cuh's fold sums into dw.
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

/* The thread's share of a tile copy, in both operands' core-matrix layout (WgmmaSmem::at). Gathered, 4 bytes an
 * element: rows 8 (2 warp + i) + lane % 8 (i = 0, 1) at k = lane / 8 + 4 kb (kb = 0 .. 3), so that each copy
 * instruction of a warp moves 8 consecutive rows at 4 consecutive k and writes 32 different banks. Vectors, 16 bytes
 * each: c = tid + 256 r (r = 0, 1) of rows 8 (c / 32) + c % 8 at k = 4 ((c / 8) % 4), a quarter warp's 8 vectors 128
 * contiguous bytes of shared memory. */
struct WgmmaLanes {
    int lane, mb0, kq, tid;
    __device__ __forceinline__ WgmmaLanes()
        : lane(threadIdx.x % 32), mb0(2 * (threadIdx.x / 32)), kq(threadIdx.x % 32 / 8), tid(threadIdx.x) {}
    __device__ __forceinline__ int gather_row(int i) const { return 8 * (mb0 + i) + lane % 8; }
    __device__ __forceinline__ int gather_k(int kb) const { return kq + 4 * kb; }
    __device__ __forceinline__ int vector_row(int r) const { return 8 * ((tid + PTHREADS * r) / 32) + tid % 8; }
    __device__ __forceinline__ int vector_k(int r) const { return 4 * ((tid + PTHREADS * r) / 8 % 4); }
    /* The 16-byte copies of a K-major tile whose row r, K tile start, is at row_start(r). */
    template <class RowStart>
    __device__ __forceinline__ void copy_vectors(float *tile, RowStart row_start) const {
#pragma unroll
        for (int r = 0; r < 2; ++r) {
            __pipeline_memcpy_async(tile + WgmmaSmem::at(vector_row(r), vector_k(r)),
                                    row_start(vector_row(r)) + vector_k(r), 16);
        }
    }
};

/* Forward / backward_data: A gathered from the NCHW input (row = output pixel, k = channel, 4 channels a thread one
 * plane apart, zero outside the image), rounded to TF32 in place once landed; B the K-major packed filter's rows. */
struct WgmmaDataOperands {
    const PackedParams &q;
    const float *x, *bt;
    int n0, kdepth;
    WgmmaLanes lanes;
    PackedRow rows[2];
    PackedTap tap;

    __device__ __forceinline__ WgmmaDataOperands(const PackedParams &q_, const float *x_, const float *bt_, int m0,
                                                 int n0_)
        : q(q_), x(x_), bt(bt_), n0(n0_), kdepth(q_.ktiles * PBK), tap(packed_tap_first()) {
#pragma unroll
        for (int i = 0; i < 2; ++i) rows[i] = packed_row(q_, m0 + lanes.gather_row(i));
    }

    /* Starts the copies of K tile kt (the next after the previous call) into a stage: A at As, B at Bs. */
    __device__ __forceinline__ void issue(int kt, float *As, float *Bs) {
        const int plane = q.H * q.W;
#pragma unroll
        for (int i = 0; i < 2; ++i) {
            const int off = packed_a_offset(q, rows[i], tap);
#pragma unroll
            for (int kb = 0; kb < 4; ++kb) {
                const int kr = lanes.gather_k(kb);
                const bool in = off >= 0 && tap.c0 + kr < q.C;
                copy_float_async(As + WgmmaSmem::at(lanes.gather_row(i), kr), in ? x + off + kr * plane : x, in);
            }
        }
        lanes.copy_vectors(Bs, [&](int n) { return bt + (long long)(n0 + n) * kdepth + kt * PBK; });
        packed_tap_advance(q, tap);
    }

    /* Rounds this thread's A elements of a landed stage to TF32, where they lie. */
    __device__ __forceinline__ void land(float *As, float *) const {
#pragma unroll
        for (int i = 0; i < 2; ++i)
#pragma unroll
            for (int kb = 0; kb < 4; ++kb) {
                float *a = As + WgmmaSmem::at(lanes.gather_row(i), lanes.gather_k(kb));
                *a = to_smem<PREC_TF32>(*a);
            }
    }
};

/*
 * C (128 x 128, this block's tile) = sum over ktiles K tiles of A B^T into acc, the wgmma fragment of thread tid
 * (wgmma.cuh): warpgroup g = tid / 128 multiplies rows 64 g .. 64 g + 63. ops.issue(kt, As, Bs) starts the cp.async
 * copies of tile kt into a stage of the ring; ops.land(As, Bs) does what a thread must to the elements it copied
 * once they landed (TF32 rounding), before they are published.
 */
template <class Ops>
__device__ __forceinline__ void wgmma_gemm(Ops &ops, int ktiles, float (&acc)[64]) {
    using namespace jace_wgmma;
    constexpr int STAGES = WgmmaSmem::STAGES;
    extern __shared__ __align__(128) unsigned char wgmma_smem[];
    float *const ring = reinterpret_cast<float *>(wgmma_smem);
    const std::uint32_t ring_address = shared_address(wgmma_smem);
    const int warpgroup = threadIdx.x / 128;
    const auto a_stage = [&](int kt) { return ring + (kt & (STAGES - 1)) * (WgmmaSmem::STAGE / 4); };
    const auto b_stage = [&](int kt) { return a_stage(kt) + WgmmaSmem::OPERAND / 4; };

#pragma unroll
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    /* A commit after every issue, empty or not, keeps tile kt in the group that one newer follows. */
#pragma unroll
    for (int s = 0; s < 2; ++s) {
        if (s < ktiles) ops.issue(s, a_stage(s), b_stage(s));
        __pipeline_commit();
    }
    for (int kt = 0; kt < ktiles; ++kt) {
        __pipeline_wait_prior(1);
        ops.land(a_stage(kt), b_stage(kt));
        fence_proxy_async(); /* this thread's copies and roundings, to the wgmmas' reads */
        wgmma_wait<1>();     /* this warpgroup's wgmmas of tile kt - 2 have read their stage */
        __syncthreads();     /* tile kt landed and rounded by every thread; tile kt - 2's stage free in both groups */
        if (kt + 2 < ktiles) ops.issue(kt + 2, a_stage(kt + 2), b_stage(kt + 2));
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
}

/* write(ml, nl, value) for each of this thread's accumulators: C[ml][nl] of the block's tile. For a given register,
 * a warp's lanes hold 8 consecutive rows of 4 column pairs: stores along ml fill whole 32-byte sectors. */
template <class Write>
__device__ __forceinline__ void wgmma_store(const float (&acc)[64], Write write) {
    using namespace jace_wgmma;
    const int t = threadIdx.x % 128, rows = 64 * (threadIdx.x / 128);
    /* the thread's first row (i % 4 < 2), then its second: ptxas keeps the filter kernel at 124 registers this way, at
     * 128 with i in plain order */
#pragma unroll
    for (int half = 0; half < 2; ++half)
#pragma unroll
        for (int j = 0; j < 16; ++j)
#pragma unroll
            for (int i = 4 * j + 2 * half; i < 4 * j + 2 * half + 2; ++i)
                write(rows + wgmma_acc_row(t, i), wgmma_acc_col(t, i), acc[i]);
}

/* y[m, n] (scattered by packed_out_row) = sum over K of A[m, k] Bt[n, k]; one block per 128 x 128 output tile. */
__global__ void __launch_bounds__(PTHREADS, 2)
    conv_wgmma_kernel(const __grid_constant__ PackedParams q, const float *__restrict__ x,
                      const float *__restrict__ bt, float *__restrict__ y) {
    const int m0 = blockIdx.x * WGMMA_BM, n0 = blockIdx.y * WGMMA_BN, hw = q.HO * q.WO;
    WgmmaDataOperands ops(q, x, bt, m0, n0);
    float acc[64];
    wgmma_gemm(ops, q.ktiles, acc);
    wgmma_store(acc, [&](int ml, int nl, float v) {
        const int m = m0 + ml, n = n0 + nl;
        if (m < q.M && n < q.N) y[packed_out_row(q, m) + n * hw] = v;
    });
}

/* ------------------------------------------------------------------ backward_filter
 *
 * The GEMM of conv_packed_filter.cuh's view (M = dy's channels ne, N = (tap, ce), K = output pixels p), with both
 * operands K-major as wgmma's TF32 needs them, made by two copies rounded to TF32:
 *   dyK [NePad][Ppad]          dyK[ne][p] = dy[nb, ne, i, j]               (zero past Ne and P)
 *   xC  [CePad][n][Hp][Wp]     x's channel planes with its zero padding made real (zero past Ce)
 * A's tile is 16-byte copies of dyK's rows; B's is gathered: element (ce, p) = xC[ce][pix[p] + shift(tap)], 4 bytes
 * each (pix and the shift as conv_packed_filter.cuh's), no bounds checks. Partials and fold as there.
 */

/* dyK (above): grid-stride over its NePad x Ppad elements, reads and writes along p. */
__global__ void __launch_bounds__(256)
    conv_to_kmajor_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ dy,
                          float *__restrict__ dyk) {
    const long long total = filter_dyt_size(f);
    const int hw = f.HO * f.WO;
    for (long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        const int ne = (int)(idx / f.Ppad), p = (int)(idx - (long long)ne * f.Ppad);
        const int nb = p / hw;
        const float v = ne < f.Ne && p < f.P ? __ldg(dy + ((long long)nb * f.Ne + ne) * hw + (p - nb * hw)) : 0.f;
        dyk[idx] = to_smem<PREC_TF32>(v);
    }
}

/* xC (above): grid-stride over its CePad x n x Hp x Wp elements, reads and writes along a row. */
__global__ void __launch_bounds__(256)
    conv_to_padded_planes_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ x,
                                 float *__restrict__ xc) {
    const long long total = filter_xp_size(f);
    const int image = f.Hp * f.Wp, plane = f.n * image;
    for (long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        const int ce = (int)(idx / plane), rest = (int)(idx - (long long)ce * plane), nb = rest / image;
        const int r = rest - nb * image, i = r / f.Wp - f.pad, j = r % f.Wp - f.pad;
        const bool in = ce < f.Ce && (unsigned)i < (unsigned)f.H && (unsigned)j < (unsigned)f.W;
        xc[idx] = to_smem<PREC_TF32>(in ? __ldg(x + (((long long)nb * f.Ce + ce) * f.H + i) * f.W + j) : 0.f);
    }
}

/* backward_filter's operands: A dyK's rows from pixel p on, B gathered from xC's planes ce0 .. at pix[p] + shift. */
struct WgmmaFilterOperands {
    const FilterParams &f;
    const float *dyk, *xc;
    const int *pix;
    int m0, ce0, shift, p0, plane;
    WgmmaLanes lanes;

    __device__ __forceinline__ WgmmaFilterOperands(const FilterParams &f_, const float *dyk_, const float *xc_,
                                                   const int *pix_, int m0_, int ce0_, int shift_, int p0_)
        : f(f_), dyk(dyk_), xc(xc_), pix(pix_), m0(m0_), ce0(ce0_), shift(shift_), p0(p0_),
          plane(f_.n * f_.Hp * f_.Wp) {}

    __device__ __forceinline__ void issue(int kt, float *As, float *Bs) {
        const int p = p0 + kt * PBK;
        lanes.copy_vectors(As, [&](int ne) { return dyk + (long long)(m0 + ne) * f.Ppad + p; });
#pragma unroll
        for (int kb = 0; kb < 4; ++kb) {
            const int k = lanes.gather_k(kb), at = __ldg(pix + p + k) + shift;
#pragma unroll
            for (int i = 0; i < 2; ++i) {
                const int ce = lanes.gather_row(i);
                __pipeline_memcpy_async(Bs + WgmmaSmem::at(ce, k), xc + (long long)(ce0 + ce) * plane + at, 4);
            }
        }
    }

    /* The copies are rounded already. */
    __device__ __forceinline__ void land(float *, float *) const {}
};

/* part[z][col][ne] = sum over split z's pixels of dyK[ne][p] xC[ce][pix[p] + shift] (col = t * CePad + ce); f's
 * tiles 128 x 128 (BM = BN = WGMMA_BM). */
__global__ void __launch_bounds__(PTHREADS, 2)
    conv_wgmma_filter_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ dyk,
                             const float *__restrict__ xc, const int *__restrict__ pix, float *__restrict__ part) {
    const int m0 = blockIdx.x * WGMMA_BM, t = filter_tap_of(f, blockIdx.y), col0 = filter_col0(f, blockIdx.y);
    const int kbeg = blockIdx.z * f.kchunk, ktiles = min(f.ktiles, kbeg + f.kchunk) - kbeg;
    WgmmaFilterOperands ops(f, dyk, xc, pix, m0, col0 - t * f.CePad, filter_tap_shift(f, t), kbeg * PBK);
    float acc[64];
    wgmma_gemm(ops, ktiles, acc);
    float *out = part + blockIdx.z * filter_part_size(f) + (long long)col0 * f.NePad + m0;
    wgmma_store(acc, [&](int ml, int nl, float v) { out[nl * f.NePad + ml] = v; });
}

} // namespace jace_conv

#endif
