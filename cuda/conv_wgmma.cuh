/*
 * conv_wgmma.cuh — the TF32 and BF16 convolutions of many channels on Hopper's warpgroup MMA (sm_90a; index
 * arithmetic and the GEMM views in conv_packed_index.cuh, as conv_packed_gemm.cuh's and conv_packed_filter.cuh's
 * kernels):
 *   - conv_pack_filter_kmajor_kernel<PREC> writes the explicit filter K-major, Bt [Npad][K] (Bt[n][kk] = Bp[kk][n] of
 *     conv_pack_filter_kernel, N padded to 128), rounded to the precision, so that a K tile of a filter row is 64
 *     (TF32) or 32 (BF16) contiguous bytes: wgmma takes TF32 operands K-major only (BF16 either way; K-major here);
 *   - conv_wgmma128_kernel<PREC> / conv_wgmma192_kernel<PREC> / conv_wgmma256_kernel<PREC>: forward and
 *     backward_data, block tile BM x 128 x PBK (16), BM = 128, 192 or 256 rows as BM / 64 warpgroups (two blocks an
 *     SM, or one), each multiplying its 64 rows by the tile's 128 columns with two wgmma.m64n128k8 TF32 or one
 *     wgmma.m64n128k16 BF16 a K tile, the 64 accumulators a thread in registers (conv_wgmma_layout.cuh). Both
 *     operands go with 16-byte cp.async copies into a ring of core matrices (WgmmaSmem) in dynamic shared memory,
 *     a barrier a step of one TF32 or two BF16 K tiles: two steps in flight while one is multiplied and the one
 *     before may still be. The input is read from its channels-last copy (conv_packed_index.cuh; conv.cu makes it
 *     with conv_to_channels_last_kernel, rounded to the precision), where a row's K tile is 16 consecutive values at
 *     any tap: a gather from the NCHW input took a copy instruction, an index and a bounds check per value, and a
 *     rounding pass in shared memory. The epilogue stores from the accumulators: each store instruction of a warp
 *     writes 8 consecutive pixels of 4 channels, whole 32-byte sectors;
 *   - conv_wgmma128_filter_kernel / conv_wgmma256_filter_kernel: TF32 backward_filter's split-K partials on the same
 *     main loop (wgmma_gemm), from K-major copies of dy and of x's padded channel planes (below), which
 *     conv_packed_filter.cuh's fold sums into dw. Its B operand is gathered 4 bytes an element, which cp.async cannot
 *     do for BF16's 2: conv_wgmma128_bf16_filter_kernel / conv_wgmma256_bf16_filter_kernel read BF16's B in 16-byte
 *     vectors of 8 pixels instead, from a copy of x per tap column with K numbered by output rows of 8k pixels
 *     (conv_wgmma_layout.cuh).
 * Each output is the sum the tensor cores make of its K products, in the same order on every run; no atomics.
 */
#ifndef JACE_CONV_WGMMA_CUH
#define JACE_CONV_WGMMA_CUH

#include "conv_packed_gemm.cuh"
#include "conv_wgmma_layout.cuh"
#include "wgmma.cuh"

