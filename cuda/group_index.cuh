/* Index maps of the pixel-grid group actions, shared by the kernels and the host test (compiles with g++).
 *
 * Element e acts on an image x[H][W] as y = rot90^r(flip^f(x)) (numpy: flip(x, -1), then rot90(., r, (-2,-1))):
 *   flip:  y[i][j] = x[i][W-1-j]        rot90 (counter-clockwise, square): y[i][j] = x[j][W-1-i]
 * src_pixel answers "which x pixel lands on y[i][j]" (a gather, used for forward actions);
 * dst_pixel answers "where does x[p][q] land" (its inverse, used for adjoints without atomics).
 * On group maps (g.F)[h] = spatial_g(F[g^-1 h]): slot h gathers slot src_ch[h] = compose(inverse(g), h), and
 * dst_ch is the inverse permutation. */
#ifndef JACE_GROUP_INDEX_CUH
#define JACE_GROUP_INDEX_CUH

#include "fast_divisor.cuh" /* and JACE_HD */
#include "jace.h"

/* Most group elements one call applies (an element list may repeat elements). */
#define JACE_MAX_ELEMENTS 64

/* One group element as the kernels need it; passed by value inside jace_elements. */
struct jace_element {
    unsigned char rot;  /* 0..3 counter-clockwise quarter turns, applied after the flip */
    unsigned char flip; /* 0 or 1 */
    unsigned char src_ch[JACE_MAX_GROUP_ORDER];
    unsigned char dst_ch[JACE_MAX_GROUP_ORDER];
};

struct jace_elements {
    int count;
    jace_element e[JACE_MAX_ELEMENTS];
};

/* Source pixel of destination (i, j) in y = rot90^rot(flip^flip(x)); h == w whenever rot is odd. */
JACE_HD void jace_src_pixel(int rot, int flip, int i, int j, int h, int w, int *si, int *sj) {
    int a, b;
    switch (rot & 3) {
    case 0: a = i; b = j; break;
    case 1: a = j; b = w - 1 - i; break;
    case 2: a = h - 1 - i; b = w - 1 - j; break;
    default: a = h - 1 - j; b = i; break;
    }
    *si = a;
    *sj = flip ? w - 1 - b : b;
}

/* Destination of source pixel (p, q): the inverse of jace_src_pixel. */
JACE_HD void jace_dst_pixel(int rot, int flip, int p, int q, int h, int w, int *di, int *dj) {
    const int b = flip ? w - 1 - q : q;
    switch (rot & 3) {
    case 0: *di = p; *dj = b; break;
    case 1: *di = w - 1 - b; *dj = p; break;
    case 2: *di = h - 1 - p; *dj = w - 1 - b; break;
    default: *di = b; *dj = h - 1 - p; break;
    }
}

/* Within one channel block (an [h, w] image plane, or a [G, h, w] group-map fibre when group_order > 0), the flat
 * source index that lands on position (slot, i, j) under element e. */
JACE_HD int jace_block_src_at(const jace_element &e, int group_order, int h, int w, int slot, int i, int j) {
    int si, sj;
    jace_src_pixel(e.rot, e.flip, i, j, h, w, &si, &sj);
    const int src_slot = group_order > 0 ? (int)e.src_ch[slot] : slot;
    return (src_slot * h + si) * w + sj;
}

/* jace_block_src_at of flat index idx. */
JACE_HD int jace_block_src(const jace_element &e, int group_order, int h, int w, int idx) {
    const int plane = h * w;
    const int slot = idx / plane;
    const int pix = idx - slot * plane;
    const int i = pix / w;
    return jace_block_src_at(e, group_order, h, w, slot, i, pix - i * w);
}

/* The flat index where the source at position (slot, p, q) lands under element e (inverse of jace_block_src). */
JACE_HD int jace_block_dst_at(const jace_element &e, int group_order, int h, int w, int slot, int p, int q) {
    int di, dj;
    jace_dst_pixel(e.rot, e.flip, p, q, h, w, &di, &dj);
    const int dst_slot = group_order > 0 ? (int)e.dst_ch[slot] : slot;
    return (dst_slot * h + di) * w + dj;
}

