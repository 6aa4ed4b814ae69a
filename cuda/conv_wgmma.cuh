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
 *   - conv_wgmma128_filter_kernel<PREC> / conv_wgmma256_filter_kernel<PREC>: backward_filter's split-K partials on
 *     the same main loop (wgmma_gemm), which conv_packed_filter.cuh's fold sums into dw. Both operands are 16-byte
 *     copies too: A from a K-major copy of dy, B from a copy of x per tap column, with K numbered by output rows
 *     padded to whole vectors (4 TF32 or 8 BF16 pixels; conv_wgmma_layout.cuh).
 *   - conv_wgmma128_plain_kernel<PREC> / conv_wgmma256_plain_kernel<PREC>: a plain GEMM on the same main loop and
 *     epilogue, from K-major matrices that need no address arithmetic: the loop's own ceiling, which conv_gpu_check
 *     bench sets between cuBLAS's GEMM and the convolutions.
 * Each output is the sum the tensor cores make of its K products, in the same order on every run; no atomics.
 */
#ifndef JACE_CONV_WGMMA_CUH
#define JACE_CONV_WGMMA_CUH

#include "conv_packed_gemm.cuh"
#include "conv_wgmma_layout.cuh"
#include "wgmma.cuh"

namespace jace_conv {

/* Bt [Npad][k * k * Cpad], the packed filter K-major, by rows (jace_for_rows). */
template <int PREC>
__global__ void __launch_bounds__(256)
    conv_pack_filter_kmajor_kernel(const __grid_constant__ ConvParams p, const __grid_constant__ PackedParams q,
                                   const PackDivisors d, const float *__restrict__ w,
                                   typename SmemType<PREC>::type *__restrict__ bt) {
    const int k = q.ktiles * PBK;
    jace_for_rows(q.Npad, k, [&](int n, int kk) {
        const int src = packed_filter_source(p, q, d, kk, n);
        bt[n * k + kk] = to_smem<PREC>(src < 0 ? 0.f : __ldg(w + src));
    });
}

/* The thread's share of a tile copy (THREADS threads), in both operands' core-matrix layout (WgmmaSmem<PREC>::at).
 * Vectors, 16 bytes each (E = 4 TF32 or 8 BF16 values), V = PBK / E of them a row's K tile, of a ROWS-row tile: slot
 * r (0 .. VECTORS - 1) is c = tid + THREADS r, row 8 (c / 8V) + c % 8 at k = E ((c / 8) % V), a quarter warp's 8
 * vectors 128 contiguous bytes of shared memory; where THREADS does not divide the tile's vectors (a 192-row tile's
 * 384 threads), the last slot is only some threads'. */
template <int PREC, int THREADS>
struct WgmmaLanes {
    typedef WgmmaSmem<PREC> Smem;
    static constexpr int ROW_VECTORS = PBK / Smem::PER_ROW;
    template <int ROWS>
    static constexpr int VECTORS = (ROWS * ROW_VECTORS + THREADS - 1) / THREADS;
    int tid;
    __device__ __forceinline__ WgmmaLanes() : tid(threadIdx.x) {}
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
    /* Where each slot's row of a ROWS-row tile of a K-major matrix starts: rows `stride` elements apart from row0 on
     * (a slot with no vector of the tile takes row0; it copies nothing). */
    template <int ROWS, class T>
    __device__ __forceinline__ void row_starts(const T *row0, long long stride,
                                               const T *(&starts)[VECTORS<ROWS>]) const {
#pragma unroll
        for (int r = 0; r < VECTORS<ROWS>; ++r) starts[r] = row0 + (has_vector<ROWS>(r) ? vector_row(r) : 0) * stride;
    }
    /* The copies of K tile kt of those rows (row_starts) into tile. */
    template <int ROWS, class T>
    __device__ __forceinline__ void copy_rows(T *tile, const T *const (&starts)[VECTORS<ROWS>], int kt) const {
        copy_vectors<ROWS>(tile, [&](int r) { return starts[r] + kt * PBK + vector_k(r); });
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
        lanes.template row_starts<WGMMA_BN>(bt + n0 * kdepth, kdepth, b_rows);
    }

