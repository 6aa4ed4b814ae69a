/* Host-side validation of group tables and element lists, and their packing into kernel parameters. */
#ifndef JACE_GROUP_ARGS_H
#define JACE_GROUP_ARGS_H

#include "group_index.cuh"
#include "jace_internal.h"

/* Checks the table's ranges (order 1..JACE_MAX_GROUP_ORDER, rotation 0..3, flip 0..1, compose/inverse entries
 * naming elements); the host pointer is read here and never reaches a kernel. */
inline jace_status jace_check_group(const char *fn, const jace_group *group) {
    JACE_REQUIRE(group != nullptr, "%s: group is NULL", fn);
    const int order = group->order;
    JACE_REQUIRE(order >= 1 && order <= JACE_MAX_GROUP_ORDER, "%s: group order %d not in 1..%d", fn, order,
                 JACE_MAX_GROUP_ORDER);
    for (int e = 0; e < order; e++) {
        JACE_REQUIRE(group->rotation[e] >= 0 && group->rotation[e] <= 3,
                     "%s: group element %d has rotation %d (want 0..3)", fn, e, group->rotation[e]);
        JACE_REQUIRE(group->flip[e] == 0 || group->flip[e] == 1, "%s: group element %d has flip %d (want 0..1)", fn,
                     e, group->flip[e]);
        JACE_REQUIRE(group->inverse[e] >= 0 && group->inverse[e] < order,
                     "%s: inverse[%d] = %d is not an element (0..%d)", fn, e, group->inverse[e], order - 1);
    }
    for (int i = 0; i < order * order; i++) {
        JACE_REQUIRE(group->compose[i] >= 0 && group->compose[i] < order,
                     "%s: compose[%d*%d+%d] = %d is not an element (0..%d)", fn, i / order, order, i % order,
                     group->compose[i], order - 1);
    }
    return JACE_SUCCESS;
}

inline bool jace_group_rotates(const jace_group *group) {
    for (int e = 0; e < group->order; e++) {
        if (group->rotation[e] != 0) {
            return true;
        }
    }
    return false;
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

/* Checks rep/c/h/w against the group and fills the per-sample geometry; *sample = elements per sample. */
inline jace_status jace_sample_shape(const char *fn, const jace_group *group, jace_rep rep, int c, int h, int w,
                                     jace_sample_geom *geom, long long *sample) {
    JACE_REQUIRE_POSITIVE(fn, c);
    JACE_REQUIRE_POSITIVE(fn, h);
    JACE_REQUIRE_POSITIVE(fn, w);
    switch (rep) {
    case JACE_REP_INVARIANT:
        /* Any per-sample shape: c*h*w elements, left in place. */
        *geom = jace_sample_geom{0, 0, h, w, 1};
        *sample = (long long)c * h * w;
        return JACE_SUCCESS;
    case JACE_REP_IMAGE:
    case JACE_REP_GROUP_MAP: {
        JACE_REQUIRE(h == w || !jace_group_rotates(group),
                     "%s: the group rotates, so images must be square; got %dx%d", fn, h, w);
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

#endif