/* jace_block_dst_at of flat source index idx. */
JACE_HD int jace_block_dst(const jace_element &e, int group_order, int h, int w, int idx) {
    const int plane = h * w;
    const int slot = idx / plane;
    const int pix = idx - slot * plane;
    const int p = pix / w;
    return jace_block_dst_at(e, group_order, h, w, slot, p, pix - p * w);
}

/* Per-sample maps: a sample is `channels` consecutive blocks of `block` = (group_order > 0 ? G : 1) * h * w
 * elements; the action permutes within each block. rep_spatial == 0 means the invariant (identity) action. */
struct jace_sample_geom {
    int rep_spatial; /* 0: invariant, 1: acts on blocks */
    int group_order; /* > 0 for group maps, 0 for images */
    int h, w;
    int block;
};

JACE_HD long long jace_sample_src(const jace_element &e, const jace_sample_geom &g, long long idx) {
    if (!g.rep_spatial) {
        return idx;
    }
    const long long cc = idx / g.block;
    const int b = (int)(idx - cc * g.block);
    return cc * g.block + jace_block_src(e, g.group_order, g.h, g.w, b);
}

JACE_HD long long jace_sample_dst(const jace_element &e, const jace_sample_geom &g, long long idx) {
    if (!g.rep_spatial) {
        return idx;
    }
    const long long cc = idx / g.block;
    const int b = (int)(idx - cc * g.block);
    return cc * g.block + jace_block_dst(e, g.group_order, g.h, g.w, b);
}

/* jace_src_pixel of one element as an affine map, for kernels that apply the same element to many pixels without a
 * branch per pixel: the source pixel of destination (i, j) sits at offset + di * i + dj * j in a plane whose rows are
 * `stride` apart (stride >= w; w for a packed plane). */
struct jace_pixel_map {
    int offset, di, dj;
};

JACE_HD jace_pixel_map jace_make_pixel_map(int rot, int flip, int h, int w, int stride) {
    int a0, ai, aj, b0, bi, bj; /* source row a0 + ai i + aj j, column b0 + bi i + bj j */
    switch (rot & 3) {
    case 0: a0 = 0; ai = 1; aj = 0; b0 = 0; bi = 0; bj = 1; break;
    case 1: a0 = 0; ai = 0; aj = 1; b0 = w - 1; bi = -1; bj = 0; break;
    case 2: a0 = h - 1; ai = -1; aj = 0; b0 = w - 1; bi = 0; bj = -1; break;
    default: a0 = h - 1; ai = 0; aj = -1; b0 = 0; bi = 1; bj = 0; break;
    }
    if (flip) {
        b0 = w - 1 - b0;
        bi = -bi;
        bj = -bj;
    }
    return jace_pixel_map{a0 * stride + b0, ai * stride + bi, aj * stride + bj};
}

/* jace_dst_pixel as an affine map (the inverse of jace_make_pixel_map's): source pixel (p, q) lands at
 * offset + di * p + dj * q in a plane whose rows are `stride` apart. */
JACE_HD jace_pixel_map jace_make_dst_pixel_map(int rot, int flip, int h, int w, int stride) {
    const int b0 = flip ? w - 1 : 0, bq = flip ? -1 : 1; /* b = b0 + bq q */
    int r0, rp, rq, c0, cp, cq; /* destination row r0 + rp p + rq q, column c0 + cp p + cq q */
    switch (rot & 3) {
    case 0: r0 = 0; rp = 1; rq = 0; c0 = b0; cp = 0; cq = bq; break;
    case 1: r0 = w - 1 - b0; rp = 0; rq = -bq; c0 = 0; cp = 1; cq = 0; break;
    case 2: r0 = h - 1; rp = -1; rq = 0; c0 = w - 1 - b0; cp = 0; cq = -bq; break;
    default: r0 = b0; rp = 0; rq = bq; c0 = h - 1; cp = -1; cq = 0; break;
    }
    return jace_pixel_map{r0 * stride + c0, rp * stride + cp, rq * stride + cq};
}

