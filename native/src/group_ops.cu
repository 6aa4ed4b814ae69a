/* Launchers of the group actions, filter banks and group pooling (cuda/group_ops.cuh). */
#include "group_args.h"
#include "group_ops.cuh"
#include "plane_plan.h"

extern "C" JACE_API jace_status jace_group_action(const float *x, float *out, const jace_group *group,
                                                  const int *elements, int num_elements, jace_rep rep, int n, int c,
                                                  int h, int w, cudaStream_t stream) {
    const char *fn = "jace_group_action";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_TRY(jace_check_group(fn, group));
    jace_elements el;
    JACE_TRY(jace_pack_elements(fn, group, elements, num_elements, &el));
    jace_sample_geom geom{};
    long long sample = 0;
    JACE_TRY(jace_sample_shape(fn, group, el, rep, c, h, w, &geom, &sample));
    JACE_TRY(jace_require_count(fn, "x", jace_count({n, sample})));
    JACE_TRY(jace_require_apart(fn, {jace_floats("out", out, (long long)num_elements * n * sample)},
                                {jace_floats("x", x, (long long)n * sample)}));
    JACE_TRY(jace_require_chunked(fn, "the action's", n, sample, geom.block, JACE_ACTION_CHUNK));
    jace_plane_plan plan{};
    JACE_TRY(jace_plan_plane(fn, geom, n, c, jace_plane_aligned(x, out), &plan));
    if (plan.staged) {
        const dim3 grid((unsigned)((long long)c * n));
        jace_launch_plane(plan, [&](auto staged, auto vec) {
            jace_group_action_plane_kernel<decltype(staged)::value, decltype(vec)::value>
                <<<grid, JACE_PLANE_THREADS, 0, stream>>>(x, out, n, sample, c, el, plan.geom);
        });
        JACE_LAUNCH_CHECK(fn);
        return JACE_SUCCESS;
    }
    const long long chunks = (sample + JACE_ACTION_CHUNK - 1) / JACE_ACTION_CHUNK;
    const dim3 grid((unsigned)(chunks * n), (unsigned)num_elements);
    const jace_fast_sample_geom fast = jace_make_fast_sample_geom(geom);
    if (geom.rep_spatial) {
        jace_group_action_kernel<true><<<grid, JACE_ACTION_THREADS, 0, stream>>>(x, out, n, sample, (int)chunks, el,
                                                                                 fast);
    } else {
        jace_group_action_kernel<false><<<grid, JACE_ACTION_THREADS, 0, stream>>>(x, out, n, sample, (int)chunks, el,
                                                                                  fast);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

namespace {
/* in and out hold the compact bank [cout, cin, gin, k, k] and the expanded one (G times as large), one way round or
 * the other (adjoint: expanded -> compact). */
jace_status filter_args(const char *fn, const float *in, const float *out, bool adjoint, bool group_filter,
                        const jace_group *group, int cout, int cin, int k, jace_elements *el) {
    const char *in_name = adjoint ? "d_expanded" : "w", *out_name = adjoint ? "dw" : "out";
    JACE_REQUIRE(in != nullptr, "%s: input filter bank is NULL", fn);
    JACE_REQUIRE(out != nullptr, "%s: output filter bank is NULL", fn);
    JACE_REQUIRE_POSITIVE(fn, cout);
    JACE_REQUIRE_POSITIVE(fn, cin);
    JACE_REQUIRE_POSITIVE(fn, k);
    JACE_TRY(jace_check_group(fn, group));
    JACE_TRY(jace_pack_all_elements(fn, group, el));
    const long long compact = jace_count({cout, cin, group_filter ? group->order : 1, k, k});
    JACE_TRY(jace_require_count(fn, "the expanded filter bank", jace_count({compact, group->order})));
    const long long expanded = compact * group->order;
    /* int in the kernels: a row's entries (and so a fibre's) and the expanded bank's rows */
    JACE_REQUIRE_EXTENT(fn, "a filter row (cin * gin * k * k)", compact / cout);
    JACE_REQUIRE_EXTENT(fn, "the expanded bank's rows (cout * G)", (long long)cout * group->order);
    return jace_require_apart(fn, {jace_floats(out_name, out, adjoint ? compact : expanded)},
                              {jace_floats(in_name, in, adjoint ? expanded : compact)});
}

/* Expansion (adjoint: its adjoint) of a group (group_filter) or lifting filter bank, after filter_args. */
jace_status expand(const char *fn, const float *in, float *out, bool adjoint, bool group_filter,
                   const jace_group *group, int cout, int cin, int k, cudaStream_t stream) {
    jace_elements el;
    JACE_TRY(filter_args(fn, in, out, adjoint, group_filter, group, cout, cin, k, &el));
    const jace_expand_geom x = jace_make_expand_geom(group_filter, group->order, cin, k);
    const jace_planes walk = jace_make_planes(cout, x.cols);
    if (adjoint) {
        jace_expand_filter_adjoint_kernel<<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(in, out, walk, el, x);
    } else {
        jace_expand_filter_kernel<<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(in, out, walk, el, x);
    }
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
}  // namespace

extern "C" JACE_API jace_status jace_expand_lifting_filter(const float *w, float *out, const jace_group *group,
                                                           int cout, int cin, int k, cudaStream_t stream) {
    return expand("jace_expand_lifting_filter", w, out, false, false, group, cout, cin, k, stream);
}

extern "C" JACE_API jace_status jace_expand_lifting_filter_adjoint(const float *d_expanded, float *dw,
                                                                   const jace_group *group, int cout, int cin, int k,
                                                                   cudaStream_t stream) {
    return expand("jace_expand_lifting_filter_adjoint", d_expanded, dw, true, false, group, cout, cin, k, stream);
}

extern "C" JACE_API jace_status jace_expand_group_filter(const float *w, float *out, const jace_group *group,
                                                         int cout, int cin, int k, cudaStream_t stream) {
    return expand("jace_expand_group_filter", w, out, false, true, group, cout, cin, k, stream);
}

extern "C" JACE_API jace_status jace_expand_group_filter_adjoint(const float *d_expanded, float *dw,
                                                                 const jace_group *group, int cout, int cin, int k,
                                                                 cudaStream_t stream) {
    return expand("jace_expand_group_filter_adjoint", d_expanded, dw, true, true, group, cout, cin, k, stream);
}

namespace {
jace_status pool_args(const char *fn, int n, int c, int order, int hw, jace_pool_mode mode) {
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_REQUIRE_POSITIVE(fn, c);
    JACE_REQUIRE(order >= 1 && order <= JACE_MAX_GROUP_ORDER, "%s: order %d not in 1..%d", fn, order,
                 JACE_MAX_GROUP_ORDER);
    JACE_REQUIRE_POSITIVE(fn, hw);
    JACE_REQUIRE(mode == JACE_POOL_MAX || mode == JACE_POOL_MEAN, "%s: unknown pool mode %d", fn, (int)mode);
    return jace_require_count(fn, "the group feature map", jace_count({n, c, order, hw}));
}
}  // namespace

extern "C" JACE_API jace_status jace_group_pool(const float *x, float *out, int n, int c, int order, int hw,
                                                jace_pool_mode mode, cudaStream_t stream) {
    const char *fn = "jace_group_pool";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, out);
    JACE_TRY(pool_args(fn, n, c, order, hw, mode));
    const long long total = (long long)n * c * hw;
    JACE_TRY(jace_require_apart(fn, {jace_floats("out", out, total)}, {jace_floats("x", x, total * order)}));
    const jace_planes walk = jace_make_planes((long long)n * c, hw);
    jace_group_pool_kernel<<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, out, walk, order,
                                                                                mode == JACE_POOL_MAX);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_group_pool_backward(const float *x, const float *dy, float *dx, int n, int c,
                                                         int order, int hw, jace_pool_mode mode,
                                                         cudaStream_t stream) {
    const char *fn = "jace_group_pool_backward";
    JACE_REQUIRE(mode != JACE_POOL_MAX || x != nullptr, "%s: x is NULL (needed for MAX)", fn);
    JACE_REQUIRE_PTR(fn, dy);
    JACE_REQUIRE_PTR(fn, dx);
    JACE_TRY(pool_args(fn, n, c, order, hw, mode));
    const long long total = (long long)n * c * hw;
    JACE_TRY(jace_require_apart(fn, {jace_floats("dx", dx, total * order)},
                                {jace_floats("x", mode == JACE_POOL_MAX ? x : nullptr, total * order),
                                 jace_floats("dy", dy, total)}));
    const jace_planes walk = jace_make_planes((long long)n * c, hw);
    jace_group_pool_backward_kernel<<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(x, dy, dx, walk, order,
                                                                                         mode == JACE_POOL_MAX);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
