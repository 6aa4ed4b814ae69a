/* Host-side validation of group tables and element lists, and their packing into kernel parameters. */
#ifndef JACE_GROUP_ARGS_H
#define JACE_GROUP_ARGS_H

#include "group_index.cuh"
#include "jace_internal.h"

/* (rotation, flip) of the product a·b, "b acts first": r^ra m^fa · r^rb m^fb = r^(ra + (fa ? -rb : rb)) m^(fa xor fb),
 * since m r = r^-1 m (the geometry of jace.h's action: rot90^r after flip^f). */
inline void jace_product(int ra, int fa, int rb, int fb, int *r, int *f) {
    *r = (ra + (fa ? 4 - rb : rb)) & 3;
    *f = fa ^ fb;
}

/* Checks the whole table against the geometry: order 1..JACE_MAX_GROUP_ORDER, distinct (rotation, flip) pairs in
 * range, element 0 the identity, closure, every compose entry the product and every inverse the inverse. At most
 * 8x8 products, so every entry point runs it. The host pointer is read here and never reaches a kernel. */
inline jace_status jace_check_group(const char *fn, const jace_group *group) {
    JACE_REQUIRE(group != nullptr, "%s: group is NULL", fn);
    const int order = group->order;
    JACE_REQUIRE(order >= 1 && order <= JACE_MAX_GROUP_ORDER, "%s: group order %d not in 1..%d", fn, order,
                 JACE_MAX_GROUP_ORDER);
    int index[4][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}}; /* element of each (rotation, flip) */
    for (int e = 0; e < order; e++) {
        const int r = group->rotation[e], f = group->flip[e];
        JACE_REQUIRE(r >= 0 && r <= 3, "%s: group element %d has rotation %d (want 0..3)", fn, e, r);
        JACE_REQUIRE(f == 0 || f == 1, "%s: group element %d has flip %d (want 0..1)", fn, e, f);
        JACE_REQUIRE(index[r][f] < 0, "%s: group elements %d and %d are both rotation %d, flip %d (want distinct)", fn,
                     index[r][f], e, r, f);
        index[r][f] = e;
    }
    JACE_REQUIRE(index[0][0] == 0, "%s: group element 0 is rotation %d, flip %d; it must be the identity (0, 0)", fn,
                 group->rotation[0], group->flip[0]);
    for (int a = 0; a < order; a++) {
        const int ra = group->rotation[a], fa = group->flip[a];
        for (int b = 0; b < order; b++) {
            const int rb = group->rotation[b], fb = group->flip[b];
            int r, f;
            jace_product(ra, fa, rb, fb, &r, &f);
            JACE_REQUIRE(index[r][f] >= 0,
                         "%s: group not closed: element %d (rotation %d, flip %d) . element %d (rotation %d, flip %d) "
                         "is rotation %d, flip %d, which is no element", fn, a, ra, fa, b, rb, fb, r, f);
            const int got = group->compose[a * order + b];
            JACE_REQUIRE(got == index[r][f],
                         "%s: compose[%d*%d+%d] = %d, want %d: element %d (rotation %d, flip %d) . element %d "
                         "(rotation %d, flip %d), %d acting first, is rotation %d, flip %d", fn, a, order, b, got,
                         index[r][f], a, ra, fa, b, rb, fb, b, r, f);
        }
    }
    for (int a = 0; a < order; a++) {
        int want = 0; /* the b with a·b = identity: one exists, as the elements are closed and finite */
        while (want < order - 1 && group->compose[a * order + want] != 0) want++;
        JACE_REQUIRE(group->inverse[a] == want,
                     "%s: inverse[%d] = %d, want %d: element %d (rotation %d, flip %d) . element %d is the identity",
                     fn, a, group->inverse[a], want, a, group->rotation[a], group->flip[a], want);
    }
    return JACE_SUCCESS;
}

/* Packs element g (already range-checked) into `out`. */
inline jace_status jace_pack_element(const char *fn, const jace_group *group, int g, jace_element *out) {
    JACE_REQUIRE(jace_make_element(*group, g, out),
                 "%s: inconsistent group table: h -> compose(inverse(%d), h) is not a permutation", fn, g);
    return JACE_SUCCESS;
}