/* jace_sample_geom with its divisors prepared for jace_fast_sample_src (rep_spatial 1 only). */
struct jace_fast_sample_geom {
    int group_order; /* > 0 for group maps, 0 for images */
    int h;
    jace_fast_divisor block, plane, w;
};

inline jace_fast_sample_geom jace_make_fast_sample_geom(const jace_sample_geom &g) {
    if (!g.rep_spatial) { /* a 1 x 1 plane: the invariant rep's h * w (no plane of it) may pass 2^31 */
        const jace_fast_divisor one = jace_make_fast_divisor(1);
        return jace_fast_sample_geom{0, 1, one, one, one};
    }
    return jace_fast_sample_geom{g.group_order, g.h, jace_make_fast_divisor((unsigned)g.block),
                                 jace_make_fast_divisor((unsigned)(g.h * g.w)), jace_make_fast_divisor((unsigned)g.w)};
}

/* Where a run of offsets from sample index `start` begins: the channel block cc0 holding it (start / block, in 64
 * bits only past 2^31) and its offset b0 there, so that index start + j is cc0 * block + (b0 + j). */
struct jace_sample_run {
    long long cc0;
    unsigned b0;
};

JACE_HD jace_sample_run jace_fast_sample_run(const jace_fast_sample_geom &g, long long start) {
    const long long cc0 =
        start <= 0x7fffffffLL ? (long long)jace_fast_div(g.block, (unsigned)start) : start / g.block.divisor;
    return jace_sample_run{cc0, (unsigned)(start - cc0 * g.block.divisor)};
}

/* Index cc0 * block + offset of a sample (offset < 2^31) as its channel block (past cc0), slot, row and column: the
 * divisions of jace_sample_src as multiply-highs, the 64-bit division by the block made once by the caller (cc0, from
 * jace_fast_sample_run) for a whole run of offsets. */
struct jace_sample_coords {
    unsigned cc, slot;
    int y, x;
};

JACE_HD jace_sample_coords jace_fast_sample_coords(const jace_fast_sample_geom &g, unsigned offset) {
    const unsigned cc = jace_fast_div(g.block, offset);
    const unsigned b = offset - cc * g.block.divisor;
    const unsigned slot = jace_fast_div(g.plane, b);
    const unsigned pix = b - slot * g.plane.divisor;
    const unsigned y = jace_fast_div(g.w, pix);
    return jace_sample_coords{cc, slot, (int)y, (int)(pix - y * g.w.divisor)};
}

/* The sample index that coordinates c map to under an element given as a pixel map `pm` and a slot table `slots`
 * (its src_ch with jace_make_pixel_map for jace_sample_src, its dst_ch with jace_make_dst_pixel_map for
 * jace_sample_dst; {0} for images, whose slot is always 0), with no branch. */
JACE_HD long long jace_fast_sample_at(const jace_pixel_map &pm, const unsigned char *slots,
                                      const jace_fast_sample_geom &g, long long cc0, const jace_sample_coords &c) {
    const unsigned in_block = slots[c.slot] * g.plane.divisor + (unsigned)(pm.offset + pm.di * c.y + pm.dj * c.x);
    return (cc0 + c.cc) * g.block.divisor + in_block;
}

/* jace_sample_src of index cc0 * block + offset (see jace_fast_sample_coords and jace_fast_sample_at). */
JACE_HD long long jace_fast_sample_src(const jace_pixel_map &pm, const unsigned char *src_ch,
                                       const jace_fast_sample_geom &g, long long cc0, unsigned offset) {
    return jace_fast_sample_at(pm, src_ch, g, cc0, jace_fast_sample_coords(g, offset));
}

