/*
 * conv_packed_index.cuh — index arithmetic of the packed-filter convolution (conv_packed_gemm.cuh), for forward and
 * backward_data of lifting, group and plain convolutions whose input has many channels.
 *
 * Both passes are one plain convolution of an explicit filter, which a first kernel writes ("packs") once per call:
 *   FWD       x  [n, cin_e, h, w]    conv Wexp                       -> y  [n, cout_e, ho, wo], pad
 *   BWD_DATA  dy [n, cout_e, ho, wo] conv Wexp^T rotated by 180 deg  -> dx [n, cin_e, h, w],    pad' = k - 1 - pad
 * (pad' may be negative: a negative pad crops). The GEMM is C[M, N] = A[M, K] B[K, N] with
 *   M = (nb, i, j) output pixels, N = output channels, K = (u, v, c): the k*k taps, each over the input channels
 *   padded to a multiple of PBK (Cpad).
 * Ordering K by tap first makes one K tile a single tap (u, v) over PBK channels, so whether A's row m reads inside
 * the image is decided once per tile, not per element, and its PBK elements lie one channel plane apart: the gather
 * costs a load and an add per element. The packed filter Bp [K][Npad] (N padded to BN, zeros in the padding) is
 * read with 16-byte loads, already rounded to the kernel's precision.
 *
 * Everything here is __host__ __device__ and free of CUDA intrinsics, so that native/test/conv_reference_check.cu
 * replays the kernels with these very functions.
 */
#ifndef JACE_CONV_PACKED_INDEX_CUH
#define JACE_CONV_PACKED_INDEX_CUH

#include "conv_index.cuh"
#include "fast_divisor.cuh"

