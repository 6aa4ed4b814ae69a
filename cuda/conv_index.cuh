/*
 * conv_index.cuh — index arithmetic of jace's implicit-GEMM convolutions (plain, lifting, group).
 *
 * Everything here is __host__ __device__ and free of CUDA intrinsics, so the host self-check
 * (native/test/conv_reference_check.cu) runs the very functions the kernels use.
 *
 * Every convolution is treated as a plain convolution with an *expanded* filter that is never materialised:
 *   x  [n, cin_e, h, w]     with cin_e  = cin * gin   (gin = G for group conv, 1 for lifting/plain)
 *   y  [n, cout_e, ho, wo]  with cout_e = cout * G
 *   Wexp[o*G+g, c*gin+hp, u, v] = w[o, c, hmap(g, hp), src_g(u, v)]
 * where src_g is the source position of (u, v) under the spatial action of g (numpy rot90^r after flip^f) and
 * hmap(g, hp) = compose(inverse(g), hp) (group conv) or 0 (lifting).
 *
 * GEMM views (C[M, N] = sum_K A[M, K] B[K, N]):
 *   FWD        M = n*ho*wo (nb, i, j)   N = cout*G (o, g)         K = cin_e*k*k  digits (c, hp, u, v)
 *   BWD_DATA   M = n*h*w   (nb, p, q)   N = cin_e  (c, hp)        K = cout*G*k*k digits (o, g, u, v)
 *   BWD_FILTER M = cout*G  (o*G+g)      N = cin_e*k*k (ce, u, v)  K = n*ho*wo    digits (nb, i, j, -)
 * BWD_FILTER produces dWexp (optionally as split-K partials); fold_offset() gathers it into dw.
 */
#ifndef JACE_CONV_INDEX_CUH
#define JACE_CONV_INDEX_CUH

#include <climits>

#include "fast_divisor.cuh"
#include "jace.h"

#if defined(__CUDACC__)
#define JACE_HD __host__ __device__ __forceinline__
#else
#define JACE_HD inline
#endif

