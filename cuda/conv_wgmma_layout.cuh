/*
 * conv_wgmma_layout.cuh — the tile and shared-memory geometry of the wgmma convolution kernel (conv_wgmma.cuh), apart
 * from its Hopper-only instructions so that host code (test/kernel_dynamic_smem.cu) can size its launch.
 */
#ifndef JACE_CONV_WGMMA_LAYOUT_CUH
#define JACE_CONV_WGMMA_LAYOUT_CUH

#include "conv_packed_index.cuh"
#include "conv_precision.cuh"
#include "fast_divisor.cuh"

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

/* A stage holds one K tile: A's BM x PBK tile, then B's 128 x PBK, each as core matrices (8 rows x 16 bytes, 128
 * bytes: PER_ROW = 4 TF32 or 8 BF16 values a row): row r, k at (r / 8) SBO + (k / PER_ROW) LBO + (r % 8) 16 +
 * (k % PER_ROW) ELEMENT bytes. A warpgroup's 64 rows start 8 SBO apart; TF32's second k8 step of a tile 2 LBO on
 * (BF16's one k16 step takes the tile whole). The main loop waits at a barrier once a step of STEP_TILES K tiles: one
 * TF32 tile (two wgmmas), two BF16 tiles (two wgmmas, 64 bytes of a row as TF32's one). The tensor cores multiply BF16
 * at twice TF32's rate, so a step of one BF16 tile would give the same barrier and waits half the work to hide behind.
 * The ring holds 4 steps (STAGES tiles, the same shared memory for both precisions): two steps in flight while one is
 * multiplied and the one before may still be. */
template <int PREC>
struct WgmmaSmem {
    static_assert(PREC == PREC_TF32 || PREC == PREC_BF16, "wgmma kernels are TF32 or BF16");
    static constexpr int STEP_TILES = PREC == PREC_BF16 ? 2 : 1, STAGES = 4 * STEP_TILES;
    static constexpr int ELEMENT = PREC == PREC_BF16 ? 2 : 4, PER_ROW = 16 / ELEMENT;
    static constexpr int LBO = 128, SBO = (PBK / PER_ROW) * LBO;
    /* Element offset of (r, k) in an operand. */
    JACE_HD static constexpr int at(int r, int k) {
        return ((r / 8) * SBO + (k / PER_ROW) * LBO) / ELEMENT + (r % 8) * PER_ROW + k % PER_ROW;
    }
};

template <int PREC, int BM>
struct WgmmaTile {
    static_assert(BM == 128 || BM == 192 || BM == 256, "wgmma tiles are 128, 192 or 256 rows");
    static constexpr int THREADS = BM == 128 ? WGMMA128_THREADS : BM == 192 ? WGMMA192_THREADS : WGMMA256_THREADS;
    static_assert(THREADS == 2 * BM, "a warpgroup of 128 threads for each 64 rows");
    static constexpr int A_BYTES = (BM / 8) * WgmmaSmem<PREC>::SBO, B_BYTES = (WGMMA_BN / 8) * WgmmaSmem<PREC>::SBO;
    static constexpr int STAGE = A_BYTES + B_BYTES, BYTES = WgmmaSmem<PREC>::STAGES * STAGE;
};

/* The tensor-copy loop (conv_wgmma_tma.cuh's plain GEMM and backward_filter): 128 x 128 tiles, two consumer warpgroups
 * and a producer's. */
constexpr int WGMMA_TMA_BM = 128;
constexpr int WGMMA_TMA_THREADS = 384; /* two consumer warpgroups, then the producer's */
constexpr int WGMMA_TMA_STAGES = 6;

/* The ring of WGMMA_TMA_STAGES stages (A's 128 rows of 128 bytes, then B's), 1024-byte aligned as the 128-byte
 * swizzle wants, then each stage's full barrier, then each one's empty barrier; BYTES adds the 1024 bytes the ring's
 * alignment may skip at the start of dynamic shared memory. */