/* The filter expansions: the expanded bank out [cout G, cin fibre], row o G + g holding element g's action on w[o]:
 * for group filters (group_order G) on each [G, k, k] fibre w[o, c] (out[o G + g, c G + h] = g . w[o, c, g^-1 h]), for
 * lifting ones (group_order 0) on each [k, k] plane w[o, c]. A column c fibre + within is split by fast divisors made
 * once on the host (the kernels split every entry's: plain divisions are tens of instructions each). */
struct jace_expand_geom {
    int group_order, k, fibre, cols; /* fibre: G k k or k k; cols: cin fibre, a row of out and of w */
    jace_fast_divisor by_fibre, by_plane, by_k;
};

inline jace_expand_geom jace_make_expand_geom(bool group_filter, int order, int cin, int k) {
    const int fibre = (group_filter ? order : 1) * k * k;
    return jace_expand_geom{group_filter ? order : 0,
                            k,
                            fibre,
                            cin * fibre,
                            jace_make_fast_divisor((unsigned)fibre),
                            jace_make_fast_divisor((unsigned)(k * k)),
                            jace_make_fast_divisor((unsigned)k)};
}

/* Column col of a row: channel c, and within its fibre the slot (group filters) and the pixel (i, j). */
struct jace_fibre_pos {
    int c, slot, i, j;
};

JACE_HD jace_fibre_pos jace_expand_column(const jace_expand_geom &x, int col) {
    const int c = (int)jace_fast_div(x.by_fibre, (unsigned)col), within = col - c * x.fibre;
    const int slot = (int)jace_fast_div(x.by_plane, (unsigned)within), pix = within - slot * x.k * x.k;
    const int i = (int)jace_fast_div(x.by_k, (unsigned)pix);
    return {c, slot, i, pix - i * x.k};
}

/* Within a row of w, the offset that column f of element e's row copies (jace_expand_src). */
JACE_HD int jace_expand_row_src(const jace_element &e, const jace_expand_geom &x, const jace_fibre_pos &f) {
    return f.c * x.fibre + jace_block_src_at(e, x.group_order, x.k, x.k, f.slot, f.i, f.j);
}

/* Within element e's row of d, the offset of the term that column f of the adjoint adds (jace_expand_adjoint_src). */
JACE_HD int jace_expand_row_dst(const jace_element &e, const jace_expand_geom &x, const jace_fibre_pos &f) {
    return f.c * x.fibre + jace_block_dst_at(e, x.group_order, x.k, x.k, f.slot, f.i, f.j);
}

/* The w offset that out[o G + g, col] copies. */
JACE_HD long long jace_expand_src(const jace_elements &el, const jace_expand_geom &x, int o, int g, int col) {
    return (long long)o * x.cols + jace_expand_row_src(el.e[g], x, jace_expand_column(x, col));
}

/* The adjoint, dw[o, col] = sum over g of out-shaped d[o G + g, ...]: the d offset of term g. */
JACE_HD long long jace_expand_adjoint_src(const jace_elements &el, const jace_expand_geom &x, int o, int g, int col) {
    return ((long long)o * el.count + g) * x.cols + jace_expand_row_dst(el.e[g], x, jace_expand_column(x, col));
}

/* Host: fills `out` for element g of a table whose entries were range-checked by the caller. Returns false when
 * h -> compose(inverse(g), h) is not a permutation (an inconsistent table). */
inline bool jace_make_element(const jace_group &group, int g, jace_element *out) {
    const int order = group.order;
    out->rot = (unsigned char)group.rotation[g];
    out->flip = (unsigned char)group.flip[g];
    bool seen[JACE_MAX_GROUP_ORDER] = {false};
    for (int h = 0; h < JACE_MAX_GROUP_ORDER; h++) {
        out->src_ch[h] = 0;
        out->dst_ch[h] = 0;
    }
    const int ginv = group.inverse[g];
    for (int h = 0; h < order; h++) {
        const int s = group.compose[ginv * order + h];
        if (seen[s]) {
            return false;
        }
        seen[s] = true;
        out->src_ch[h] = (unsigned char)s;
        out->dst_ch[s] = (unsigned char)h;
    }
    return true;
}

#endif
