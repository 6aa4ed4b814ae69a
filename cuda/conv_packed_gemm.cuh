/*
 * conv_packed_gemm.cuh — the packed-filter convolution kernels (forward and backward_data of inputs with many
 * channels; index arithmetic and the GEMM view in conv_packed_index.cuh):
 *   - conv_pack_filter_kernel<PREC> writes the explicit filter Bp [K][Npad] once per call, rounded to PREC (TF32 as
 *     float, BF16 as bfloat16), zeros in the channel and output padding;
 *   - conv_packed_kernel<PREC, BM, BN>: block tile BM x BN (64 or 128 each) x PBK (16), 256 threads. A tile is one
 *     tap over 16 channels: each thread gathers BM/16 elements of one output pixel, one channel plane apart, behind a
 *     single bounds check, and copies Bp 16 bytes at a time. Both operands go with cp.async into a ring of 4 stages
 *     in dynamic shared memory (up to 68 KiB a block, which jace_conv_allow_shared_memory in conv.cu lets the kernels
 *     have), so that 3 K tiles are in flight while one is multiplied, in no registers; BF16's input floats land in a
 *     ring of their own, which each thread converts (its own elements) once its copies are in, and TF32's are rounded
 *     in place the same way. FP32 multiplies with FFMA (BM/16 x BN/16 outputs a thread), TF32 and BF16 with
 *     mma.sync (warp_tile_mma.cuh: 8 warps as 2 x 4, each BM/2 x BN/4); the epilogue goes through shared memory 64
 *     columns at a time, so that global stores are coalesced.
 * The main loop, the multiply and the epilogue are packed_gemm's, shared with backward_filter's channels-last kernel
 * (conv_packed_filter.cuh); each kernel brings its operands (DataOperands, FilterOperands) and its output offsets.
 * No atomics: each output is one thread's fixed-order sum, the same bits on every run.
 */
#ifndef JACE_CONV_PACKED_GEMM_CUH
#define JACE_CONV_PACKED_GEMM_CUH

#include <cuda_pipeline.h>

#include "conv_packed_index.cuh"
#include "conv_precision.cuh"
#include "planes_walk.cuh"
#include "warp_tile_mma.cuh"

namespace jace_conv {

/* Bp [k * k * Cpad][Npad], by rows (jace_for_rows). */
template <int PREC>
__global__ void __launch_bounds__(256)
    conv_pack_filter_kernel(const __grid_constant__ ConvParams p, const __grid_constant__ PackedParams q,
                            const PackDivisors d, const float *__restrict__ w,
                            typename SmemType<PREC>::type *__restrict__ bp) {
    jace_for_rows(q.ktiles * PBK, q.Npad, [&](int kk, int n) {
        const int src = packed_filter_source(p, q, d, kk, n);
        bp[kk * q.Npad + n] = to_smem<PREC>(src < 0 ? 0.f : __ldg(w + src));
    });
}

/* cp.async of one float from src to shared dst, or a zero (nothing read) where !in: one instruction with its source
 * size in a register, where __pipeline_memcpy_async's zero fill, a run-time argument, is a branch between two. The
 * emulator (no __CUDA_ARCH__) takes the primitive. */
__device__ __forceinline__ void copy_float_async(float *dst, const float *src, bool in) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"((unsigned)__cvta_generic_to_shared(dst)),
                 "l"(src), "r"(in ? 4 : 0)
                 : "memory"); /* as cuda_pipeline.h's: no shared-memory access moves across it */
#else
    __pipeline_memcpy_async(dst, src, 4, in ? 0 : 4);
#endif
}

/* The tile shapes BM x BN the launchers instantiate (native/src/conv.cu), for the code that visits each: X(BM, BN). */
#define JACE_PACKED_TILES(X) X(64, 64) X(64, 128) X(128, 64) X(128, 128)

/* Shared-memory geometry of a BM x BN tile: As[STAGES][PBK][LDA] (m fastest; the TF32 data kernels' stages hold
 * PairedA's layout instead, which fits), Bs[STAGES][PBK][LDB] (n fastest), where A lands apart as floats to be
 * converted to another type (LAND_APART) also Af[STAGES][PBK][LDA], and after the main loop Cs[64][LDC] (m fastest),
 * 64 of the tile's columns (a chunk) at a time. BYTES<LAND_APART>: the kernel's dynamic shared memory. */
