/*
 * conv_wgmma_tma.cuh — the wgmma main loop fed by Hopper's tensor memory accelerator (sm_90a; primitives in tma.cuh),
 * wgmma_tma_gemm, in 128 x 128 block tiles (WGMMA_TMA_BM x WGMMA_BN) of operands already rounded to the precision:
 *   - conv_wgmma_tma_plain_kernel<PREC>: C^T [N][M] = A [M][K] B [N][K]^T from K-major matrices, as conv_wgmma.cuh's
 *     plain kernel stores it: the loop's ceiling beside the cp.async loop's, which conv_gpu_check bench times side by
 *     side;
 *   - conv_wgmma_tma_data_kernel<PREC>: forward and backward_data (JACE_CONV_KERNELS=wgmma-tma), A from the input's
 *     channels-last copy through a rank-4 map, a box of 8 pixels of a row a segment of the tile's rows
 *     (wgmma_tma_data_params), B the filter packed K-major with each tap's channels padded to the K tile;
 *   - conv_wgmma_tma_filter_kernel<PREC>: backward_filter's split-K partials (JACE_CONV_KERNELS=wgmma-tma), A from dy
 *     K-major by images, B from the cp.async loop's shifted planes of x through a rank-3 map (wgmma_tma_filter_params,
 *     conv_wgmma_layout.cuh), folded into dw as conv_wgmma.cuh's filter kernels' partials are.
 * A block is three warpgroups:
 *   - warpgroup 2 produces: one thread waits for a stage of the ring to be free (its `empty` barrier), expects the
 *     stage's bytes on its `full` barrier and issues the tensor copies of a K tile of A's 128 rows and B's (a 128-row
 *     box each, or the data kernel's 16 boxes of 8 rows for A), each row 128 bytes (32 TF32 or 64 BF16 values) in
 *     128-byte swizzle, the kernel's `issue` giving their coordinates; its other threads exit;
 *   - warpgroups 0 and 1 consume rows 0-63 and 64-127: each waits for the stage's `full` barrier, issues the tile's 4
 *     multiplies (wgmma.m64n128k8 TF32 or m64n128k16 BF16, the descriptors' start 32 bytes further along K each),
 *     commits them, waits until at most that group is pending, and then frees the previous stage: lane 0 of each
 *     warp arrives on its `empty` barrier (8 arrivals a stage) once the warp's lanes have all waited.
 * No consumer computes a copy's address, and no thread waits at a block-wide barrier in the main loop: the copies are
 * the copy engine's (the producer steps its coordinates by additions), and a stage's readiness is its barrier's. Each
 * output is the sum of its K products in the same order on every run; no atomics.
 */
#ifndef JACE_CONV_WGMMA_TMA_CUH
#define JACE_CONV_WGMMA_TMA_CUH

#include "conv_wgmma.cuh"
#include "tma.cuh"