namespace jace_conv {

template <int PREC>
__global__ void __launch_bounds__(256)
    conv_pack_filter_kmajor_kernel(const __grid_constant__ ConvParams p, const __grid_constant__ PackedParams q,
                                   const float *__restrict__ w, typename SmemType<PREC>::type *__restrict__ bt) {
    const long long total = wgmma_filter_size(q), k = (long long)q.ktiles * PBK;
    for (long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        const long long n = idx / k, kk = idx - n * k;
        const int src = packed_filter_source(p, q, kk * q.Npad + n);
        bt[idx] = to_smem<PREC>(src < 0 ? 0.f : __ldg(w + src));
    }
}

/* The thread's share of a tile copy (THREADS threads), in both operands' core-matrix layout (WgmmaSmem<PREC>::at).
 * Vectors, 16 bytes each (E = 4 TF32 or 8 BF16 values), V = PBK / E of them a row's K tile, of a ROWS-row tile: slot
 * r (0 .. VECTORS - 1) is c = tid + THREADS r, row 8 (c / 8V) + c % 8 at k = E ((c / 8) % V), a quarter warp's 8
 * vectors 128 contiguous bytes of shared memory; where THREADS does not divide the tile's vectors (a 192-row tile's
 * 384 threads, TF32 B's 512 vectors), the last slot is only some threads'. Gathered (TF32 only), 4 bytes an element,
 * a 128-row tile: rows 8 (GATHERED warp + i) + lane % 8 (i < GATHERED) at k = lane / 8 + 4 kb (kb = 0 .. 3), so that
 * each copy instruction of a warp moves 8 consecutive rows at 4 consecutive k and writes 32 different banks. */
template <int PREC, int THREADS>
struct WgmmaLanes {
    typedef WgmmaSmem<PREC> Smem;
    static constexpr int ROW_VECTORS = PBK / Smem::PER_ROW;
    template <int ROWS>
    static constexpr int VECTORS = (ROWS * ROW_VECTORS + THREADS - 1) / THREADS;
    static constexpr int GATHERED = WGMMA_BN / (THREADS / 4);
    int lane, warp, tid;
    __device__ __forceinline__ WgmmaLanes() : lane(threadIdx.x % 32), warp(threadIdx.x / 32), tid(threadIdx.x) {}
    __device__ __forceinline__ int gather_row(int i) const { return 8 * (GATHERED * warp + i) + lane % 8; }
    __device__ __forceinline__ int gather_k(int kb) const { return lane / 8 + 4 * kb; }
    /* Whether slot r of a ROWS-row tile is a vector of it (always but in a last slot that is some threads' only). */
    template <int ROWS>
    __device__ __forceinline__ bool has_vector(int r) const {
        return ROWS * ROW_VECTORS % THREADS == 0 || tid + THREADS * r < ROWS * ROW_VECTORS;
    }
    __device__ __forceinline__ int vector_row(int r) const {
        return 8 * ((tid + THREADS * r) / (8 * ROW_VECTORS)) + tid % 8;
    }
    __device__ __forceinline__ int vector_k(int r) const {
        return Smem::PER_ROW * ((tid + THREADS * r) / 8 % ROW_VECTORS);
    }
    /* The 16-byte copies of a K-major ROWS-row tile whose slot-r vector (row vector_row(r), from vector_k(r) on) is at
     * source(r). */
    template <int ROWS, class T, class Source>
    __device__ __forceinline__ void copy_vectors(T *tile, Source source) const {
#pragma unroll
        for (int r = 0; r < VECTORS<ROWS>; ++r) {
            if (has_vector<ROWS>(r)) {
                __pipeline_memcpy_async(tile + Smem::at(vector_row(r), vector_k(r)), source(r), 16);
            }
        }
    }
};

/* Forward / backward_data: A from the input's channels-last copy aP (conv_packed_index.cuh, rounded to the
 * precision), a K tile of a row 16 consecutive values at its row plus the tap's shift; B the K-major packed filter's
 * rows. Both are 16-byte copies with no bounds checks: rows past M read row M - 1, and their results are not stored. */
template <int PREC, int BM>
struct WgmmaDataOperands {
    typedef typename SmemType<PREC>::type T;
    typedef WgmmaLanes<PREC, WgmmaTile<PREC, BM>::THREADS> Lanes;
    static constexpr int VA = Lanes::template VECTORS<BM>, VB = Lanes::template VECTORS<WGMMA_BN>;
    const PackedParams &q;
    const T *a_rows[VA], *b_rows[VB]; /* slot r's row: its first element */
    Lanes lanes;
    PackedTap tap;

