/*
 * conv_wgmma_tma.cuh — the wgmma main loop fed by Hopper's tensor memory accelerator (sm_90a; primitives in tma.cuh),
 * on a plain GEMM: the next step's ceiling beside conv_wgmma.cuh's cp.async loop, which conv_gpu_check bench times
 * side by side. conv_wgmma_tma_plain_kernel<PREC> computes C^T [N][M] = A [M][K] B [N][K]^T from K-major operands
 * already rounded to the precision, in 128 x 128 block tiles (WGMMA_TMA_BM x WGMMA_BN), as conv_wgmma.cuh's plain
 * kernel stores them. A block is three warpgroups:
 *   - warpgroup 2 produces: one thread waits for a stage of the ring to be free (its `empty` barrier), expects the
 *     stage's bytes on its `full` barrier and issues two tensor copies, a 128-row box of A and one of B, each row a K
 *     tile of 128 bytes (32 TF32 or 64 BF16 values) in 128-byte swizzle; its other threads exit;
 *   - warpgroups 0 and 1 consume rows 0-63 and 64-127: each waits for the stage's `full` barrier, issues the tile's 4
 *     multiplies (wgmma.m64n128k8 TF32 or m64n128k16 BF16, the descriptors' start 32 bytes further along K each),
 *     commits them, waits until at most that group is pending, and then frees the previous stage: lane 0 of each
 *     warp arrives on its `empty` barrier (8 arrivals a stage) once the warp's lanes have all waited.
 * No thread computes a copy's address or waits at a block-wide barrier in the main loop: the copies are the copy
 * engine's, and a stage's readiness is its barrier's. Each output is the sum of its K products in the same order on
 * every run; no atomics.
 */
#ifndef JACE_CONV_WGMMA_TMA_CUH
#define JACE_CONV_WGMMA_TMA_CUH

#include "conv_wgmma.cuh"
#include "tma.cuh"

namespace jace_conv {

/* Tiles, ring and barriers: WgmmaTmaTile (conv_wgmma_layout.cuh). */
template <int PREC>
__global__ void __launch_bounds__(WGMMA_TMA_THREADS, 1)
    conv_wgmma_tma_plain_kernel(const __grid_constant__ CUtensorMap a_map, const __grid_constant__ CUtensorMap b_map,
                                int m, int k, float *__restrict__ c) {
    using namespace jace_wgmma;
    using namespace jace_tma;
    typedef WgmmaTmaTile<PREC> Tile;
    constexpr int STAGES = WGMMA_TMA_STAGES;
    extern __shared__ __align__(128) unsigned char wgmma_tma_smem[];
    const std::uint32_t smem_address = shared_address(wgmma_tma_smem);
    unsigned char *const ring = wgmma_tma_smem + ((smem_address + 1023u) / 1024u * 1024u - smem_address);
    std::uint64_t *const full = reinterpret_cast<std::uint64_t *>(ring + Tile::RING), *const empty = full + STAGES;
    const int m0 = blockIdx.x * WGMMA_TMA_BM, n0 = blockIdx.y * WGMMA_BN, ktiles = k / Tile::BK;
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
                tma_load_2d(stage, &a_map, kt * Tile::BK, m0, full + s);
                tma_load_2d(stage + Tile::A_BYTES, &b_map, kt * Tile::BK, n0, full + s);
            }
        }
        return;
    }

    float acc[64];
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
    wgmma_store(
        acc, [&](int ml) { return c + m0 + ml; },
        [&](float *row, int nl, float v) { row[(long long)(n0 + nl) * m] = v; });
}

} // namespace jace_conv

#endif
