/*
 * conv_wgmma_layout.cuh — the tile and shared-memory geometry of the wgmma convolution kernel (conv_wgmma.cuh), apart
 * from its Hopper-only instructions so that host code (test/kernel_dynamic_smem.cu) can size its launch.
 */
#ifndef JACE_CONV_WGMMA_LAYOUT_CUH
#define JACE_CONV_WGMMA_LAYOUT_CUH

#include "conv_packed_index.cuh"

namespace jace_conv {

/* A block tile is BM x WGMMA_BN, BM (128, 192 or 256) rows as BM / 64 warpgroups of 128 threads, each multiplying
 * its 64 rows by the tile's 128 columns. 128 rows run two blocks an SM, 192 and 256 rows one (registers bound both),
 * a 256-row tile reading each B tile once for four warpgroups instead of twice for two: a quarter less shared-memory
 * fill a FLOP. 192 rows (forward and backward_data only) are for the grids that the other two heights spread over the
 * SMs unevenly (wgmma_data_rows). */
constexpr int WGMMA_BN = 128;
constexpr int WGMMA128_THREADS = 256;
constexpr int WGMMA192_THREADS = 384;
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
    static_assert(BM == 128 || BM == 192 || BM == 256, "wgmma tiles are 128, 192 or 256 rows");
    static constexpr int THREADS = BM == 128 ? WGMMA128_THREADS : BM == 192 ? WGMMA192_THREADS : WGMMA256_THREADS;
    static_assert(THREADS == 2 * BM, "a warpgroup of 128 threads for each 64 rows");
    static constexpr int A_BYTES = (BM / 8) * WgmmaSmem::SBO, B_BYTES = (WGMMA_BN / 8) * WgmmaSmem::SBO;
    static constexpr int STAGE = A_BYTES + B_BYTES, BYTES = WgmmaSmem::STAGES * STAGE;
};

/* The time of a forward / backward_data grid of BM-row tiles (m rows, nt column tiles) on sms SMs, as the rows its
 * busiest SM multiplies: the blocks spread over the SMs evenly, and an SM as fast with one block as with two (one
 * warpgroup's wgmmas can keep its four tensor cores busy). */
template <int BM>
JACE_HD long long wgmma_data_cost(long long m, long long nt, int sms) {
    const long long tiles = (m + BM - 1) / BM * nt;
    return (tiles + sms - 1) / sms * BM;
}

/* The tile height wgmma_data_cost rates fastest; on a tie the taller tile (less fill a FLOP). On 132 SMs the two large
 * D4 layers of the bench take 192 (n128 c128 7x7: 264 tiles, two an SM, 384 rows; 128-row tiles put three on some
 * SMs, also 384 rows, and 256-row ones two, 512 rows), a grid of fewer tiles than SMs the shortest. */
JACE_HD int wgmma_data_rows(long long m, long long nt, int sms) {
    const long long c128 = wgmma_data_cost<128>(m, nt, sms), c192 = wgmma_data_cost<192>(m, nt, sms),
                    c256 = wgmma_data_cost<256>(m, nt, sms);
    if (c256 <= c192 && c256 <= c128) return 256;
    return c192 <= c128 ? 192 : 128;
}

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