namespace jace_conv {

/* Packed tiles: BM x BN outputs (template parameters, 64 or 128 each), PBK deep, PTHREADS threads. */
constexpr int PBK = 16;
constexpr int PTHREADS = 256;

struct PackedParams {
    int M, N, BN, Npad;       /* output pixels, output channels, the tile's columns, N rounded up to BN */
    int C, Cpad;              /* input channels, C rounded up to PBK */
    int H, W, HO, WO, k, pad; /* input and output maps, kernel size, padding (negative crops) */
    int ktiles;               /* K / PBK = k * k * Cpad / PBK */
    int kchunk;               /* K tiles per split (blockIdx.z; set_packed_splits) */
    int transposed;           /* 0: FWD's filter Wexp[n, c, u, v]; 1: BWD_DATA's Wexp[c, n, k-1-u, k-1-v] */
};

JACE_HD int round_up(int v, int to) { return (v + to - 1) / to * to; }

/* The packed view of FWD or BWD_DATA (p from make_conv_params of the same mode); kchunk covers K in one split. */
inline PackedParams make_packed_params(const ConvParams &p) {
    PackedParams q;
    const bool fwd = p.mode == MODE_FWD;
    q.M = fwd ? p.n * p.ho * p.wo : p.n * p.h * p.w;
    q.N = fwd ? p.cout_e : p.cin_e;
    q.BN = q.N <= 64 ? 64 : 128;
    q.Npad = round_up(q.N, q.BN);
    q.C = fwd ? p.cin_e : p.cout_e;
    q.Cpad = round_up(q.C, PBK);
    q.H = fwd ? p.h : p.ho;
    q.W = fwd ? p.w : p.wo;
    q.HO = fwd ? p.ho : p.h;
    q.WO = fwd ? p.wo : p.w;
    q.k = p.k;
    q.pad = fwd ? p.pad : p.k - 1 - p.pad;
    q.ktiles = p.kk2 * (q.Cpad / PBK);
    q.kchunk = q.ktiles;
    q.transposed = fwd ? 0 : 1;
    return q;
}

/* Elements of the packed filter, K x Npad. */
JACE_HD long long packed_filter_size(const PackedParams &q) { return (long long)q.ktiles * PBK * q.Npad; }

/* Elements of the output, M x N: one split's partial sums. */
JACE_HD long long packed_output_size(const PackedParams &q) { return (long long)q.M * q.N; }

/* Splits K into at most `splits` chunks of whole tiles; returns the number of chunks. */
inline int set_packed_splits(PackedParams &q, int splits) {
    q.kchunk = tiles_per_split(q.ktiles, splits);
    return (q.ktiles + q.kchunk - 1) / q.kchunk;
}

/* Output tiles of a grid of BM-row tiles. */
JACE_HD long long packed_tiles(const PackedParams &q, int bm) {
    return (long long)((q.M + bm - 1) / bm) * (q.Npad / q.BN);
}

/* The divisors of packed_filter_source's index math, made once on the host: a division written plainly is nvcc's
 * integer division routine, tens of instructions, and the packing kernels take five an element of a filter that the
 * large layers make 9.4 million elements long (D4, 128 channels in and out, 3 x 3). */
struct PackDivisors {
    jace_fast_divisor cpad, k, G, gin;
};

inline PackDivisors pack_divisors(const ConvParams &p, const PackedParams &q) {
    return {jace_make_fast_divisor((unsigned)q.Cpad), jace_make_fast_divisor((unsigned)q.k),
            jace_make_fast_divisor((unsigned)p.G), jace_make_fast_divisor((unsigned)p.gin)};
}

/* Offset into w [cout, cin, gin, k, k] of the packed filter's row kk (of k * k * Cpad) and column n (of Npad), or -1
 * where it is zero (channel or output padding). p holds the group tables (make_conv_params of the same mode); the
 * packed filter fits int offsets (takes_packed), so kk and n are below 2^31. */
JACE_HD int packed_filter_source(const ConvParams &p, const PackedParams &q, const PackDivisors &d, int kk, int n) {
    const int t = (int)jace_fast_div(d.cpad, (unsigned)kk), c = kk - t * q.Cpad;
    if (c >= q.C || n >= q.N) return -1;
    const int u = (int)jace_fast_div(d.k, (unsigned)t), v = t - u * q.k;
    const int ne = q.transposed ? c : n, ce = q.transposed ? n : c; /* Wexp[ne, ce, uu, vv] */
    const int uu = q.transposed ? q.k - 1 - u : u, vv = q.transposed ? q.k - 1 - v : v;
    const int o = (int)jace_fast_div(d.G, (unsigned)ne), g = ne - o * p.G;
    const int cc = (int)jace_fast_div(d.gin, (unsigned)ce), hp = ce - cc * p.gin;
    const int s = p.fb[g] + p.fda[g] * uu + p.fdb[g] * vv;
    return ((o * p.cin + cc) * p.gin + p.hmap[g * p.gin + hp]) * p.kk2 + s;
}

/* Row m of A: its image's first element and the input position of tap (0, 0). */
struct PackedRow {
    int base, i0, j0, ok;
};

JACE_HD PackedRow packed_row(const PackedParams &q, int m) {
    PackedRow r;
    r.ok = m < q.M;
    const int mm = r.ok ? m : 0, hw = q.HO * q.WO, nb = mm / hw, pix = mm - nb * hw, i = pix / q.WO;
    r.base = nb * q.C * q.H * q.W;
    r.i0 = i - q.pad;
    r.j0 = pix - i * q.WO - q.pad;
    return r;
}

/* Which elements of a BM x PBK A tile the packed data kernel's thread tid gathers (DataOperands): column column(tid)
 * of rows first_row(tid) + row_step(r), r < AROWS. Plainly, column tid % BM of rows tid / BM + ASTEP r, a warp
 * writing 32 consecutive columns of one row. TF32's tile is in fragment order (PAIRED: warp_tile_mma.cuh's PairedA),
 * where a warp's 32 writes of one row would fall in 16 banks (columns m and m + 16 share each): there lanes 0-15 and
 * 16-31 take 16 columns of rows k and k + 4 (PairedA's s = 0 and 1), column 16 (warp % (BM / 16)) + lane % 16 of
 * rows 4 (lane / 16) + warp / (BM / 16) + row_step(r), whose words lie a fixed step apart (DataOperands::ROW_STEP)
 * and whose 32 writes fall in 32 banks. */
template <int BM, bool PAIRED>
struct GatherMap {
    static constexpr int ASTEP = PTHREADS / BM, AROWS = PBK / ASTEP;
    static_assert(!PAIRED || ASTEP == 2 || ASTEP == 4, "a paired thread's rows step by 1 or 2 PairedA rows");
    JACE_HD static constexpr int column(int tid) { return PAIRED ? tid / 32 % (BM / 16) * 16 + tid % 16 : tid % BM; }
    JACE_HD static constexpr int first_row(int tid) {
        return PAIRED ? 4 * (tid % 32 / 16) + tid / 32 / (BM / 16) : tid / BM;
    }
    /* Paired: PairedA row R = first's + ASTEP/2 r (no carry: the first's R is below ASTEP/2), k = 8 (R / 4) + R % 4. */
    JACE_HD static constexpr int row_step(int r) {
        return PAIRED ? ASTEP / 2 * r / 4 * 8 + ASTEP / 2 * r % 4 : ASTEP * r;
    }
};

/* The K tile a block is at: tap (u, v) over channels c0 .. c0 + PBK - 1. */
struct PackedTap {
    int u, v, c0;
};

/* K tile t: tap t / (Cpad / PBK) (row-major over k x k) over the channels of its place in that tap. */
JACE_HD PackedTap packed_tap_at(const PackedParams &q, int t) {
    const int per_tap = q.Cpad / PBK, tap = t / per_tap;
    return PackedTap{tap / q.k, tap - tap / q.k * q.k, (t - tap * per_tap) * PBK};
}

JACE_HD void packed_tap_advance(const PackedParams &q, PackedTap &t) {
    t.c0 += PBK;
    if (t.c0 < q.Cpad) return;
    t.c0 = 0;
    if (++t.v < q.k) return;
    t.v = 0;
    ++t.u;
}

/* Offset of A[m, (tap, c0)] (the input at channel c0, tap's position), or -1 where the whole tile row is zero
 * (outside the image, or m past M). Channel c0 + kr lies kr * H * W further, and is zero from C on. */
JACE_HD int packed_a_offset(const PackedParams &q, const PackedRow &r, const PackedTap &t) {
    const int ii = r.i0 + t.u, jj = r.j0 + t.v;
    if (!r.ok || (unsigned)ii >= (unsigned)q.H || (unsigned)jj >= (unsigned)q.W) return -1;
    return r.base + (t.c0 * q.H + ii) * q.W + jj;
}

/* The images of the pass: M counts their output pixels. */
JACE_HD int packed_images(const PackedParams &q) { return q.M / (q.HO * q.WO); }

/* The same A read from a channels-last copy of the input with its zero padding made real (pad >= 0), rounded:
 *   aP [n][H + 2 pad][W + 2 pad][Cpad]     aP[nb][i + pad][j + pad][c] = a[nb, c, i, j]  (conv_to_channels_last_kernel)
 * A[m, (tap (u, v), c0 + c)] = aP[packed_channels_last_row(m) + packed_channels_last_shift(tap) + c]: a K tile of a
 * row is PBK consecutive floats, whatever the tap, with no bounds to check (rows m >= M may take row M - 1's). */
JACE_HD long long packed_channels_last_size(const PackedParams &q) {
    return (long long)packed_images(q) * (q.H + 2 * q.pad) * (q.W + 2 * q.pad) * q.Cpad;
}

JACE_HD int packed_channels_last_row(const PackedParams &q, int m) {
    const int hw = q.HO * q.WO, nb = m / hw, pix = m - nb * hw, i = pix / q.WO;
    return ((nb * (q.H + 2 * q.pad) + i) * (q.W + 2 * q.pad) + pix - i * q.WO) * q.Cpad;
}

JACE_HD int packed_channels_last_shift(const PackedParams &q, const PackedTap &t) {
    return (t.u * (q.W + 2 * q.pad) + t.v) * q.Cpad + t.c0;
}

/* Output offset of C[m, n] = packed_out_row(m) + n * HO * WO. */
JACE_HD int packed_out_row(const PackedParams &q, int m) {
    const int hw = q.HO * q.WO, nb = m / hw;
    return nb * q.N * hw + (m - nb * hw);
}

/* ------------------------------------------------------------------ backward_filter through channels-last copies
 *
 * dWexp[ne, ce, u, v] = sum over output pixels p = (nb, i, j) of dy[nb, ne, i, j] x[nb, ce, i-pad+u, j-pad+v], as the
 * GEMM C[M, N] = A[M, K] B[K, N] with M = ne, N = (tap t = u*k + v, ce), K = p. Both operands are first copied
 * channels last, rounded to the precision:
 *   dyT [Ppad][NePad]            dyT[p][ne] = dy[nb, ne, i, j]       (zero past P and Ne)
 *   xP  [n][Hp][Wp][CePad]       x with its zero padding made real:  xP[nb][i'][j'][ce] = x[nb, ce, i'-pad, j'-pad]
 * so that a K tile (PBK pixels) of A is PBK rows of dyT, and of B the PBK rows of xP at the pixels shifted by the
 * tile's tap (a column tile of N is one tap over BN channels): both copied with 16-byte loads, no bounds check, the
 * padding being zeros in memory. pix[p] = (nb * Hp + i) * Wp + j locates pixel p's tap (0, 0) row in xP (0 past P,
 * where dyT's zeros cancel it). The GEMM writes dWexp^T [splits][kk2 * CePad][NePad] (split-K partials); the fold
 * sums partials and group copies into dw in a fixed order.
 */
struct FilterParams {
    int P, Ppad;       /* K: output pixels n*ho*WOr, rounded up to a whole K tile */
    int WOr;           /* the length of an output row in K: wo, or wo rounded up to a vector (wgmma_rows_params) */
    int Ne, BM, NePad; /* dy's channels cout*G (M), the tile's rows, Ne rounded up to BM */
    int Ce, BN, CePad; /* x's channels cin*gin, the tile's columns, Ce rounded up to BN */
    int n, H, W, Hp, Wp, HO, WO, pad, k, kk2;
    int ktiles;        /* Ppad / PBK */
    int kchunk;        /* K tiles per split (blockIdx.z) */
};

/* The channels-last view of BWD_FILTER (p from make_conv_params(MODE_BWD_FILTER)); kchunk covers K in one split. */
inline FilterParams make_filter_params(const ConvParams &p) {
    FilterParams f;
    f.P = p.n * p.ho * p.wo;
    f.WOr = p.wo;
    f.Ppad = round_up(f.P, PBK);
    f.Ne = p.cout_e;
    f.BM = f.Ne <= 64 ? 64 : 128;
    f.NePad = round_up(f.Ne, f.BM);
    f.Ce = p.cin_e;
    f.BN = f.Ce <= 64 ? 64 : 128;
    f.CePad = round_up(f.Ce, f.BN);
    f.n = p.n;
    f.H = p.h;
    f.W = p.w;
    f.Hp = p.h + 2 * p.pad;
    f.Wp = p.w + 2 * p.pad;
    f.HO = p.ho;
    f.WO = p.wo;
    f.pad = p.pad;
    f.k = p.k;
    f.kk2 = p.kk2;
    f.ktiles = f.Ppad / PBK;
    f.kchunk = f.ktiles;
    return f;
}

/* Splits K into at most `splits` chunks of whole tiles; returns the number of chunks. */
inline int set_filter_splits(FilterParams &f, int splits) {
    f.kchunk = tiles_per_split(f.ktiles, splits);
    return (f.ktiles + f.kchunk - 1) / f.kchunk;
}

JACE_HD long long filter_dyt_size(const FilterParams &f) { return (long long)f.Ppad * f.NePad; }
JACE_HD long long filter_xp_size(const FilterParams &f) { return (long long)f.n * f.Hp * f.Wp * f.CePad; }
/* One split's dWexp^T. */
JACE_HD long long filter_part_size(const FilterParams &f) { return (long long)f.kk2 * f.CePad * f.NePad; }
/* Output tiles of one split (blocks of its grid's x and y). */
JACE_HD long long filter_tiles(const FilterParams &f) { return (long long)(f.NePad / f.BM) * f.kk2 * (f.CePad / f.BN); }
/* Host: splits of backward_filter's channels-last kernels (f's tiles): about two waves of blocks (wave_splits). */
inline int filter_wave_splits(const FilterParams &f, int sms) {
    return wave_splits(sms, filter_tiles(f), f.ktiles, filter_part_size(f), FILTER_SPLIT_KTILES);
}

/* Where conv_to_channels_last_kernel puts in[nb][c][i][j]: [nb][i + pad][j + pad][c] of an [n][H + 2 pad][W + 2 pad]
 * [Cpad] tensor (dyT: pad 0, so that row nb*H*W + pixel is dy's pixel p). */
JACE_HD long long channels_last_offset(int nb, int i, int j, int c, int H, int W, int pad, int Cpad) {
    return (((long long)nb * (H + 2 * pad) + i + pad) * (W + 2 * pad) + j + pad) * Cpad + c;
}

/* Row of pixel p's tap (0, 0) in xP (0 past P). */
JACE_HD int filter_pixel_row(const FilterParams &f, int p) {
    if (p >= f.P) return 0;
    const int hw = f.HO * f.WO, nb = p / hw, pix = p - nb * hw, i = pix / f.WO;
    return (nb * f.Hp + i) * f.Wp + (pix - i * f.WO);
}

/* Row of tile column block by (blockIdx.y) in dWexp^T, and the tap it shifts xP's rows by. */
JACE_HD int filter_tap_of(const FilterParams &f, int by) { return by / (f.CePad / f.BN); }
JACE_HD int filter_col0(const FilterParams &f, int by) {
    const int t = filter_tap_of(f, by);
    return t * f.CePad + (by - t * (f.CePad / f.BN)) * f.BN;
}
JACE_HD int filter_tap_shift(const FilterParams &f, int t) { return (t / f.k) * f.Wp + t % f.k; }

/* dw[idx] = sum over g and splits z of part[z][filter_fold_offset(e, g)], e = fold_entry(idx). The tables are p's
 * hfwd, ib, ida, idb (copies in shared memory in the kernel). */
JACE_HD int filter_fold_offset(const ConvParams &p, const FilterParams &f, const int *hfwd, const int *ib,
                               const int *ida, const int *idb, const FoldEntry &e, int g) {
    const int hp = hfwd[g * p.gin + e.h2];
    const int uv = ib[g] + ida[g] * e.sa + idb[g] * e.sb;
    return (uv * f.CePad + e.c * p.gin + hp) * f.NePad + e.o * p.G + g;
}

} // namespace jace_conv

#endif