template <int PREC>
struct WgmmaTmaTile {
    typedef typename SmemType<PREC>::type T;
    static constexpr int ROW_BYTES = 128, BK = ROW_BYTES / (int)sizeof(T);
    static constexpr int A_BYTES = WGMMA_TMA_BM * ROW_BYTES, B_BYTES = WGMMA_BN * ROW_BYTES;
    static constexpr int STAGE = A_BYTES + B_BYTES, RING = WGMMA_TMA_STAGES * STAGE;
    static constexpr int BYTES = 1024 + RING + 2 * WGMMA_TMA_STAGES * 8;
    static constexpr int CONSUMER_WARPS = (WGMMA_TMA_THREADS - 128) / 32; /* all but the producer warpgroup's */
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

/* The time of a backward_filter grid of `tiles` output tiles of bm rows, K (ktiles tiles) split into at most `splits`
 * chunks (tiles_per_split), in rows x K tiles its busiest SM multiplies, as wgmma_data_cost counts them. */
inline long long wgmma_filter_cost(long long tiles, int ktiles, int splits, int sms, int bm) {
    const int chunk = tiles_per_split(ktiles, splits), chunks = (ktiles + chunk - 1) / chunk;
    return (tiles * chunks + sms - 1) / sms * bm * chunk;
}

/* The splits, 1 to `most`, that wgmma_filter_cost rates cheapest; the fewest on a tie (fewer partial sums to write
 * and fold). On 132 SMs n32 c32 28x28's 18 tiles of 256 rows take 7 (126 blocks, one an SM) where two waves' worth
 * were 15 (270 blocks: three on 6 SMs). */
inline int wgmma_filter_splits(long long tiles, int ktiles, int most, int sms, int bm) {
    int best = 1;
    for (int s = 2; s <= most; ++s)
        if (wgmma_filter_cost(tiles, ktiles, s, sms, bm) < wgmma_filter_cost(tiles, ktiles, best, sms, bm)) best = s;
    return best;
}

/* Elements of the K-major packed filter (TF32 or BF16): Npad x K, Npad a multiple of WGMMA_BN. */
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

/* ------------------------------------------------------------------ backward_filter: output rows of whole vectors
 *
 * backward_filter's B operand (x at a tap's shift) is copied in 16-byte vectors of E consecutive pixels (E = PER_ROW:
 * 4 TF32, 8 BF16; cp.async has no 2-byte copy, and gathering TF32's 4 bytes an element took a copy instruction and an
 * index load per element). K numbers output pixel (nb, i, j) (nb*HO + i)*WOr + j, each output row padded to WOr = WO
 * rounded up to E, so that a vector of E consecutive K never crosses a row; and x is copied once per tap column v, as
 * planes with rows of WOr pixels:
 *   dyK [NePad][Ppad]              dyK[ne][K(nb, i, j)] = dy[nb, ne, i, j]              (zero for j >= WO, past P, Ne)
 *   xS  [k][CePad][n][Hp][WOr]     xS[v][ce][nb][r][j] = x[nb, ce, r - pad, j + v - pad]  (zero outside x)
 * so that B(ce, K(nb, i, j)) at tap (u, v) is xS[v][ce][nb][i + u][j]: the E pixels from a K multiple of E are 16
 * aligned bytes at rows_offset(f, K, u) of plane (v, ce). K past P reads offset 0, which dyK's zeros cancel, and so do
 * the pixels j >= WO of a padded row. */

/* The view f (make_filter_params') with K numbered by rows of WOr pixels, whole vectors of PREC's. */
template <int PREC>
inline FilterParams wgmma_rows_params(FilterParams f) {
    f.WOr = round_up(f.WO, WgmmaSmem<PREC>::PER_ROW);
    f.P = f.n * f.HO * f.WOr;
    f.Ppad = round_up(f.P, PBK);
    f.ktiles = f.Ppad / PBK;
    f.kchunk = f.ktiles;
    return f;
}

/* Elements of xS. */
JACE_HD long long filter_xs_size(const FilterParams &f) { return (long long)f.k * f.CePad * f.n * f.Hp * f.WOr; }

/* Output pixel (nb, i, j) of K index p < f.P, numbered by rows of f.WOr pixels (j >= WO: a padded row's tail). */
struct RowsPixel {
    int nb, i, j;
};

JACE_HD RowsPixel rows_pixel(const FilterParams &f, int p) {
    const int r = p / f.WOr, nb = r / f.HO;
    return {nb, r - nb * f.HO, p - r * f.WOr};
}

/* The divisors of the index math of backward_filter's dyK and xS copies (conv_wgmma.cuh), made once on the host: a
 * division written plainly is nvcc's integer division routine, tens of instructions, and the copies take two to four
 * an element. image: the tensor-copy view's K indices an image (tma_image_k). */
struct FilterDivisors {
    jace_fast_divisor wor, ho, hp, image;
};

inline FilterDivisors filter_divisors(const FilterParams &f) {
    return {jace_make_fast_divisor((unsigned)f.WOr), jace_make_fast_divisor((unsigned)f.HO),
            jace_make_fast_divisor((unsigned)f.Hp), jace_make_fast_divisor((unsigned)(f.P / f.n))};
}

/* rows_pixel by the divisors. */
JACE_HD RowsPixel rows_pixel(const FilterParams &f, const FilterDivisors &d, int p) {
    const int r = (int)jace_fast_div(d.wor, (unsigned)p), nb = (int)jace_fast_div(d.ho, (unsigned)r);
    return {nb, r - nb * f.HO, p - r * f.WOr};
}

/* dy's offset of dyK[ne][p] (p numbered by rows of f.WOr pixels), or -1 where dyK holds zero. */
JACE_HD long long rows_dy_source(const FilterParams &f, const FilterDivisors &d, int ne, int p) {
    if (ne >= f.Ne || p >= f.P) return -1;
    const RowsPixel px = rows_pixel(f, d, p);
    if (px.j >= f.WO) return -1;
    return (((long long)px.nb * f.Ne + ne) * f.HO + px.i) * f.WO + px.j;
}

/* x's offset of element e of xS's plane of tap column v and channel ce (rows of WOr pixels, Hp of them an image, n
 * images), or -1 where xS holds zero. */
JACE_HD long long rows_x_source(const FilterParams &f, const FilterDivisors &d, int v, int ce, int e) {
    const int row = (int)jace_fast_div(d.wor, (unsigned)e), j = e - row * f.WOr;
    const int nb = (int)jace_fast_div(d.hp, (unsigned)row), r = row - nb * f.Hp;
    const int i = r - f.pad, jx = j + v - f.pad;
    if (ce >= f.Ce || (unsigned)i >= (unsigned)f.H || (unsigned)jx >= (unsigned)f.W) return -1;
    return (((long long)nb * f.Ce + ce) * f.H + i) * f.W + jx;
}

/* Offset in an xS plane of the pixels from K index p (a multiple of the vector) at tap row u; 0 past P. */
JACE_HD long long rows_offset(const FilterParams &f, int p, int u) {
    if (p >= f.P) return 0;
    const RowsPixel px = rows_pixel(f, p);
    return ((long long)px.nb * f.Hp + px.i + u) * f.WOr + px.j;
}

/* Elements of an xS plane (one tap column and channel). */
JACE_HD long long rows_plane(const FilterParams &f) { return (long long)f.n * f.Hp * f.WOr; }

/* rows_offset(f, p, u) for p = p0, p0 + PBK, p0 + 2 PBK, ... (p0 a multiple of the vector) with no division a step,
 * which a K tile's copies would otherwise spend two of on each vector: pixel p's column j and output row i, and the
 * offset of that row at tap row u in an xS plane (an int: conv.cu takes this path only where a plane's offsets are). */
struct RowsCursor {
    int p, j = 0, i = 0, row = 0;
    JACE_HD RowsCursor(const FilterParams &f, int p0, int u) : p(p0) {
        if (p0 >= f.P) return;
        const RowsPixel px = rows_pixel(f, p0);
        j = px.j;
        i = px.i;
        row = (px.nb * f.Hp + px.i + u) * f.WOr;
    }
    JACE_HD int offset(const FilterParams &f) const { return p < f.P ? row + j : 0; }
    /* On to p + PBK; past P, where offset is 0, the rest no longer matters. */
    JACE_HD void advance(const FilterParams &f) {
        p += PBK;
        for (j += PBK; j >= f.WOr; j -= f.WOr) {
            row += f.WOr;
            if (++i == f.HO) {
                i = 0;
                row += (f.Hp - f.HO) * f.WOr;
            }
        }
    }
};

/* ------------------------------------------------------------------ backward_filter on the tensor-copy loop
 *
 * conv_wgmma_tma.cuh's backward_filter reads both operands with tensor copies of one K tile (WgmmaTmaTile's BK, 128
 * bytes: 32 TF32 or 64 BF16 pixels) a row: A from dyK as a plain 2D map, B from the xS planes above (rows of WOr
 * pixels) as a 3D map {Hp WOr, n, k CePad}, a box of BK pixels of one image in 128 planes (tap column v, channels ce0
 * on). A box's pixels are consecutive in a plane only within an image, so K numbers output pixel (nb, i, j)
 * nb IMG + i WOr + j, each image's HO WOr pixels padded to IMG, a whole number of K tiles (7x7: 56 -> 64; 28x28: 784
 * -> 800 TF32, and BF16's rows of 32 pixels already 896, 14 tiles):
 *   dyK [NePad][n IMG]   dyK[ne][nb IMG + i WOr + j] = dy[nb, ne, i, j]   (zero for j >= WO, i >= HO, ne >= Ne)
 * and tap (u, v)'s K tile kt is the box at (u WOr + (kt % T) BK, kt / T, v CePad + ce0), T = IMG / BK: x's rows i + u
 * of image nb. Its pixels j >= WO, and those of the padding (the box past the plane's Hp WOr pixels is zero-filled),
 * meet dyK's zeros. */

/* The view f (make_filter_params') on the tensor-copy loop: K by images of IMG = f.P / f.n pixels, ktiles and kchunk
 * counted in its K tiles of WgmmaTmaTile<PREC>::BK (not PBK), 128 x 128 tiles. */
template <int PREC>
inline FilterParams wgmma_tma_filter_params(FilterParams f) {
    constexpr int BK = WgmmaTmaTile<PREC>::BK;
    f.WOr = round_up(f.WO, WgmmaSmem<PREC>::PER_ROW);
    f.P = f.n * round_up(f.HO * f.WOr, BK);
    f.Ppad = f.P;
    f.ktiles = f.P / BK;
    f.kchunk = f.ktiles;
    return wgmma_filter_params(f, WGMMA_TMA_BM);
}

/* K indices an image takes in the tensor-copy view (IMG). */
JACE_HD int tma_image_k(const FilterParams &f) { return f.P / f.n; }

/* dy's offset of the tensor-copy view's dyK[ne][p], or -1 where dyK holds zero. */
JACE_HD long long images_dy_source(const FilterParams &f, const FilterDivisors &d, int ne, int p) {
    const int nb = (int)jace_fast_div(d.image, (unsigned)p), l = p - nb * tma_image_k(f);
    const int i = (int)jace_fast_div(d.wor, (unsigned)l), j = l - i * f.WOr;
    if (ne >= f.Ne || i >= f.HO || j >= f.WO) return -1;
    return (((long long)nb * f.Ne + ne) * f.HO + i) * f.WO + j;
}

/* ------------------------------------------------------------------ forward / backward_data on the tensor-copy loop
 *
 * conv_wgmma_tma.cuh's data kernel reads A from the input's channels-last copy aP (packed_channels_last_*, its padding
 * real) through a rank-4 map {Cpad, Wp, Hp, images}, in boxes of one K tile of channels (BK: 32 TF32 or 64 BF16; zero
 * past Cpad) at TMA_SEGMENT = 8 consecutive pixels of one row: the inputs of 8 consecutive outputs of a row at one tap,
 * 8 rows of 128 bytes, one swizzle atom. M numbers output pixel (nb, i, j) by such segments, S of them a row:
 *   m = ((nb HO + i) S + j / 8) 8 + j % 8,   S = ceil(WO / 8)
 * (outputs j >= WO computed and dropped: 7 -> 8, 28 -> 32 columns), a 128-row tile 16 segments, each one box at
 * (c0, 8 s + v, i + u, nb) for tap (u, v). K numbers tap then channel as the cp.async loop's, each tap's channels
 * padded to whole K tiles: CT = round_up(C, BK), the K-major filter Bt [Npad][k² CT] (wgmma_tma_packed_filter). */
constexpr int TMA_SEGMENT = 8;

/* The data kernel's view: q (wgmma_packed_params'), the images, segments a row, M by segments, K tiles a tap and in
 * all. */
struct WgmmaTmaData {
    PackedParams q;
    int images, S, M, tap_tiles, ktiles;
};

template <int PREC>
inline WgmmaTmaData wgmma_tma_data_params(const PackedParams &q) {
    constexpr int BK = WgmmaTmaTile<PREC>::BK;
    WgmmaTmaData d;
    d.q = q;
    d.images = packed_images(q);
    d.S = (q.WO + TMA_SEGMENT - 1) / TMA_SEGMENT;
    d.M = d.images * q.HO * d.S * TMA_SEGMENT;
    d.tap_tiles = (q.C + BK - 1) / BK;
    d.ktiles = q.k * q.k * d.tap_tiles;
    return d;
}

/* The view conv_pack_filter_kmajor_kernel packs the data kernel's filter in: each tap's channels padded to CT. */
template <int PREC>
inline PackedParams wgmma_tma_packed_filter(const WgmmaTmaData &d) {
    PackedParams f = d.q;
    f.Cpad = d.tap_tiles * WgmmaTmaTile<PREC>::BK;
    f.ktiles = d.q.k * d.q.k * f.Cpad / PBK;
    return f;
}

/* Output pixel of the data kernel's row m (< d.M): image, row, column (a column >= WO is dropped). */
struct TmaPixel {
    int nb, i, j;
};

JACE_HD TmaPixel tma_data_pixel(const WgmmaTmaData &d, int m) {
    const int g = m / TMA_SEGMENT, r = g / d.S, nb = r / d.q.HO;
    return {nb, r - nb * d.q.HO, (g - r * d.S) * TMA_SEGMENT + m % TMA_SEGMENT};
}

/* backward_filter's wgmma grid: the view with its tile height, and the splits of K. */
struct WgmmaFilterGrid {
    FilterParams f;
    int splits;
};

/* The grid of f (wgmma_rows_params' view) in tiles of `only_rows` rows (128 or 256), or 0: the cheaper of the two by
 * wgmma_filter_cost, 256 on a tie; each height with the splits, up to filter_wave_splits', that wgmma_filter_splits
 * chooses. The cost counts the rows dy's channels are padded to. On 132 SMs n128 c128 7x7 takes 128 rows unsplit
 * (576 blocks, at most five an SM; 256 rows: 288, three an SM, 1.2 times the rows x K tiles) and n32 c32 28x28 256
 * rows in 7 splits. */
inline WgmmaFilterGrid wgmma_filter_grid(const FilterParams &f, int sms, int only_rows) {
    WgmmaFilterGrid best{};
    long long best_cost = -1;
    for (int rows = 256; rows >= 128; rows -= 128) {
        if (only_rows != 0 && rows != only_rows) continue;
        const FilterParams fw = wgmma_filter_params(f, rows);
        const long long tiles = filter_tiles(fw);
        const int splits = wgmma_filter_splits(tiles, fw.ktiles, filter_wave_splits(fw, sms), sms, rows);
        const long long cost = wgmma_filter_cost(tiles, fw.ktiles, splits, sms, rows);
        if (best_cost < 0 || cost < best_cost) {
            best = {fw, splits};
            best_cost = cost;
        }
    }
    return best;
}

} // namespace jace_conv

#endif
