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

namespace jace_conv {

/* Packed tiles: BM x BN outputs (template parameters, 64 or 128 each), PBK deep, PTHREADS threads. */
constexpr int PBK = 16;
constexpr int PTHREADS = 256;

struct PackedParams {
    int M, N, BN, Npad;       /* output pixels, output channels, the tile's columns, N rounded up to BN */
    int C, Cpad;              /* input channels, C rounded up to PBK */
    int H, W, HO, WO, k, pad; /* input and output maps, kernel size, padding (negative crops) */
    int ktiles;               /* K / PBK = k * k * Cpad / PBK */
    int transposed;           /* 0: FWD's filter Wexp[n, c, u, v]; 1: BWD_DATA's Wexp[c, n, k-1-u, k-1-v] */
};

JACE_HD int round_up(int v, int to) { return (v + to - 1) / to * to; }

/* The packed view of FWD or BWD_DATA (p from make_conv_params of the same mode). */
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
    q.transposed = fwd ? 0 : 1;
    return q;
}

/* Elements of the packed filter, K x Npad. */
JACE_HD long long packed_filter_size(const PackedParams &q) { return (long long)q.ktiles * PBK * q.Npad; }

/* Offset into w [cout, cin, gin, k, k] of packed element idx = kk * Npad + n, or -1 where it is zero (channel or
 * output padding). p holds the group tables (make_conv_params of the same mode). */
JACE_HD int packed_filter_source(const ConvParams &p, const PackedParams &q, long long idx) {
    const int kk = (int)(idx / q.Npad), n = (int)(idx - (long long)kk * q.Npad);
    const int t = kk / q.Cpad, c = kk - t * q.Cpad;
    if (c >= q.C || n >= q.N) return -1;
    const int u = t / q.k, v = t - u * q.k;
    const int ne = q.transposed ? c : n, ce = q.transposed ? n : c; /* Wexp[ne, ce, uu, vv] */
    const int uu = q.transposed ? q.k - 1 - u : u, vv = q.transposed ? q.k - 1 - v : v;
    const int o = ne / p.G, g = ne - o * p.G, cc = ce / p.gin, hp = ce - cc * p.gin;
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

/* The K tile a block is at: tap (u, v) over channels c0 .. c0 + PBK - 1. */
struct PackedTap {
    int u, v, c0;
};

JACE_HD PackedTap packed_tap_first() { return PackedTap{0, 0, 0}; }

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

/* Output offset of C[m, n] = packed_out_row(m) + n * HO * WO. */
JACE_HD int packed_out_row(const PackedParams &q, int m) {
    const int hw = q.HO * q.WO, nb = m / hw;
    return nb * q.N * hw + (m - nb * hw);
}

} // namespace jace_conv

#endif