    __device__ __forceinline__ WgmmaDataOperands(const PackedParams &q_, const T *ap, const T *bt, int m0, int n0)
        : q(q_), tap(packed_tap_at(q_, 0)) {
        const long long kdepth = (long long)q_.ktiles * PBK;
#pragma unroll
        for (int r = 0; r < VA; ++r)
            a_rows[r] = ap + packed_channels_last_row(q_, min(m0 + lanes.vector_row(r), q_.M - 1));
#pragma unroll
        for (int r = 0; r < VB; ++r)
            b_rows[r] = bt + (n0 + (lanes.template has_vector<WGMMA_BN>(r) ? lanes.vector_row(r) : 0)) * kdepth;
    }

    /* Starts the copies of K tile kt (the next after the previous call) into a stage: A at As, B at Bs. */
    __device__ __forceinline__ void issue(int kt, T *As, T *Bs) {
        const int shift = packed_channels_last_shift(q, tap);
        lanes.template copy_vectors<BM>(As, [&](int r) { return a_rows[r] + shift + lanes.vector_k(r); });
        lanes.template copy_vectors<WGMMA_BN>(Bs, [&](int r) { return b_rows[r] + kt * PBK + lanes.vector_k(r); });
        packed_tap_advance(q, tap);
    }
};

/*
 * C (BM x 128, this block's tile) = sum over ktiles K tiles of A B^T into acc, the wgmma fragment of thread tid
 * (wgmma.cuh): warpgroup g = tid / 128 multiplies rows 64 g .. 64 g + 63. ops.issue(kt, As, Bs) starts the cp.async
 * copies of tile kt (the next after the previous call) into a stage of the ring, of values already rounded to the
 * precision. The loop goes a step of STEP_TILES tiles at a time (WgmmaSmem); a last step may be short.
 */
template <int PREC, int BM, class Ops>
__device__ __forceinline__ void wgmma_gemm(Ops &ops, int ktiles, float (&acc)[64]) {
    using namespace jace_wgmma;
    typedef WgmmaTile<PREC, BM> Tile;
    typedef WgmmaSmem<PREC> Smem;
    typedef typename SmemType<PREC>::type T;
    constexpr int STAGES = Smem::STAGES, STEP_TILES = Smem::STEP_TILES;
    extern __shared__ __align__(128) unsigned char wgmma_smem[];
    T *const ring = reinterpret_cast<T *>(wgmma_smem);
    const std::uint32_t ring_address = shared_address(wgmma_smem);
    const int warpgroup = threadIdx.x / 128, steps = (ktiles + STEP_TILES - 1) / STEP_TILES;
    const auto a_stage = [&](int kt) { return ring + (kt & (STAGES - 1)) * (Tile::STAGE / Smem::ELEMENT); };
    const auto b_stage = [&](int kt) { return a_stage(kt) + Tile::A_BYTES / Smem::ELEMENT; };
    const auto issue_step = [&](int step) {
#pragma unroll
        for (int kt = step * STEP_TILES; kt < (step + 1) * STEP_TILES; ++kt)
            if (STEP_TILES == 1 || kt < ktiles) ops.issue(kt, a_stage(kt), b_stage(kt));
    };

#pragma unroll
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    /* A commit after every step's issues, empty or not, keeps step s in the group that one newer follows. */
#pragma unroll
    for (int s = 0; s < 2; ++s) {
        if (s < steps) issue_step(s);
        __pipeline_commit();
    }
    for (int step = 0; step < steps; ++step) {
        __pipeline_wait_prior(1);
        fence_proxy_async(); /* this thread's copies, to the wgmmas' reads */
        wgmma_wait<1>();     /* this warpgroup's wgmmas of step - 2 have read their stages */
        __syncthreads();     /* step's tiles landed for every thread; step - 2's stages free in every warpgroup */
        wgmma_fence();
#pragma unroll
        for (int kt = step * STEP_TILES; kt < (step + 1) * STEP_TILES; ++kt) {
            if (STEP_TILES > 1 && kt == ktiles) break; /* a short last step */
            const std::uint32_t stage = ring_address + (kt & (STAGES - 1)) * Tile::STAGE;
            const std::uint32_t a = stage + warpgroup * 8 * Smem::SBO, b = stage + Tile::A_BYTES;
            if constexpr (PREC == PREC_BF16) {
                wgmma_bf16_m64n128k16(acc, wgmma_desc(a, Smem::LBO, Smem::SBO), wgmma_desc(b, Smem::LBO, Smem::SBO));
            } else {
#pragma unroll
                for (int ks = 0; ks < PBK / 8; ++ks) {
                    wgmma_tf32_m64n128k8(acc, wgmma_desc(a + 2 * ks * Smem::LBO, Smem::LBO, Smem::SBO),
                                         wgmma_desc(b + 2 * ks * Smem::LBO, Smem::LBO, Smem::SBO));
                }
            }
        }
        wgmma_commit();
        /* The copies of step + 2 into step - 2's stages after the multiplies are queued, so that the tensor cores
         * have this step's tiles while the copies' own loads (backward_filter's pixel rows) wait on memory. */
        if (step + 2 < steps) issue_step(step + 2);
        __pipeline_commit();
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

/* y[m, n] (scattered by packed_out_row) = sum over K of A[m, k] Bt[n, k]; one block per BM x 128 output tile. */
template <int PREC, int BM>
__device__ __forceinline__ void wgmma_data_tile(const PackedParams &q, const typename SmemType<PREC>::type *ap,
                                                const typename SmemType<PREC>::type *bt, float *y) {
    const int m0 = blockIdx.x * BM, n0 = blockIdx.y * WGMMA_BN, hw = q.HO * q.WO;
    WgmmaDataOperands<PREC, BM> ops(q, ap, bt, m0, n0);
    float acc[64];
    wgmma_gemm<PREC, BM>(ops, q.ktiles, acc);
    wgmma_store(acc, [&](int ml, int nl, float v) {
        const int m = m0 + ml, n = n0 + nl;
        if (m < q.M && n < q.N) y[packed_out_row(q, m) + n * hw] = v;
    });
}

/* One kernel per tile height, each with its own bounds (kernel_resources.py checks each launch against them). */
template <int PREC>
__global__ void __launch_bounds__(WGMMA128_THREADS, 2)
    conv_wgmma128_kernel(const __grid_constant__ PackedParams q, const typename SmemType<PREC>::type *__restrict__ ap,
                         const typename SmemType<PREC>::type *__restrict__ bt, float *__restrict__ y) {
    wgmma_data_tile<PREC, 128>(q, ap, bt, y);
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA192_THREADS, 1)
    conv_wgmma192_kernel(const __grid_constant__ PackedParams q, const typename SmemType<PREC>::type *__restrict__ ap,
                         const typename SmemType<PREC>::type *__restrict__ bt, float *__restrict__ y) {
    wgmma_data_tile<PREC, 192>(q, ap, bt, y);
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA256_THREADS, 1)
    conv_wgmma256_kernel(const __grid_constant__ PackedParams q, const typename SmemType<PREC>::type *__restrict__ ap,
                         const typename SmemType<PREC>::type *__restrict__ bt, float *__restrict__ y) {
    wgmma_data_tile<PREC, 256>(q, ap, bt, y);
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

/* dyK (above; BF16's numbered by rows of f.WOr pixels, conv_wgmma_layout.cuh): grid-stride over its NePad x Ppad
 * elements, reads and writes along p. */
template <int PREC>
__global__ void __launch_bounds__(256)
    conv_to_kmajor_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ dy,
                          typename SmemType<PREC>::type *__restrict__ dyk) {
    const long long total = filter_dyt_size(f);
    for (long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        const int ne = (int)(idx / f.Ppad), p = (int)(idx - (long long)ne * f.Ppad);
        const long long src = rows8_dy_source(f, ne, p);
        dyk[idx] = to_smem<PREC>(src < 0 ? 0.f : __ldg(dy + src));
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
template <int BM>
struct WgmmaFilterOperands {
    typedef WgmmaLanes<PREC_TF32, WgmmaTile<PREC_TF32, BM>::THREADS> Lanes;
    static_assert(WGMMA_BN % (WgmmaTile<PREC_TF32, BM>::THREADS / 4) == 0,
                  "B's gathered rows shared out evenly (not 192 rows)");
    const FilterParams &f;
    const float *dyk, *xc;
    const int *pix;
    int m0, ce0, shift, p0, plane;
    Lanes lanes;

    __device__ __forceinline__ WgmmaFilterOperands(const FilterParams &f_, const float *dyk_, const float *xc_,
                                                   const int *pix_, int m0_, int ce0_, int shift_, int p0_)
        : f(f_), dyk(dyk_), xc(xc_), pix(pix_), m0(m0_), ce0(ce0_), shift(shift_), p0(p0_),
          plane(f_.n * f_.Hp * f_.Wp) {}

    __device__ __forceinline__ void issue(int kt, float *As, float *Bs) {
        const int p = p0 + kt * PBK;
        lanes.template copy_vectors<BM>(
            As, [&](int r) { return dyk + (long long)(m0 + lanes.vector_row(r)) * f.Ppad + p + lanes.vector_k(r); });
#pragma unroll
        for (int kb = 0; kb < 4; ++kb) {
            const int k = lanes.gather_k(kb), at = __ldg(pix + p + k) + shift;
#pragma unroll
            for (int i = 0; i < Lanes::GATHERED; ++i) {
                const int ce = lanes.gather_row(i);
                __pipeline_memcpy_async(Bs + WgmmaSmem<PREC_TF32>::at(ce, k), xc + (long long)(ce0 + ce) * plane + at,
                                        4);
            }
        }
    }
};

/* This block's tile of backward_filter's split-K partials, part[z][col][ne] = sum over split z's pixels of A B^T (col =
 * t * CePad + ce), from the operands operands(m0, ce0, t, p0) gives for its rows from m0, channels from ce0, tap t and
 * pixels from p0; f's tiles BM x 128 (f.BM = BM, f.BN = WGMMA_BN). */
template <int PREC, int BM, class Operands>
__device__ __forceinline__ void wgmma_filter_partials(const FilterParams &f, float *part, Operands operands) {
    const int m0 = blockIdx.x * BM, t = filter_tap_of(f, blockIdx.y), col0 = filter_col0(f, blockIdx.y);
    const int kbeg = blockIdx.z * f.kchunk, ktiles = min(f.ktiles, kbeg + f.kchunk) - kbeg;
    auto ops = operands(m0, col0 - t * f.CePad, t, kbeg * PBK);
    float acc[64];
    wgmma_gemm<PREC, BM>(ops, ktiles, acc);
    float *out = part + blockIdx.z * filter_part_size(f) + (long long)col0 * f.NePad + m0;
    wgmma_store(acc, [&](int ml, int nl, float v) { out[nl * f.NePad + ml] = v; });
}

/* TF32: A dyK's rows, B xC[ce][pix[p] + shift] (above). */
template <int BM>
__device__ __forceinline__ void wgmma_filter_tile(const FilterParams &f, const float *dyk, const float *xc,
                                                  const int *pix, float *part) {
    wgmma_filter_partials<PREC_TF32, BM>(f, part, [&](int m0, int ce0, int t, int p0) {
        return WgmmaFilterOperands<BM>(f, dyk, xc, pix, m0, ce0, filter_tap_shift(f, t), p0);
    });
}

__global__ void __launch_bounds__(WGMMA128_THREADS, 2)
    conv_wgmma128_filter_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ dyk,
                                const float *__restrict__ xc, const int *__restrict__ pix, float *__restrict__ part) {
    wgmma_filter_tile<128>(f, dyk, xc, pix, part);
}

__global__ void __launch_bounds__(WGMMA256_THREADS, 1)
    conv_wgmma256_filter_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ dyk,
                                const float *__restrict__ xc, const int *__restrict__ pix, float *__restrict__ part) {
    wgmma_filter_tile<256>(f, dyk, xc, pix, part);
}

/* BF16's backward_filter (conv_wgmma_layout.cuh's rows of 8k pixels): xS (there) from x, grid-stride over its
 * k x CePad x n x Hp x WOr elements, reads and writes along a row. */
__global__ void __launch_bounds__(256)
    conv_to_shifted_planes_kernel(const __grid_constant__ FilterParams f, const float *__restrict__ x,
                                  __nv_bfloat16 *__restrict__ xs) {
    const long long total = filter_xs_size(f);
    for (long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long)gridDim.x * blockDim.x) {
        const long long src = rows8_x_source(f, idx);
        xs[idx] = to_smem<PREC_BF16>(src < 0 ? 0.f : __ldg(x + src));
    }
}

/* BF16 backward_filter's operands: A dyK's rows from pixel p on, B the 16-byte vectors of 8 pixels of xS's planes
 * (tap column v, channels ce0 ..) at rows8_offset(f, p, u), no bounds checks. */
template <int BM>
struct WgmmaRows8FilterOperands {
    typedef WgmmaLanes<PREC_BF16, WgmmaTile<PREC_BF16, BM>::THREADS> Lanes;
    static constexpr int VB = Lanes::template VECTORS<WGMMA_BN>;
    const FilterParams &f;
    const __nv_bfloat16 *dyk, *planes[VB]; /* slot r's plane: its row's (tap column, channel) */
    int m0, u, p0;
    Lanes lanes;

    __device__ __forceinline__ WgmmaRows8FilterOperands(const FilterParams &f_, const __nv_bfloat16 *dyk_,
                                                        const __nv_bfloat16 *xs, int m0_, int ce0, int t, int p0_)
        : f(f_), dyk(dyk_), m0(m0_), u(t / f_.k), p0(p0_) {
        const long long v = t % f_.k;
#pragma unroll
        for (int r = 0; r < VB; ++r) {
            const int ce = ce0 + (lanes.template has_vector<WGMMA_BN>(r) ? lanes.vector_row(r) : 0);
            planes[r] = xs + (v * f_.CePad + ce) * rows8_plane(f_);
        }
    }

    __device__ __forceinline__ void issue(int kt, __nv_bfloat16 *As, __nv_bfloat16 *Bs) {
        const int p = p0 + kt * PBK;
        lanes.template copy_vectors<BM>(
            As, [&](int r) { return dyk + (long long)(m0 + lanes.vector_row(r)) * f.Ppad + p + lanes.vector_k(r); });
        lanes.template copy_vectors<WGMMA_BN>(
            Bs, [&](int r) { return planes[r] + rows8_offset(f, p + lanes.vector_k(r), u); });
    }
};

/* BF16: A dyK's rows, B xS[v][ce] at p's row + u (conv_wgmma_layout.cuh). */
template <int BM>
__device__ __forceinline__ void wgmma_rows8_filter_tile(const FilterParams &f, const __nv_bfloat16 *dyk,
                                                        const __nv_bfloat16 *xs, float *part) {
    wgmma_filter_partials<PREC_BF16, BM>(f, part, [&](int m0, int ce0, int t, int p0) {
        return WgmmaRows8FilterOperands<BM>(f, dyk, xs, m0, ce0, t, p0);
    });
}

__global__ void __launch_bounds__(WGMMA128_THREADS, 2)
    conv_wgmma128_bf16_filter_kernel(const __grid_constant__ FilterParams f, const __nv_bfloat16 *__restrict__ dyk,
                                     const __nv_bfloat16 *__restrict__ xs, float *__restrict__ part) {
    wgmma_rows8_filter_tile<128>(f, dyk, xs, part);
}

__global__ void __launch_bounds__(WGMMA256_THREADS, 1)
    conv_wgmma256_bf16_filter_kernel(const __grid_constant__ FilterParams f, const __nv_bfloat16 *__restrict__ dyk,
                                     const __nv_bfloat16 *__restrict__ xs, float *__restrict__ part) {
    wgmma_rows8_filter_tile<256>(f, dyk, xs, part);
}

} // namespace jace_conv

#endif
