/*
 * conv_wgmma_layout.cuh — the tile and shared-memory geometry of the wgmma convolution kernel (conv_wgmma.cuh), apart
 * from its Hopper-only instructions so that host code (test/kernel_dynamic_smem.cu) can size its launch.
 */
#ifndef JACE_CONV_WGMMA_LAYOUT_CUH
#define JACE_CONV_WGMMA_LAYOUT_CUH

#include "conv_packed_index.cuh"

namespace jace_conv {

constexpr int WGMMA_BM = 128, WGMMA_BN = 128;

/* A stage holds A's 128 x PBK tile, then B's 128 x PBK, each as core matrices (8 rows x 4 floats, 128 bytes): row r,
 * k at (r / 8) SBO + (k / 4) LBO + (r % 8) 16 + (k % 4) 4 bytes. A warpgroup's 64 rows start 8 SBO apart; the second
 * k8 step of a tile 2 LBO on. */
struct WgmmaSmem {
    static constexpr int STAGES = 4;
    static constexpr int LBO = 128, SBO = (PBK / 4) * LBO;
    static constexpr int OPERAND = (WGMMA_BM / 8) * SBO, STAGE = 2 * OPERAND;
    static constexpr int BYTES = STAGES * STAGE;
    /* Float offset of element (r, k) in an operand. */
    JACE_HD static constexpr int at(int r, int k) {
        return ((r / 8) * SBO + (k / 4) * LBO) / 4 + (r % 8) * 4 + k % 4;
    }
};
static_assert(WgmmaSmem::OPERAND == WGMMA_BN / 8 * WgmmaSmem::SBO, "A and B tiles have the same geometry");

/* Elements of the K-major packed filter: Npad x K, Npad a multiple of WGMMA_BN. */
JACE_HD long long wgmma_filter_size(const PackedParams &q) { return (long long)q.Npad * q.ktiles * PBK; }

/* The wgmma kernels' views of forward / backward_data (q from make_packed_params) and of backward_filter (f from
 * make_filter_params): 128-wide tiles, the output channels (and backward_filter's rows) padded to them. */
inline PackedParams wgmma_packed_params(PackedParams q) {
    q.BN = WGMMA_BN;
    q.Npad = round_up(q.N, WGMMA_BN);
    return q;
}

inline FilterParams wgmma_filter_params(FilterParams f) {
    f.BM = WGMMA_BM;
    f.NePad = round_up(f.Ne, WGMMA_BM);
    f.BN = WGMMA_BN;
    f.CePad = round_up(f.Ce, WGMMA_BN);
    return f;
}

} // namespace jace_conv

#endif