/* Validates `elements[0..num)` against the group and packs them. */
inline jace_status jace_pack_elements(const char *fn, const jace_group *group, const int *elements, int num,
                                      jace_elements *out) {
    JACE_REQUIRE(elements != nullptr, "%s: elements is NULL", fn);
    JACE_REQUIRE(num >= 1 && num <= JACE_MAX_ELEMENTS, "%s: num_elements %d not in 1..%d", fn, num,
                 JACE_MAX_ELEMENTS);
    out->count = num;
    for (int s = 0; s < num; s++) {
        JACE_REQUIRE(elements[s] >= 0 && elements[s] < group->order,
                     "%s: elements[%d] = %d is not in the group (elements are 0..%d)", fn, s, elements[s],
                     group->order - 1);
        JACE_TRY(jace_pack_element(fn, group, elements[s], &out->e[s]));
    }
    return JACE_SUCCESS;
}

/* All elements 0..order-1, in order (filter banks). */
inline jace_status jace_pack_all_elements(const char *fn, const jace_group *group, jace_elements *out) {
    out->count = group->order;
    for (int g = 0; g < group->order; g++) {
        JACE_TRY(jace_pack_element(fn, group, g, &out->e[g]));
    }
    return JACE_SUCCESS;
}

/* Checks rep/c/h/w against the group and the elements the call applies, and fills the per-sample geometry;
 * *sample = elements per sample. A quarter turn maps h x w to w x h, so it needs h == w; half turns and flips keep
 * any h x w. */
inline jace_status jace_sample_shape(const char *fn, const jace_group *group, const jace_elements &el, jace_rep rep,
                                     int c, int h, int w, jace_sample_geom *geom, long long *sample) {
    JACE_REQUIRE_POSITIVE(fn, c);
    JACE_REQUIRE_POSITIVE(fn, h);
    JACE_REQUIRE_POSITIVE(fn, w);
    switch (rep) {
    case JACE_REP_INVARIANT:
        /* Any per-sample shape: c*h*w elements, left in place. */
        *geom = jace_sample_geom{0, 0, h, w, 1};
        *sample = jace_count({c, h, w});
        return jace_require_count(fn, "a sample", *sample);
    case JACE_REP_IMAGE:
    case JACE_REP_GROUP_MAP: {
        for (int s = 0; s < el.count && h != w; s++) {
            JACE_REQUIRE(el.e[s].rot % 2 == 0,
                         "%s: elements[%d] is a quarter turn (rotation %d), so images must be square; got %dx%d "
                         "(half turns and flips keep any shape)", fn, s, (int)el.e[s].rot, h, w);
        }
        const int slots = rep == JACE_REP_GROUP_MAP ? group->order : 1;
        const long long block = (long long)slots * h * w;
        JACE_REQUIRE(block <= 0x7fffffffLL, "%s: %d x %d x %d elements per channel exceed 2^31-1", fn, slots, h, w);
        *geom = jace_sample_geom{1, rep == JACE_REP_GROUP_MAP ? group->order : 0, h, w, (int)block};
        *sample = (long long)c * block;
        return JACE_SUCCESS;
    }
    }
    return jace_fail(JACE_ERROR_INVALID_ARGUMENT, "%s: unknown rep %d", fn, (int)rep);
}

/* The limits of the kernels that cut each of n samples into chunks of `chunk` elements (the deviation's, the group
 * action): at most 2^31-1 blocks, and offsets within a channel block of `block` elements plus a chunk below 2^31.
 * `kernels` names them in the message ("the deviation's"). */
inline jace_status jace_require_chunked(const char *fn, const char *kernels, int n, long long sample, int block,
                                       int chunk) {
    const long long chunks = (sample + chunk - 1) / chunk;
    JACE_REQUIRE(chunks * n <= 0x7fffffffLL,
                 "%s: %d samples of %lld elements need %lld blocks of %d elements, more than 2^31-1", fn, n, sample,
                 chunks * n, chunk);
    JACE_REQUIRE(block <= 0x7fffffff - chunk,
                 "%s: %d elements per channel exceed %s 32-bit indexing (at most 2^31-1-%d)", fn, block, kernels,
                 chunk);
    return JACE_SUCCESS;
}

#endif