namespace jace_conv {

/* The main loop of a block's 128 x 128 tile over ktiles K tiles (ring and barriers: WgmmaTmaTile,
 * conv_wgmma_layout.cuh): issue(kt, a, b, bar), called by the producer thread alone, starts the tensor copies of K
 * tile kt (the next after the previous call) into the stage at a (A's 128 rows, then B's at b), the stage's bytes
 * completing bar. Returns false in the producer warpgroup, whose threads have no more to do; true in the consumers,
 * acc then holding the thread's wgmma fragment (wgmma.cuh) of C = A B^T, warpgroup g rows 64 g .. 64 g + 63. */
template <int PREC, class Issue>
__device__ __forceinline__ bool wgmma_tma_gemm(int ktiles, Issue issue, float (&acc)[64]) {
    using namespace jace_wgmma;
    using namespace jace_tma;
    typedef WgmmaTmaTile<PREC> Tile;
    constexpr int STAGES = WGMMA_TMA_STAGES;
    extern __shared__ __align__(128) unsigned char wgmma_tma_smem[];
    const std::uint32_t smem_address = shared_address(wgmma_tma_smem);
    unsigned char *const ring = wgmma_tma_smem + ((smem_address + 1023u) / 1024u * 1024u - smem_address);
    std::uint64_t *const full = reinterpret_cast<std::uint64_t *>(ring + Tile::RING), *const empty = full + STAGES;
    const int warpgroup = threadIdx.x / 128;
    if (threadIdx.x == 0) {
        for (int s = 0; s < STAGES; ++s) {
            mbarrier_init(full + s, 1);
            mbarrier_init(empty + s, Tile::CONSUMER_WARPS);
        }
        fence_barrier_init();
    }
    __syncthreads();

    if (warpgroup == 2) {
        if (threadIdx.x == 256) {
            for (int kt = 0; kt < ktiles; ++kt) {
                const int s = kt % STAGES;
                mbarrier_wait(empty + s, (kt / STAGES & 1) ^ 1); /* the first pass finds every stage free */
                mbarrier_arrive_expect_tx(full + s, Tile::STAGE);
                unsigned char *const stage = ring + s * Tile::STAGE;
                issue(kt, stage, stage + Tile::A_BYTES, full + s);
            }
        }
        return false;
    }

#pragma unroll
    for (int i = 0; i < 64; ++i) acc[i] = 0.f;
    const std::uint32_t ring_address = shared_address(ring);
    for (int kt = 0; kt < ktiles; ++kt) {
        const int s = kt % STAGES;
        mbarrier_wait(full + s, kt / STAGES & 1);
        wgmma_fence();
        const std::uint32_t a = ring_address + s * Tile::STAGE + warpgroup * 64 * Tile::ROW_BYTES;
        const std::uint32_t b = ring_address + s * Tile::STAGE + Tile::A_BYTES;
        wgmma_sw128_k_tile<(int)sizeof(typename Tile::T)>(acc, a, b);
        wgmma_commit();
        wgmma_wait<1>(); /* tile kt - 1's multiplies have read their stage */
        if (kt > 0) {
            __syncwarp();
            if (threadIdx.x % 32 == 0) mbarrier_arrive(empty + (kt - 1) % STAGES);
        }
    }
    wgmma_wait<0>();
    return true;
}

template <int PREC>
__global__ void __launch_bounds__(WGMMA_TMA_THREADS, 1)
    conv_wgmma_tma_plain_kernel(const __grid_constant__ CUtensorMap a_map, const __grid_constant__ CUtensorMap b_map,
                                int m, int k, float *__restrict__ c) {
    typedef WgmmaTmaTile<PREC> Tile;
    const int m0 = blockIdx.x * WGMMA_TMA_BM, n0 = blockIdx.y * WGMMA_BN;
    float acc[64];
    const auto issue = [&](int kt, unsigned char *a, unsigned char *b, std::uint64_t *bar) {
        jace_tma::tma_load_2d(a, &a_map, kt * Tile::BK, m0, bar);
        jace_tma::tma_load_2d(b, &b_map, kt * Tile::BK, n0, bar);
    };
    if (!wgmma_tma_gemm<PREC>(k / Tile::BK, issue, acc)) return;
    wgmma_store(
        acc, [&](int ml) { return c + m0 + ml; },
        [&](float *row, int nl, float v) { row[(long long)(n0 + nl) * m] = v; });
}

/* Forward / backward_data on the tensor-copy loop (d: wgmma_tma_data_params' view, conv_wgmma_layout.cuh): y[m, n] =
 * sum over K of A[m, k] Bt[n, k], A's K tile at each of the tile's 16 segments one box of aP (a_map, rank 4), B's the
 * K-major filter's (b_map, 2D). The producer locates its segments once, then steps the tap and channels by
 * additions; the epilogue drops the columns past WO and stores as conv_wgmma.cuh's data kernels do. */
template <int PREC>
__global__ void __launch_bounds__(WGMMA_TMA_THREADS, 1)
    conv_wgmma_tma_data_kernel(const __grid_constant__ CUtensorMap a_map, const __grid_constant__ CUtensorMap b_map,
                               const __grid_constant__ WgmmaTmaData d, float *__restrict__ y) {
    constexpr int BK = WgmmaTmaTile<PREC>::BK, SEGMENTS = WGMMA_TMA_BM / TMA_SEGMENT;
    constexpr int BOX = TMA_SEGMENT * WgmmaTmaTile<PREC>::ROW_BYTES;
    const PackedParams &q = d.q;
    const int m0 = blockIdx.x * WGMMA_TMA_BM, n0 = blockIdx.y * WGMMA_BN, hw = q.HO * q.WO;
    int seg_j[SEGMENTS], seg_i[SEGMENTS], seg_n[SEGMENTS]; /* each segment's first output: column, row, image */
    int u = 0, v = 0, c0 = 0;
    float acc[64];
    const auto issue = [&](int kt, unsigned char *a, unsigned char *b, std::uint64_t *bar) {
        if (kt == 0) {
#pragma unroll
            for (int s = 0; s < SEGMENTS; ++s) {
                const TmaPixel px = tma_data_pixel(d, m0 + s * TMA_SEGMENT);
                seg_j[s] = px.j;
                seg_i[s] = px.i;
                seg_n[s] = px.nb;
            }
        }
#pragma unroll
        for (int s = 0; s < SEGMENTS; ++s)
            jace_tma::tma_load_4d(a + s * BOX, &a_map, c0, seg_j[s] + v, seg_i[s] + u, seg_n[s], bar);
        jace_tma::tma_load_2d(b, &b_map, kt * BK, n0, bar);
        c0 += BK;
        if (c0 == d.tap_tiles * BK) {
            c0 = 0;
            if (++v == q.k) {
                v = 0;
                ++u;
            }
        }
    };
    if (!wgmma_tma_gemm<PREC>(d.ktiles, issue, acc)) return;
    wgmma_store(
        acc,
        [&](int ml) -> float * {
            if (m0 + ml >= d.M) return nullptr;
            const TmaPixel px = tma_data_pixel(d, m0 + ml);
            return px.j < q.WO ? y + (long long)px.nb * q.N * hw + px.i * q.WO + px.j : nullptr;
        },
        [&](float *row, int nl, float value) {
            const int n = n0 + nl;
            if (row != nullptr && n < q.N) row[(long long)n * hw] = value;
        });
}

/* backward_filter's split-K partials on the tensor-copy loop (f: wgmma_tma_filter_params' view, conv_wgmma_layout.cuh),
 * as conv_wgmma.cuh's filter kernels store them: part[z][col][ne] = sum over split z's K tiles of A B^T, this block's
 * rows from m0, tap t, channels from ce0. A's K tiles are dyK's (a_map, 2D), B's boxes of x's shifted planes (b_map,
 * 3D): the producer keeps the K tile's image and pixel within it, with no division a tile. */
template <int PREC>
__global__ void __launch_bounds__(WGMMA_TMA_THREADS, 1)
    conv_wgmma_tma_filter_kernel(const __grid_constant__ CUtensorMap a_map, const __grid_constant__ CUtensorMap b_map,
                                 const __grid_constant__ FilterParams f, float *__restrict__ part) {
    constexpr int BK = WgmmaTmaTile<PREC>::BK;
    const int m0 = blockIdx.x * WGMMA_TMA_BM, t = filter_tap_of(f, blockIdx.y), col0 = filter_col0(f, blockIdx.y);
    const int kbeg = blockIdx.z * f.kchunk, ktiles = min(f.ktiles, kbeg + f.kchunk) - kbeg;
    const int image = tma_image_k(f), u = t / f.k, plane = (t % f.k) * f.CePad + col0 - t * f.CePad;
    int nb = kbeg * BK / image, pixel = kbeg * BK - nb * image;
    float acc[64];
    const auto issue = [&](int kt, unsigned char *a, unsigned char *b, std::uint64_t *bar) {
        jace_tma::tma_load_2d(a, &a_map, (kbeg + kt) * BK, m0, bar);
        jace_tma::tma_load_3d(b, &b_map, u * f.WOr + pixel, nb, plane, bar);
        pixel += BK;
        if (pixel == image) {
            pixel = 0;
            ++nb;
        }
    };
    if (!wgmma_tma_gemm<PREC>(ktiles, issue, acc)) return;
    float *out = part + blockIdx.z * filter_part_size(f) + (long long)col0 * f.NePad + m0;
    wgmma_store(
        acc, [&](int ml) { return out + ml; }, [&](float *row, int nl, float v) { row[nl * f.NePad] = v; });
}

} // namespace jace_conv

#endif