template <int PREC, int BM, int BN>
struct PackedSmem {
    typedef typename SmemType<PREC>::type T;
    static constexpr int STAGES = 4;
    static constexpr int CHUNKS = BN / 64;
    static constexpr int LDA = BM + 8, LDB = BN + 8, LDC = BM + 4;
    static constexpr int STAGE = PBK * (LDA + LDB) * (int)sizeof(T), LANDING = PBK * LDA * (int)sizeof(float);
    static constexpr int CS = 64 * LDC * (int)sizeof(float);
    template <bool LAND_APART>
    static constexpr int RING = STAGES * (STAGE + (LAND_APART ? LANDING : 0));
    template <bool LAND_APART>
    static constexpr int BYTES = RING<LAND_APART> > CS ? RING<LAND_APART> : CS;
};

/* Exact FP32: thread (tm, tn) = (tid % 16, tid / 16) owns rows 64 ra + 4 tm + i and columns 64 h + 4 tn + j. */
template <int BM, int BN>
struct PackedSimt {
    typedef PackedSmem<PREC_FP32, BM, BN> S;
    static constexpr int RA = BM / 64, CH = S::CHUNKS;
    float acc[RA][4][CH][4];
    int tm, tn;
    __device__ __forceinline__ void init(int tid) {
        tm = tid % 16;
        tn = tid / 16;
        float *a = &acc[0][0][0][0];
#pragma unroll
        for (int i = 0; i < RA * 4 * CH * 4; ++i) a[i] = 0.f;
    }
    __device__ __forceinline__ void compute(const float *As, const float *Bs) {
#pragma unroll
        for (int kk = 0; kk < PBK; ++kk) {
            float av[RA][4], bv[CH][4];
#pragma unroll
            for (int ra = 0; ra < RA; ++ra) {
                const float4 a = *reinterpret_cast<const float4 *>(As + kk * S::LDA + 64 * ra + 4 * tm);
                av[ra][0] = a.x, av[ra][1] = a.y, av[ra][2] = a.z, av[ra][3] = a.w;
            }
#pragma unroll
            for (int h = 0; h < CH; ++h) {
                const float4 b = *reinterpret_cast<const float4 *>(Bs + kk * S::LDB + 64 * h + 4 * tn);
                bv[h][0] = b.x, bv[h][1] = b.y, bv[h][2] = b.z, bv[h][3] = b.w;
            }
#pragma unroll
            for (int ra = 0; ra < RA; ++ra)
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int h = 0; h < CH; ++h)
#pragma unroll
                        for (int j = 0; j < 4; ++j) acc[ra][i][h][j] = fmaf(av[ra][i], bv[h][j], acc[ra][i][h][j]);
        }
    }
    /* Chunk h, columns 64 h .. 64 h + 63, into Cs[n - 64 h][m]. */
    __device__ __forceinline__ void store_chunk(float *Cs, int h) {
#pragma unroll
        for (int ra = 0; ra < RA; ++ra)
#pragma unroll
            for (int j = 0; j < 4; ++j)
                *reinterpret_cast<float4 *>(Cs + (4 * tn + j) * S::LDC + 64 * ra + 4 * tm) =
                    make_float4(acc[ra][0][h][j], acc[ra][1][h][j], acc[ra][2][h][j], acc[ra][3][h][j]);
    }
};

template <int PREC, int BM, int BN, bool A_PAIRED>
struct PackedMathFor {
    typedef PackedSmem<PREC, BM, BN> S;
    typedef WarpTileMma<PREC, BM, BN, S::LDA, S::LDB, S::LDC, PBK, A_PAIRED> type;
};
template <int BM, int BN, bool A_PAIRED>
struct PackedMathFor<PREC_FP32, BM, BN, A_PAIRED> {
    typedef PackedSimt<BM, BN> type;
};

/* Two blocks an SM (so at most 128 registers a thread): while one waits at a barrier, the other's warps run; three
 * for 64 x 64 tiles (at most 80 registers), which the grids too small for 128-row tiles take. (sm_80's TF32 128 x 128
 * tile had needed one block an SM, 154-156 registers, while its fragments were loaded through generic addresses.) */