namespace jace_conv {

enum { MODE_FWD = 0, MODE_BWD_DATA = 1, MODE_BWD_FILTER = 2 };

/* Block tile shared by every precision: BM x BN outputs, BK deep, 256 threads. */
constexpr int BM = 64;
constexpr int BN = 64;
constexpr int BK = 16;
constexpr int THREADS = 256;
constexpr int MAXG = JACE_MAX_GROUP_ORDER;

/* ------------------------------------------------------------------ spatial action on a k x k filter */

/* Affine map of a 2-D position: row = r0 + ra*a + rb*b, col = c0 + ca*a + cb*b. */
struct Affine {
    int r0, ra, rb, c0, ca, cb;
};

JACE_HD Affine affine_identity() { return Affine{0, 1, 0, 0, 0, 1}; }
/* Source position of one numpy rot90 (axes (-2,-1)): y[i][j] = x[j][k-1-i]. */
JACE_HD Affine affine_rot_step(Affine a, int k) { return Affine{a.c0, a.ca, a.cb, k - 1 - a.r0, -a.ra, -a.rb}; }
/* Inverse of affine_rot_step: (i, j) <- (k-1-j, i). */
JACE_HD Affine affine_rot_step_inv(Affine a, int k) { return Affine{k - 1 - a.c0, -a.ca, -a.cb, a.r0, a.ra, a.rb}; }
/* Source position of numpy flip(axis=-1): y[i][j] = x[i][k-1-j]; its own inverse. */
JACE_HD Affine affine_flip_step(Affine a, int k) { return Affine{a.r0, a.ra, a.rb, k - 1 - a.c0, -a.ca, -a.cb}; }

/* (g . f)[u][v] = f[src(u, v)] for g = rot90^rot after flip^flip:  src = S_flip o S_rot^rot. */
JACE_HD Affine src_map(int rot, int flip, int k) {
    Affine a = affine_identity();
    for (int t = 0; t < rot; ++t) a = affine_rot_step(a, k);
    if (flip) a = affine_flip_step(a, k);
    return a;
}
/* Inverse of src_map: the (u, v) whose source is (a, b). */
JACE_HD Affine src_map_inverse(int rot, int flip, int k) {
    Affine a = affine_identity();
    if (flip) a = affine_flip_step(a, k);
    for (int t = 0; t < rot; ++t) a = affine_rot_step_inv(a, k);
    return a;
}

/* ------------------------------------------------------------------ kernel parameters */

struct ConvParams {
    int mode;
    int n, cin, cout, h, w, k, pad, ho, wo;
    int G, gin, cin_e, cout_e, kk2;
    int M, N, K;
    int kchunk;         /* K range of one blockIdx.z (multiple of BK) */
    int R1, R2, R3;     /* K = d0*R1*R2*R3 + d1*R2*R3 + d2*R3 + d3 */
    int s0, s1, s2, s3; /* BK in the same mixed radix */
    /* flat source offset of (u, v) in the k*k filter under element g: fb[g] + fda[g]*u + fdb[g]*v */
    int fb[MAXG], fda[MAXG], fdb[MAXG];
    /* flat position in the expanded filter whose source is (a, b): ib[g] + ida[g]*a + idb[g]*b */
    int ib[MAXG], ida[MAXG], idb[MAXG];
    int hmap[MAXG * MAXG]; /* [g*gin + hp] -> group index into w (compose(inverse g, hp)); 0 when gin == 1 */
    int hfwd[MAXG * MAXG]; /* [g*gin + h2] -> hp with hmap[g*gin + hp] == h2 (compose(g, h2)); 0 when gin == 1 */
};

/* Host: fills every field but kchunk (set_splits). Caller has validated group and shape. */
inline ConvParams make_conv_params(int mode, const jace_group *grp, bool group_input, const jace_conv_shape *s) {
    ConvParams p;
    p.mode = mode;
    p.n = s->n;
    p.cin = s->cin;
    p.cout = s->cout;
    p.h = s->h;
    p.w = s->w;
    p.k = s->k;
    p.pad = s->pad;
    p.ho = s->h + 2 * s->pad - s->k + 1;
    p.wo = s->w + 2 * s->pad - s->k + 1;
    p.G = grp->order;
    p.gin = group_input ? grp->order : 1;
    p.cin_e = p.cin * p.gin;
    p.cout_e = p.cout * p.G;
    p.kk2 = p.k * p.k;
    if (mode == MODE_FWD) {
        p.M = p.n * p.ho * p.wo;
        p.N = p.cout_e;
        p.K = p.cin_e * p.kk2;
        p.R1 = p.gin;
        p.R2 = p.k;
        p.R3 = p.k;
    } else if (mode == MODE_BWD_DATA) {
        p.M = p.n * p.h * p.w;
        p.N = p.cin_e;
        p.K = p.cout_e * p.kk2;
        p.R1 = p.G;
        p.R2 = p.k;
        p.R3 = p.k;
    } else {
        p.M = p.cout_e;
        p.N = p.cin_e * p.kk2;
        p.K = p.n * p.ho * p.wo;
        p.R1 = p.ho;
        p.R2 = p.wo;
        p.R3 = 1;
    }
    int t = BK;
    p.s3 = t % p.R3;
    t /= p.R3;
    p.s2 = t % p.R2;
    t /= p.R2;
    p.s1 = t % p.R1;
    p.s0 = t / p.R1;
    p.kchunk = (p.K + BK - 1) / BK * BK;
    for (int g = 0; g < MAXG; ++g) {
        int rot = g < p.G ? grp->rotation[g] : 0, fl = g < p.G ? grp->flip[g] : 0;
        Affine a = src_map(rot, fl, p.k);
        p.fb[g] = a.r0 * p.k + a.c0;
        p.fda[g] = a.ra * p.k + a.ca;
        p.fdb[g] = a.rb * p.k + a.cb;
        Affine b = src_map_inverse(rot, fl, p.k);
        p.ib[g] = b.r0 * p.k + b.c0;
        p.ida[g] = b.ra * p.k + b.ca;
        p.idb[g] = b.rb * p.k + b.cb;
    }
    for (int i = 0; i < MAXG * MAXG; ++i) {
        p.hmap[i] = 0;
        p.hfwd[i] = 0;
    }
    if (p.gin > 1) {
        for (int g = 0; g < p.G; ++g) {
            for (int h = 0; h < p.G; ++h) {
                p.hmap[g * p.G + h] = grp->compose[grp->inverse[g] * p.G + h];
                p.hfwd[g * p.G + h] = grp->compose[g * p.G + h];
            }
        }
    }
    return p;
}

/* Host: the tiles of each chunk when `tiles` K tiles are cut into at most `splits` (at least 1) chunks. */
inline int tiles_per_split(int tiles, int splits) {
    if (splits < 1) splits = 1;
    if (splits > tiles) splits = tiles;
    return (tiles + splits - 1) / splits;
}

/* The fewest K tiles a split keeps: backward_filter's (whose partial sums and fold exist split or not), and forward's
 * and backward_data's, which a split gives a fold launch and the partials' traffic, so that each split keeps enough
 * K tiles for what it saves (at least half its tiles' time, 8 tiles, with two splits) to outweigh that. */
constexpr int FILTER_SPLIT_KTILES = 8;
constexpr int DATA_SPLIT_KTILES = 16;

/* Host: splits of a GEMM's K where its `tiles` output tiles (blocks) would leave SMs without work to hide latency
 * behind: about two waves of blocks, at most 64 splits, each keeping at least `least` of the `ktiles` K tiles, and
 * `part` (one split's partial sums) times the splits within int offsets. backward_filter's K is its pixels, forward's
 * and backward_data's their taps times input channels. */
inline int wave_splits(int sms, long long tiles, long long ktiles, long long part, int least) {
    long long want = (2LL * sms + tiles - 1) / tiles;
    want = want < 64 ? want : 64;
    want = want < ktiles / least ? want : ktiles / least;
    const long long by_ws = (long long)INT_MAX / part;
    want = want < by_ws ? want : by_ws;
    return (int)(want < 1 ? 1 : want);
}

/* Output tiles (blocks of one split) of conv_igemm_kernel's grid. */
JACE_HD long long gemm_tiles(const ConvParams &p) { return (long long)((p.M + BM - 1) / BM) * ((p.N + BN - 1) / BN); }

/* Host: splits K into at most `splits` chunks of whole BK tiles; returns the number of chunks. */
inline int set_splits(ConvParams &p, int splits) {
    const int tiles = (p.K + BK - 1) / BK, per = tiles_per_split(tiles, splits);
    p.kchunk = per * BK;
    return (tiles + per - 1) / per;
}

/* ------------------------------------------------------------------ K counter (mixed radix, stepped by BK) */

struct KCounter {
    int kk, d0, d1, d2, d3;
};

/* By division: the host's reference (conv_reference_check), which the kernels' kc_init by IgemmDivisors matches. */
JACE_HD KCounter kc_init(const ConvParams &p, int kk) {
    KCounter c;
    c.kk = kk;
    int t = kk;
    c.d3 = t % p.R3;
    t /= p.R3;
    c.d2 = t % p.R2;
    t /= p.R2;
    c.d1 = t % p.R1;
    c.d0 = t / p.R1;
    return c;
}

/* The implicit GEMM's and the narrow kernel's index splits by fast divisors, made once on the host (igemm_divisors):
 * a thread's set-up had taken about 22 of nvcc's division routines (tens of instructions each). r3, r2, r1: K's
 * radices (kc_init); map and row: a pixel's image and row among A's rows (fix_a, out_row: output pixels forward,
 * input pixels backward_data); col and k: B's columns (fix_b: g of (o, g) forward, hp of (c, hp) backward_data,
 * (ce, u, v) by k k and k backward_filter). */
struct IgemmDivisors {
    jace_fast_divisor r3, r2, r1, map, row, col, k;
};

inline IgemmDivisors igemm_divisors(const ConvParams &p) {
    const bool fwd = p.mode == MODE_FWD, data = p.mode == MODE_BWD_DATA;
    const int map = fwd ? p.ho * p.wo : data ? p.h * p.w : 1, row = fwd ? p.wo : data ? p.w : 1;
    const int col = fwd ? p.G : data ? p.gin : p.kk2;
    return {jace_make_fast_divisor((unsigned)p.R3), jace_make_fast_divisor((unsigned)p.R2),
            jace_make_fast_divisor((unsigned)p.R1), jace_make_fast_divisor((unsigned)map),
            jace_make_fast_divisor((unsigned)row),  jace_make_fast_divisor((unsigned)col),
            jace_make_fast_divisor((unsigned)p.k)};
}

JACE_HD KCounter kc_init(const ConvParams &p, const IgemmDivisors &d, int kk) {
    const int t3 = (int)jace_fast_div(d.r3, (unsigned)kk), t2 = (int)jace_fast_div(d.r2, (unsigned)t3);
    const int d0 = (int)jace_fast_div(d.r1, (unsigned)t2);
    return KCounter{kk, d0, t2 - d0 * p.R1, t3 - t2 * p.R2, kk - t3 * p.R3};
}

JACE_HD void kc_advance(const ConvParams &p, KCounter &c) {
    c.kk += BK;
    int d3 = c.d3 + p.s3;
    int cy = d3 >= p.R3;
    d3 -= cy ? p.R3 : 0;
    int d2 = c.d2 + p.s2 + cy;
    cy = d2 >= p.R2;
    d2 -= cy ? p.R2 : 0;
    int d1 = c.d1 + p.s1 + cy;
    cy = d1 >= p.R1;
    d1 -= cy ? p.R1 : 0;
    c.d0 += p.s0 + cy;
    c.d1 = d1;
    c.d2 = d2;
    c.d3 = d3;
}

/* ------------------------------------------------------------------ operand gathers */

/* Per-thread constant part of a row of A (index m) or a column of B (index n). */
struct Fix {
    int base, a, b, ok;
};

/* Tables the B gather reads (shared memory in the kernel, ConvParams arrays on the host). */
struct GroupTables {
    const int *hmap, *fb, *fda, *fdb;
};

template <int MODE>
JACE_HD Fix fix_a(const ConvParams &p, const IgemmDivisors &d, int m) {
    Fix f;
    f.ok = m < p.M;
    int mm = f.ok ? m : 0;
    if (MODE == MODE_FWD) { /* m = (nb, i, j) over the output; x rows */
        const int nb = (int)jace_fast_div(d.map, (unsigned)mm), pix = mm - nb * p.ho * p.wo;
        const int i = (int)jace_fast_div(d.row, (unsigned)pix), j = pix - i * p.wo;
        f.base = nb * p.cin_e * p.h * p.w;
        f.a = i - p.pad;
        f.b = j - p.pad;
    } else if (MODE == MODE_BWD_DATA) { /* m = (nb, p, q) over the input; dy rows */
        const int nb = (int)jace_fast_div(d.map, (unsigned)mm), pix = mm - nb * p.h * p.w;
        const int i = (int)jace_fast_div(d.row, (unsigned)pix), j = pix - i * p.w;
        f.base = nb * p.cout_e * p.ho * p.wo;
        f.a = i + p.pad;
        f.b = j + p.pad;
    } else { /* m = o*G + g; dy channel */
        f.base = mm * p.ho * p.wo;
        f.a = 0;
        f.b = 0;
    }
    return f;
}

template <int MODE>
JACE_HD Fix fix_b(const ConvParams &p, const IgemmDivisors &d, int n) {
    Fix f;
    f.ok = n < p.N;
    int nn = f.ok ? n : 0;
    if (MODE == MODE_FWD) { /* n = (o, g) */
        const int o = (int)jace_fast_div(d.col, (unsigned)nn);
        f.base = o * p.cin_e * p.kk2;
        f.a = nn - o * p.G; /* g */
        f.b = 0;
    } else if (MODE == MODE_BWD_DATA) { /* n = (c, hp) */
        const int c = (int)jace_fast_div(d.col, (unsigned)nn);
        f.base = c * p.gin * p.kk2;
        f.a = nn - c * p.gin; /* hp */
        f.b = 0;
    } else { /* n = (ce, u, v) */
        const int ce = (int)jace_fast_div(d.col, (unsigned)nn), uv = nn - ce * p.kk2;
        const int u = (int)jace_fast_div(d.k, (unsigned)uv), v = uv - u * p.k;
        f.base = ce * p.h * p.w;
        f.a = u - p.pad;
        f.b = v - p.pad;
    }
    return f;
}

/* Offset into the A source (x, dy, dy) of element (m, c.kk); ok = false means "zero" (do not load). */
template <int MODE>
JACE_HD int off_a(const ConvParams &p, const Fix &f, const KCounter &c, int kend, bool &ok) {
    if (MODE == MODE_FWD) { /* x[nb, ce, i+u-pad, j+v-pad], digits (c, hp, u, v) */
        int ce = c.d0 * p.R1 + c.d1, ii = f.a + c.d2, jj = f.b + c.d3;
        ok = f.ok && c.kk < kend && (unsigned)ii < (unsigned)p.h && (unsigned)jj < (unsigned)p.w;
        return f.base + (ce * p.h + ii) * p.w + jj;
    } else if (MODE == MODE_BWD_DATA) { /* dy[nb, o*G+g, p+pad-u, q+pad-v], digits (o, g, u, v) */
        int ne = c.d0 * p.R1 + c.d1, ii = f.a - c.d2, jj = f.b - c.d3;
        ok = f.ok && c.kk < kend && (unsigned)ii < (unsigned)p.ho && (unsigned)jj < (unsigned)p.wo;
        return f.base + (ne * p.ho + ii) * p.wo + jj;
    } else { /* dy[nb, ne, i, j], digits (nb, i, j, 0) */
        ok = f.ok && c.kk < kend;
        return c.d0 * p.cout_e * p.ho * p.wo + f.base + c.d1 * p.wo + c.d2;
    }
}

/* Offset into the B source (w, w, x) of element (c.kk, n). */
template <int MODE>
JACE_HD int off_b(const ConvParams &p, const Fix &f, const KCounter &c, int kend, const GroupTables &t, bool &ok) {
    if (MODE == MODE_FWD) { /* Wexp[o*G+g, c*gin+hp, u, v], (o, g) fixed, digits (c, hp, u, v) */
        int g = f.a;
        ok = f.ok && c.kk < kend;
        return f.base + (c.d0 * p.gin + t.hmap[g * p.gin + c.d1]) * p.kk2 + t.fb[g] + t.fda[g] * c.d2 +
               t.fdb[g] * c.d3;
    } else if (MODE == MODE_BWD_DATA) { /* Wexp[o*G+g, c*gin+hp, u, v], (c, hp) fixed, digits (o, g, u, v) */
        int g = c.d1;
        ok = f.ok && c.kk < kend;
        return c.d0 * p.cin_e * p.kk2 + f.base + t.hmap[g * p.gin + f.a] * p.kk2 + t.fb[g] + t.fda[g] * c.d2 +
               t.fdb[g] * c.d3;
    } else { /* x[nb, ce, i+u-pad, j+v-pad], (ce, u, v) fixed, digits (nb, i, j, 0) */
        int ii = c.d1 + f.a, jj = c.d2 + f.b;
        ok = f.ok && c.kk < kend && (unsigned)ii < (unsigned)p.h && (unsigned)jj < (unsigned)p.w;
        return c.d0 * p.cin_e * p.h * p.w + f.base + ii * p.w + jj;
    }
}

/* Output offset of C[m, n] = out_row(m) + out_col(n) in K split z's partial sums (M * N each; split 0's are the
 * output itself where K is whole). */
template <int MODE>
JACE_HD int out_row(const ConvParams &p, const IgemmDivisors &d, int m, int z) {
    if (MODE == MODE_FWD) {
        const int hw = p.ho * p.wo, nb = (int)jace_fast_div(d.map, (unsigned)m);
        return z * p.M * p.N + nb * p.cout_e * hw + (m - nb * hw);
    } else if (MODE == MODE_BWD_DATA) {
        const int hw = p.h * p.w, nb = (int)jace_fast_div(d.map, (unsigned)m);
        return z * p.M * p.N + nb * p.cin_e * hw + (m - nb * hw);
    } else {
        return (z * p.M + m) * p.N;
    }
}

template <int MODE>
JACE_HD int out_col(const ConvParams &p, int n) {
    if (MODE == MODE_FWD) return n * p.ho * p.wo;
    if (MODE == MODE_BWD_DATA) return n * p.h * p.w;
    return n;
}

/* ------------------------------------------------------------------ fold dWexp -> dw */

/* Number of entries of dw [cout, cin, gin, k, k]. */
JACE_HD int fold_size(const ConvParams &p) { return p.cout * p.cin * p.gin * p.kk2; }

/* Entry idx = ((o*cin + c)*gin + h2)*kk2 + sa*k + sb of dw [cout, cin, gin, k, k], taken apart once an entry by the
 * fast divisors of FoldDivisors (written plainly, five of nvcc's integer division routines an entry of the folds). */
struct FoldEntry {
    int o, c, h2, sa, sb;
};

struct FoldDivisors {
    jace_fast_divisor kk2, gin, cin, k;
};

inline FoldDivisors fold_divisors(const ConvParams &p) {
    return {jace_make_fast_divisor((unsigned)p.kk2), jace_make_fast_divisor((unsigned)p.gin),
            jace_make_fast_divisor((unsigned)p.cin), jace_make_fast_divisor((unsigned)p.k)};
}

JACE_HD FoldEntry fold_entry(const ConvParams &p, const FoldDivisors &d, int idx) {
    const int t = (int)jace_fast_div(d.kk2, (unsigned)idx), s = idx - t * p.kk2;
    const int oc = (int)jace_fast_div(d.gin, (unsigned)t), h2 = t - oc * p.gin;
    const int o = (int)jace_fast_div(d.cin, (unsigned)oc), sa = (int)jace_fast_div(d.k, (unsigned)s);
    return FoldEntry{o, oc - o * p.cin, h2, sa, s - sa * p.k};
}

/* dw[idx] = sum_g sum_z ws[z*M*N + fold_offset(e, g)], e = fold_entry(idx). */
JACE_HD int fold_offset(const ConvParams &p, const int *hfwd, const int *ib, const int *ida, const int *idb,
                        const FoldEntry &e, int g) {
    const int hp = hfwd[g * p.gin + e.h2];
    const int uv = ib[g] + ida[g] * e.sa + idb[g] * e.sb;
    return (e.o * p.G + g) * p.N + (e.c * p.gin + hp) * p.kk2 + uv;
}

} // namespace jace_conv

#endif
