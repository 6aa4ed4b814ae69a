/*
 * conv_wgmma_layout.cuh — the tile and shared-memory geometry of the wgmma convolution kernel (conv_wgmma.cuh), apart
 * from its Hopper-only instructions so that host code (test/kernel_dynamic_smem.cu) can size its launch.
 */
#ifndef JACE_CONV_WGMMA_LAYOUT_CUH
#define JACE_CONV_WGMMA_LAYOUT_CUH

#include "conv_packed_index.cuh"

namespace jace_conv {

/* A block tile is BM x WGMMA_BN, BM (128 or 256) rows as BM / 64 warpgroups of 128 threads, each multiplying its 64
 * rows by the tile's 128 columns. 128 rows run two blocks an SM, 256 rows one (the same warps), reading each B tile
 * once for four warpgroups instead of twice for two: a quarter less shared-memory fill a FLOP. */
constexpr int WGMMA_BN = 128;
constexpr int WGMMA128_THREADS = 256;
constexpr int WGMMA256_THREADS = 512;

/* A stage holds A's BM x PBK tile, then B's 128 x PBK, each as core matrices (8 rows x 4 floats, 128 bytes): row r,
 * k at (r / 8) SBO + (k / 4) LBO + (r % 8) 16 + (k % 4) 4 bytes. A warpgroup's 64 rows start 8 SBO apart; the second
 * k8 step of a tile 2 LBO on. */
struct WgmmaSmem {
    static constexpr int STAGES = 4;
    static constexpr int LBO = 128, SBO = (PBK / 4) * LBO;
    /* Float offset of element (r, k) in an operand. */
    JACE_HD static constexpr int at(int r, int k) {
        return ((r / 8) * SBO + (k / 4) * LBO) / 4 + (r % 8) * 4 + k % 4;
    }
};

template <int BM>
struct WgmmaTile {
    static_assert(BM == 128 || BM == 256, "wgmma tiles are 128 or 256 rows");
    static constexpr int THREADS = BM == 128 ? WGMMA128_THREADS : WGMMA256_THREADS;
    static_assert(THREADS == 2 * BM, "a warpgroup of 128 threads for each 64 rows");
    static constexpr int A_BYTES = (BM / 8) * WgmmaSmem::SBO, B_BYTES = (WGMMA_BN / 8) * WgmmaSmem::SBO;
    static constexpr int STAGE = A_BYTES + B_BYTES, BYTES = WgmmaSmem::STAGES * STAGE;
};

/* Elements of the K-major packed filter: Npad x K, Npad a multiple of WGMMA_BN. */
JACE_HD long long wgmma_filter_size(const PackedParams &q) { return (long long)q.Npad * q.ktiles * PBK; }

/* The wgmma kernels' views of forward / backward_data (q from make_packed_params) and of backward_filter (f from
 * make_filter_params, tiles of bm rows): 128-wide tiles, the output channels (and backward_filter's rows) padded to
 * them. */
inline PackedParams wgmma_packed_params(PackedParams q) {
    q.BN = WGMMA_BN;
    q.Npad = round_up(q.N, WGMMA_BN);
    return q;
}

inline FilterParams wgmma_filter_params(FilterParams f, int bm) {
    f.BM = bm;
    f.NePad = round_up(f.Ne, bm);
    f.BN = WGMMA_BN;
    f.CePad = round_up(f.Ce, WGMMA_BN);
    return f;
}

} // namespace jace_conv

#endif