template <int BM, int BN>
__host__ __device__ constexpr int packed_min_blocks() {
    return BM == 64 && BN == 64 ? 3 : 2;
}

/* A PBK x W tile of T copied from rows of a row-major source with 16-byte cp.async: thread tid moves vectors
 * tid + PTHREADS r (with W = 64 and bfloat16, the first half of the threads only), of tile rows row(tid, r);
 * row_start(r, kr) is the source row's first element of the tile for that vector r of row kr. */
template <typename T, int W>
struct TileCopy {
    static constexpr int VEC = 16 / (int)sizeof(T), ROW = W / VEC, VECS = PBK * ROW;
    static constexpr int LOADS = (VECS + PTHREADS - 1) / PTHREADS;
    static_assert(VECS % PTHREADS == 0 || VECS < PTHREADS, "the tile splits evenly over the threads");
    /* Whether thread tid moves a vector r, the tile row it lies in and its first element's column. */
    __device__ __forceinline__ static bool moves(int tid, int r) { return tid + PTHREADS * r < VECS; }
    __device__ __forceinline__ static int row(int tid, int r) { return (tid + PTHREADS * r) / ROW; }
    __device__ __forceinline__ static int column(int tid, int r) { return (tid + PTHREADS * r) % ROW * VEC; }
    template <class RowStart>
    __device__ __forceinline__ static void issue(int tid, RowStart row_start, T *tile, int ld) {
        issue_from(tid, [&](int r) { return row_start(r, row(tid, r)) + column(tid, r); }, tile, ld);
    }
    /* The same from each vector's own source, source(r). */
    template <class Source>
    __device__ __forceinline__ static void issue_from(int tid, Source source, T *tile, int ld) {
#pragma unroll
        for (int r = 0; r < LOADS; ++r) {
            if (moves(tid, r)) __pipeline_memcpy_async(tile + row(tid, r) * ld + column(tid, r), source(r), 16);
        }
    }
};

/* A thread's share of TileCopy's tiles from consecutive K tiles (PBK rows each) of a row-major source, `ld` elements
 * a row: each 16-byte vector's own source, stepped a K tile at a time (next), where rebuilding it from its row every
 * tile had cost 64-bit arithmetic and constant-memory reloads (the data kernels' B, the filter gradient's A). */
template <typename T, int W>
struct TileSource {
    typedef TileCopy<T, W> Copy;
    const T *src[Copy::LOADS];
    /* From source row `row0` on, the tile's first column at `col0`. */
    __device__ __forceinline__ TileSource(int tid, const T *base, int row0, int ld, int col0) {
#pragma unroll
        for (int r = 0; r < Copy::LOADS; ++r) {
            src[r] = base + (long long)(row0 + Copy::row(tid, r)) * ld + col0 + Copy::column(tid, r);
        }
    }
    /* Copies this tile into `tile` (rows of tile_ld elements). */
    __device__ __forceinline__ void issue(int tid, T *tile, int tile_ld) const {
        Copy::issue_from(tid, [&](int r) { return src[r]; }, tile, tile_ld);
    }
    /* On to the next tile. */
    __device__ __forceinline__ void next(int ld) {
#pragma unroll
        for (int r = 0; r < Copy::LOADS; ++r) src[r] += PBK * ld;
    }
};

/*
 * The main loop and epilogue of the packed GEMMs: C[m, n] = sum over ktiles K tiles of As[k][m] Bs[k][n] (As in
 * PairedA's layout where Ops::A_PAIRED). ops.issue(A, Bs) starts the cp.async copies of the next K tile into a stage,
 * STAGES - 1 tiles in flight: A is As's stage, or where Ops::LAND_APART the stage of A's floats; where Ops::CONVERT_A,
 * ops.convert(A, As) then rounds or converts them into As (each thread the elements it copied, between its wait and
 * the barrier; in place where A is As's stage). Then, 64 columns at a time, write(nl, ml, value) stores
 * C[m0 + ml, n0 + nl], thread tid writing ml = tid % BM (consecutive threads, consecutive m) and
 * nl = tid / BM + (PTHREADS / BM) r.
 */