    /* Starts the copies of K tile kt (the next after the previous call) into a stage: A at As, B at Bs. */
    __device__ __forceinline__ void issue(int kt, T *As, T *Bs) {
        const int shift = packed_channels_last_shift(q, tap);
        lanes.template copy_vectors<BM>(As, [&](int r) { return a_rows[r] + shift + lanes.vector_k(r); });
        lanes.template copy_rows<WGMMA_BN>(Bs, b_rows, kt);
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
         * start on this step's tiles before the threads spend their issue slots on the copies' addresses. */
        if (step + 2 < steps) issue_step(step + 2);
        __pipeline_commit();
    }
    wgmma_wait<0>();
}

/* write(row_of(ml), nl, value) for each of this thread's accumulators, C[ml][nl] of the block's tile: row_of (where
 * an output row starts) is asked once for each of the thread's two rows, not for each of their 32 accumulators (an
 * integer division in the data kernels' epilogue). For a given register, a warp's lanes hold 8 consecutive rows of 4
 * column pairs: stores along ml fill whole 32-byte sectors. */
template <class RowOf, class Write>
__device__ __forceinline__ void wgmma_store(const float (&acc)[64], RowOf row_of, Write write) {
    using namespace jace_wgmma;
    const int t = threadIdx.x % 128, rows = 64 * (threadIdx.x / 128);
    const auto r0 = row_of(rows + wgmma_acc_row(t, 0));
    const auto r1 = row_of(rows + wgmma_acc_row(t, 2));
#pragma unroll
    for (int i = 0; i < 64; ++i) write(i % 4 < 2 ? r0 : r1, wgmma_acc_col(t, i), acc[i]);
}

/* y[m, n] (scattered by packed_out_row) = sum over K of A[m, k] Bt[n, k]; one block per BM x 128 output tile. */
template <int PREC, int BM>
__device__ __forceinline__ void wgmma_data_tile(const PackedParams &q, const typename SmemType<PREC>::type *ap,
                                                const typename SmemType<PREC>::type *bt, float *y) {
    const int m0 = blockIdx.x * BM, n0 = blockIdx.y * WGMMA_BN, hw = q.HO * q.WO;
    WgmmaDataOperands<PREC, BM> ops(q, ap, bt, m0, n0);
    float acc[64];
    wgmma_gemm<PREC, BM>(ops, q.ktiles, acc);
    wgmma_store(
        acc, [&](int ml) { return m0 + ml < q.M ? y + packed_out_row(q, m0 + ml) : nullptr; },
        [&](float *row, int nl, float v) {
            const int n = n0 + nl;
            if (row != nullptr && n < q.N) row[n * hw] = v;
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
 * operands K-major as wgmma's TF32 needs them, from conv_wgmma_layout.cuh's copies by output rows of whole vectors:
 * dyK (A) and xS (B), rounded to the precision. Partials and fold as conv_packed_filter.cuh's.
 */

/* dyK: NePad rows of Ppad elements, by rows (jace_for_rows); reads and writes along p. K by output rows
 * (wgmma_rows_params' view), or by images (IMAGES: wgmma_tma_filter_params'). */
template <int PREC, bool IMAGES>
__global__ void __launch_bounds__(256)
    conv_to_kmajor_kernel(const __grid_constant__ FilterParams f, const FilterDivisors d,
                          const float *__restrict__ dy, typename SmemType<PREC>::type *__restrict__ dyk) {
    jace_for_rows(f.NePad, f.Ppad, [&](int ne, int p) {
        const long long src = IMAGES ? images_dy_source(f, d, ne, p) : rows_dy_source(f, d, ne, p);
        dyk[(long long)ne * f.Ppad + p] = to_smem<PREC>(src < 0 ? 0.f : __ldg(dy + src));
    });
}

/* xS: k x CePad planes (tap column v, channel ce) of rows_plane(f) elements, a plane a row (jace_for_rows); reads
 * and writes along a row. */
template <int PREC>
__global__ void __launch_bounds__(256)
    conv_to_shifted_planes_kernel(const __grid_constant__ FilterParams f, const FilterDivisors d,
                                  const float *__restrict__ x, typename SmemType<PREC>::type *__restrict__ xs) {
    const long long plane = rows_plane(f);
    jace_for_rows(f.k * f.CePad, plane, [&](int pl, long long e) {
        const int v = pl / f.CePad, ce = pl - v * f.CePad;
        const long long src = rows_x_source(f, d, v, ce, (int)e);
        xs[pl * plane + e] = to_smem<PREC>(src < 0 ? 0.f : __ldg(x + src));
    });
}

/* backward_filter's operands: A dyK's rows from pixel p on, B the 16-byte vectors of xS's planes (tap column v,
 * channels ce0 ..) at rows_offset, no bounds checks. A thread's B vectors all start at the same k of the tile, so one
 * RowsCursor gives their offset. */
template <int PREC, int BM>
struct WgmmaFilterOperands {
    typedef typename SmemType<PREC>::type T;
    typedef WgmmaLanes<PREC, WgmmaTile<PREC, BM>::THREADS> Lanes;
    static_assert(WgmmaTile<PREC, BM>::THREADS / 8 % Lanes::ROW_VECTORS == 0, "a thread's B vectors at one k");
    static constexpr int VB = Lanes::template VECTORS<WGMMA_BN>;
    const FilterParams &f;
    const T *dyk, *planes[VB]; /* slot r's plane: its row's (tap column, channel) */
    int m0, p0;
    Lanes lanes;
    RowsCursor b;

    __device__ __forceinline__ WgmmaFilterOperands(const FilterParams &f_, const T *dyk_, const T *xs, int m0_,
                                                   int ce0, int t, int p0_)
        : f(f_), dyk(dyk_), m0(m0_), p0(p0_), b(f_, p0_ + lanes.vector_k(0), t / f_.k) {
        const long long v = t % f_.k;
#pragma unroll
        for (int r = 0; r < VB; ++r) {
            const int ce = ce0 + (lanes.template has_vector<WGMMA_BN>(r) ? lanes.vector_row(r) : 0);
            planes[r] = xs + (v * f_.CePad + ce) * rows_plane(f_);
        }
    }

    __device__ __forceinline__ void issue(int kt, T *As, T *Bs) {
        const int p = p0 + kt * PBK, offset = b.offset(f);
        lanes.template copy_vectors<BM>(
            As, [&](int r) { return dyk + (long long)(m0 + lanes.vector_row(r)) * f.Ppad + p + lanes.vector_k(r); });
        lanes.template copy_vectors<WGMMA_BN>(Bs, [&](int r) { return planes[r] + offset; });
        b.advance(f);
    }
};

/* This block's tile of backward_filter's split-K partials, part[z][col][ne] = sum over split z's pixels of A B^T (col =
 * t * CePad + ce), for its rows from m0, channels from ce0, tap t and pixels from p0; f's tiles BM x 128 (f.BM = BM,
 * f.BN = WGMMA_BN). */
template <int PREC, int BM>
__device__ __forceinline__ void wgmma_filter_tile(const FilterParams &f, const typename SmemType<PREC>::type *dyk,
                                                  const typename SmemType<PREC>::type *xs, float *part) {
    const int m0 = blockIdx.x * BM, t = filter_tap_of(f, blockIdx.y), col0 = filter_col0(f, blockIdx.y);
    const int kbeg = blockIdx.z * f.kchunk, ktiles = min(f.ktiles, kbeg + f.kchunk) - kbeg;
    WgmmaFilterOperands<PREC, BM> ops(f, dyk, xs, m0, col0 - t * f.CePad, t, kbeg * PBK);
    float acc[64];
    wgmma_gemm<PREC, BM>(ops, ktiles, acc);
    float *out = part + blockIdx.z * filter_part_size(f) + (long long)col0 * f.NePad + m0;
    wgmma_store(
        acc, [&](int ml) { return out + ml; }, [&](float *row, int nl, float v) { row[nl * f.NePad] = v; });
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA128_THREADS, 2)
    conv_wgmma128_filter_kernel(const __grid_constant__ FilterParams f,
                                const typename SmemType<PREC>::type *__restrict__ dyk,
                                const typename SmemType<PREC>::type *__restrict__ xs, float *__restrict__ part) {
    wgmma_filter_tile<PREC, 128>(f, dyk, xs, part);
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA256_THREADS, 1)
    conv_wgmma256_filter_kernel(const __grid_constant__ FilterParams f,
                                const typename SmemType<PREC>::type *__restrict__ dyk,
                                const typename SmemType<PREC>::type *__restrict__ xs, float *__restrict__ part) {
    wgmma_filter_tile<PREC, 256>(f, dyk, xs, part);
}

/* ------------------------------------------------------------------ plain GEMM: the main loop's ceiling
 *
 * C^T [N][M] = A [M][K] B [N][K]^T from K-major operands already rounded to the precision (M a multiple of BM, N of
 * WGMMA_BN, K of PBK), C stored as the convolutions store their output: the same copies, main loop and epilogue on
 * operands whose rows are plain strides. Its rate against cuBLAS's GEMM is the pipeline's; the convolutions' rates
 * against its, the cost of their operands' addressing.
 */
template <int PREC, int BM>
struct WgmmaPlainOperands {
    typedef typename SmemType<PREC>::type T;
    typedef WgmmaLanes<PREC, WgmmaTile<PREC, BM>::THREADS> Lanes;
    static constexpr int VA = Lanes::template VECTORS<BM>, VB = Lanes::template VECTORS<WGMMA_BN>;
    const T *a_rows[VA], *b_rows[VB]; /* slot r's row: its first element */
    Lanes lanes;

    __device__ __forceinline__ WgmmaPlainOperands(const T *a, const T *b, int m0, int n0, int k) {
        lanes.template row_starts<BM>(a + (long long)m0 * k, k, a_rows);
        lanes.template row_starts<WGMMA_BN>(b + (long long)n0 * k, k, b_rows);
    }

    __device__ __forceinline__ void issue(int kt, T *As, T *Bs) {
        lanes.template copy_rows<BM>(As, a_rows, kt);
        lanes.template copy_rows<WGMMA_BN>(Bs, b_rows, kt);
    }
};

template <int PREC, int BM>
__device__ __forceinline__ void wgmma_plain_tile(int m, int k, const typename SmemType<PREC>::type *a,
                                                 const typename SmemType<PREC>::type *b, float *c) {
    const int m0 = blockIdx.x * BM, n0 = blockIdx.y * WGMMA_BN;
    WgmmaPlainOperands<PREC, BM> ops(a, b, m0, n0, k);
    float acc[64];
    wgmma_gemm<PREC, BM>(ops, k / PBK, acc);
    wgmma_store(
        acc, [&](int ml) { return c + m0 + ml; },
        [&](float *row, int nl, float v) { row[(long long)(n0 + nl) * m] = v; });
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA128_THREADS, 2)
    conv_wgmma128_plain_kernel(int m, int k, const typename SmemType<PREC>::type *__restrict__ a,
                               const typename SmemType<PREC>::type *__restrict__ b, float *__restrict__ c) {
    wgmma_plain_tile<PREC, 128>(m, k, a, b, c);
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA256_THREADS, 1)
    conv_wgmma256_plain_kernel(int m, int k, const typename SmemType<PREC>::type *__restrict__ a,
                               const typename SmemType<PREC>::type *__restrict__ b, float *__restrict__ c) {
    wgmma_plain_tile<PREC, 256>(m, k, a, b, c);
}

} // namespace jace_conv

#endif