template <int PREC, int BM, int BN, class Ops, class Write>
__device__ __forceinline__ void packed_gemm(Ops &ops, int ktiles, Write write) {
    typedef PackedSmem<PREC, BM, BN> S;
    typedef typename S::T T;
    static_assert((BM == 64 || BM == 128) && (BN == 64 || BN == 128), "a packed tile has 64 or 128 rows and columns");
    constexpr int STAGES = S::STAGES; /* launched with S::BYTES<Ops::LAND_APART> */
    static_assert((STAGES & (STAGES - 1)) == 0, "tile kt's stage is kt & (STAGES - 1)");
    typedef typename Ops::ALand AL;
    extern __shared__ __align__(128) unsigned char packed_smem[];
    T *const As = reinterpret_cast<T *>(packed_smem);
    T *const Bs = As + STAGES * PBK * S::LDA;
    AL *const Al = Ops::LAND_APART ? reinterpret_cast<AL *>(Bs + STAGES * PBK * S::LDB) : reinterpret_cast<AL *>(As);
    float *Cs = reinterpret_cast<float *>(packed_smem);
    const int tid = threadIdx.x;
    const auto a_stage = [&](int s) { return As + (s & (STAGES - 1)) * PBK * S::LDA; };
    const auto b_stage = [&](int s) { return Bs + (s & (STAGES - 1)) * PBK * S::LDB; };
    const auto a_land = [&](int s) { return Al + (s & (STAGES - 1)) * PBK * S::LDA; };

    typename PackedMathFor<PREC, BM, BN, Ops::A_PAIRED>::type math;
    math.init(tid);
    /* A commit after every issue, empty or not, keeps tile kt in the group that STAGES - 2 newer ones follow. */
#pragma unroll
    for (int s = 0; s < STAGES - 1; ++s) {
        if (s < ktiles) ops.issue(a_land(s), b_stage(s));
        __pipeline_commit();
    }
    for (int kt = 0; kt < ktiles; ++kt) {
        __pipeline_wait_prior(STAGES - 2);
        if constexpr (Ops::CONVERT_A) ops.convert(a_land(kt), a_stage(kt));
        __syncthreads(); /* every thread's copies of tile kt landed; every warp done with tile kt - 1's stage */
        if (kt + STAGES - 1 < ktiles) ops.issue(a_land(kt + STAGES - 1), b_stage(kt + STAGES - 1)); /* kt - 1's */
        __pipeline_commit();
        math.compute(a_stage(kt), b_stage(kt));
    }
    __pipeline_wait_prior(0);
    __syncthreads(); /* every warp done with the last stage before Cs overwrites it */

    constexpr int STEP = PTHREADS / BM;
    const int ml = tid % BM, nl0 = tid / BM;
#pragma unroll
    for (int h = 0; h < S::CHUNKS; ++h) {
        if (h > 0) __syncthreads(); /* the previous chunk's stores have read Cs */
        math.store_chunk(Cs, h);
        __syncthreads();
#pragma unroll 4
        for (int r = 0; r < 64 / STEP; ++r) {
            const int nl = nl0 + STEP * r;
            write(64 * h + nl, ml, Cs[nl * S::LDC + ml]);
        }
    }
}

/* Forward / backward_data operands: A gathered from the NCHW input (a thread's PBK / (PTHREADS / BM) elements of one
 * pixel, channel planes apart: GatherMap), copied as the floats they are with cp.async (4 bytes each, zero-filled
 * outside the image), then rounded to TF32 in place or converted to BF16 from a landing ring of their own (convert:
 * each element once, by the thread that copied it, where rounding each warp's fragments had rounded it once for every
 * warp that loads it); B the packed filter's rows. */
template <int PREC, int BM, int BN>
struct DataOperands {
    typedef typename SmemType<PREC>::type T;
    typedef PackedSmem<PREC, BM, BN> S;
    typedef float ALand;
    static constexpr bool CONVERT_A = PREC != PREC_FP32, LAND_APART = PREC == PREC_BF16;
    static constexpr bool A_PAIRED = PREC == PREC_TF32;
    typedef GatherMap<BM, A_PAIRED> Map;
    static constexpr int AROWS = Map::AROWS;
    /* The words between a thread's elements r and r + 1 in a stage. */
    static constexpr int ROW_STEP = A_PAIRED ? Map::ASTEP / 2 * PairedA<BM>::LD : Map::ASTEP * S::LDA;
    const PackedParams &q;
    const float *x;
    int tid, k0, a_at; /* k0: the channel of the thread's first element, a_at: its word in a stage */
    PackedRow row;
    PackedTap tap;
    TileSource<T, BN> b; /* the packed filter's rows from the next tile's on */

    /* From K tile kbeg on. */
    __device__ __forceinline__ DataOperands(const PackedParams &q_, const float *x_, const T *bp_, int m0, int n0_,
                                            int kbeg)
        : q(q_), x(x_), tid(threadIdx.x), k0(Map::first_row(threadIdx.x)),
          row(packed_row(q_, m0 + Map::column(threadIdx.x))), tap(packed_tap_at(q_, kbeg)),
          b(threadIdx.x, bp_, kbeg * PBK, q_.Npad, n0_) {
        const int ml = Map::column(tid);
        /* paired: row k0 = 4 s + R, R < ASTEP/2, is PairedA's row R */
        a_at = A_PAIRED ? k0 % 4 * PairedA<BM>::LD + PairedA<BM>::column(ml, k0 / 4) : k0 * S::LDA + ml;
    }

    /* A thread's elements of a tile lie row_step planes apart: one pointer stepped from the first, each element's
     * bound a comparison with the thread's channels left (none where the tile row is outside the image), where
     * x + off + kr * plane, predicated, had been rebuilt in 64 bits for each of them. */
    __device__ __forceinline__ void issue(float *Af, T *Bs) {
        const int off = packed_a_offset(q, row, tap);
        const long long plane = (long long)q.H * q.W;
        const float *src = x + (off < 0 ? 0 : off + k0 * plane);
        const int channels = off < 0 ? 0 : q.C - tap.c0 - k0; /* of this thread's, from its first on */
#pragma unroll
        for (int r = 0; r < AROWS; ++r) {
            const bool in = Map::row_step(r) < channels;
            copy_float_async(Af + a_at + ROW_STEP * r, in ? src : x, in);
            if (r + 1 < AROWS) src += (Map::row_step(r + 1) - Map::row_step(r)) * plane;
        }
        b.issue(tid, Bs, S::LDB);
        b.next(q.Npad);
        packed_tap_advance(q, tap);
    }
    /* This thread's elements of a landed tile, from Af's floats into As's precision (Af == As for TF32). */
    __device__ __forceinline__ void convert(const float *Af, T *As) const {
#pragma unroll
        for (int r = 0; r < AROWS; ++r) As[a_at + ROW_STEP * r] = to_smem<PREC>(Af[a_at + ROW_STEP * r]);
    }
};

/* The dynamic shared memory conv_packed_kernel<PREC, BM, BN> is launched with. */
template <int PREC, int BM, int BN>
constexpr int conv_packed_smem_bytes() {
    return PackedSmem<PREC, BM, BN>::template BYTES<DataOperands<PREC, BM, BN>::LAND_APART>;
}

/* y[m, n] (scattered by packed_out_row) = sum over K of A[m, k] Bp[k, n]; one block per BM x BN output tile and K
 * split (blockIdx.z: its q.kchunk K tiles, summed into y's z-th partial of M x N; y itself where K is whole). */
template <int PREC, int BM, int BN>
__global__ void __launch_bounds__(PTHREADS, packed_min_blocks<BM, BN>())
    conv_packed_kernel(const __grid_constant__ PackedParams q, const float *__restrict__ x,
                       const typename SmemType<PREC>::type *__restrict__ bp, float *__restrict__ y) {
    const int m0 = blockIdx.x * BM, n0 = blockIdx.y * BN;
    const int kbeg = blockIdx.z * q.kchunk, ktiles = min(q.ktiles, kbeg + q.kchunk) - kbeg;
    DataOperands<PREC, BM, BN> ops(q, x, bp, m0, n0, kbeg);
    y += blockIdx.z * packed_output_size(q);
    const int m = m0 + threadIdx.x % BM; /* packed_gemm's write column, which need not be the gather's */
    const int hw = q.HO * q.WO, orow = m < q.M ? packed_out_row(q, m) : 0;
    packed_gemm<PREC, BM, BN>(ops, ktiles, [&](int nl, int, float v) {
        if (m < q.M && n0 + nl < q.N) y[orow + (n0 + nl) * hw] = v;
    });
}

} // namespace jace_conv

#endif
