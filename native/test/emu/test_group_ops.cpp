/* Emulator test of the group operations (cuda/group_ops.cuh via jace_group_action, jace_expand_{lifting,group}_filter
 * and their adjoints, jace_group_pool and its backward) for the trivial, C2, mirror, C4 and D4 groups (tables
 * derived from the action in conv_reference.h). References are built from numpy rot90/flip semantics and the
 * conventions of jace.h — element e is rot90^rotation[e] after flip^flip[e], (g·F)(h, x) = F(g^-1 h, g^-1 x) —
 * not from the kernels' index maps. Then the argument checks. */
#include "emu_check.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "conv_reference.h"
#pragma GCC diagnostic pop

#include <string>

using namespace emu_check;

/* rot90^rot(flip^flip(x)) of an h x w plane (rot odd only when square). */
static void act(int rot, int flip, const double *x, double *y, int h, int w) {
    if (h == w) {
        act_plane(rot, flip, x, y, h);
        return;
    }
    if (rot % 2 != 0) std::abort();
    Vec a(x, x + h * w), b(a.size());
    if (flip) {
        np_flip(a.data(), b.data(), h, w);
        a.swap(b);
    }
    if (rot == 2) { /* rot90 twice = flip of both axes */
        for (int i = 0; i < h; ++i)
            for (int j = 0; j < w; ++j) b[i * w + j] = a[(h - 1 - i) * w + (w - 1 - j)];
        a.swap(b);
    }
    std::copy(a.begin(), a.end(), y);
}

/* g·x[i] for one sample of `rep`: [c, h, w] planes, [c, G, h, w] fibres or c untouched values. */
static void act_sample(const jace_group &grp, int g, jace_rep rep, const double *x, double *y, int c, int h, int w) {
    const int G = grp.order, plane = h * w;
    if (rep == JACE_REP_INVARIANT) {
        std::copy(x, x + (std::size_t)c * plane, y);
        return;
    }
    for (int ch = 0; ch < c; ++ch) {
        if (rep == JACE_REP_IMAGE) {
            act(grp.rotation[g], grp.flip[g], x + (std::size_t)ch * plane, y + (std::size_t)ch * plane, h, w);
            continue;
        }
        for (int s = 0; s < G; ++s) {
            const int from = grp.compose[grp.inverse[g] * G + s];
            act(grp.rotation[g], grp.flip[g], x + ((std::size_t)ch * G + from) * plane,
                y + ((std::size_t)ch * G + s) * plane, h, w);
        }
    }
}

static const char *rep_name(jace_rep rep) {
    return rep == JACE_REP_IMAGE ? "image" : rep == JACE_REP_GROUP_MAP ? "group map" : "invariant";
}

static std::size_t sample_size(const jace_group &grp, jace_rep rep, int c, int h, int w) {
    return (std::size_t)c * (rep == JACE_REP_GROUP_MAP ? grp.order : 1) * h * w;
}

/* Every element once, then a repeated, shuffled list (or the given elements); then, for the whole group,
 * b·(a·x) = (b·a)·x through the library twice. Actions are permutations: results must equal the reference exactly.
 * `shift` floats into their allocations, x and out start 4-byte aligned only. */
static void action_case(const Group &G, jace_rep rep, int n, int c, int h, int w, std::vector<int> elements = {},
                        std::size_t shift = 0) {
    const jace_group &grp = G.g;
    const std::size_t sample = sample_size(grp, rep, c, h, w);
    const Vec x = random((std::size_t)n * sample);
    const bool whole_group = elements.empty();
    if (whole_group) {
        for (int e = 0; e < grp.order; ++e) elements.push_back(e);
        for (int e = grp.order - 1; e >= 0; e -= 2) elements.push_back(e);
        elements.push_back(0);
    }
    const int num = (int)elements.size();
    Dev X(after_zeros(shift, x)), out_shifted(shift + (std::size_t)num * n * sample);
    EXPECT_OK(jace_group_action(X.p + shift, out_shifted.p + shift, &grp, elements.data(), num, rep, n, c, h, w,
                                nullptr));
    Vec got = out_shifted.get();
    got.erase(got.begin(), got.begin() + (std::ptrdiff_t)shift);
    Vec ref((std::size_t)num * n * sample);
    for (int s = 0; s < num; ++s)
        for (int i = 0; i < n; ++i)
            act_sample(grp, elements[s], rep, &x[(std::size_t)i * sample], &ref[((std::size_t)s * n + i) * sample], c,
                       h, w);
    char what[160];
    std::snprintf(what, sizeof what, "jace_group_action %s %s n=%d c=%d %dx%d%s", G.name.c_str(), rep_name(rep), n, c,
                  h, w, shift > 0 ? " shifted" : "");
    EXPECT_NEAR_VEC(what, got, ref, 0.0);

    for (int a = 0; whole_group && a < grp.order; ++a) {
        Dev ax((std::size_t)n * sample), bax((std::size_t)grp.order * n * sample),
            cx((std::size_t)grp.order * n * sample);
        std::vector<int> all, products;
        for (int b = 0; b < grp.order; ++b) {
            all.push_back(b);
            products.push_back(grp.compose[b * grp.order + a]);
        }
        EXPECT_OK(jace_group_action(X.p, ax.p, &grp, &a, 1, rep, n, c, h, w, nullptr));
        EXPECT_OK(jace_group_action(ax.p, bax.p, &grp, all.data(), grp.order, rep, n, c, h, w, nullptr));
        EXPECT_OK(jace_group_action(X.p, cx.p, &grp, products.data(), grp.order, rep, n, c, h, w, nullptr));
        char comp[200];
        std::snprintf(comp, sizeof comp, "%s: b.(%d.x) != (b%d).x", what, a, a);
        EXPECT_NEAR_VEC(comp, bax.get(), cx.get(), 0.0);
    }
}

static Vec abs_of(const Vec &v) {
    Vec a(v);
    for (auto &e : a) e = std::fabs(e);
    return a;
}

/* Expansion (a permutation copy per element: exact) and its adjoint (a float sum of G terms per entry: G 2^-24 of
 * the sum of |terms|, so 1e-6 for G <= 8), elementwise against conv_reference.h's explicit rot90/flip
 * materialisation, and the adjoint identity <expand(w), v> = <w, adjoint(v)> on the library's own outputs (same
 * bound, relative to <|expand(w)|, |v|>). */
static void filter_case(const Group &G, bool group_filter, int cout, int cin, int k) {
    const jace_group &grp = G.g;
    const int order = grp.order, gin = group_filter ? order : 1;
    Dims d{};
    d.cout = cout;
    d.cin = cin;
    d.k = k;
    d.G = order;
    d.gin = gin;
    d.group_input = group_filter;
    const std::size_t nw = (std::size_t)cout * cin * gin * k * k, ne = nw * order;
    const Vec w = random(nw), v = random(ne);
    Dev W(w), V(v), ex(ne), adj(nw);
    if (group_filter) {
        EXPECT_OK(jace_expand_group_filter(W.p, ex.p, &grp, cout, cin, k, nullptr));
        EXPECT_OK(jace_expand_group_filter_adjoint(V.p, adj.p, &grp, cout, cin, k, nullptr));
    } else {
        EXPECT_OK(jace_expand_lifting_filter(W.p, ex.p, &grp, cout, cin, k, nullptr));
        EXPECT_OK(jace_expand_lifting_filter_adjoint(V.p, adj.p, &grp, cout, cin, k, nullptr));
    }
    const char *fn = group_filter ? "jace_expand_group_filter" : "jace_expand_lifting_filter";
    char what[128];
    std::snprintf(what, sizeof what, "%s %s cout=%d cin=%d k=%d", fn, G.name.c_str(), cout, cin, k);
    const Vec exk = ex.get(), adjk = adj.get();
    EXPECT_NEAR_VEC(what, exk, materialise(d, grp, w), 0.0);
    std::string aw = std::string(what) + " adjoint";
    EXPECT_NEAR_VEC(aw.c_str(), adjk, materialise_adjoint(d, grp, v), 1e-6, materialise_adjoint(d, grp, abs_of(v)));
    std::string iw = std::string(what) + " <expand(w), v> = <w, adjoint(v)>";
    EXPECT_NEAR_VEC(iw.c_str(), Vec{dot(exk, v)}, Vec{dot(w, adjk)}, 1e-6, Vec{dot(abs_of(exk), abs_of(v))});
}

/* A NaN anywhere in a fibre makes its max NaN and takes the gradient (the first NaN when there are several), in
 * whatever group slot it sits; the other fibres are untouched by it. */
static void pool_nan_case(int order, int first, int second) {
    const int n = 1, c = 2, hw = 3;
    const std::size_t nin = (std::size_t)n * c * order * hw, nout = (std::size_t)n * c * hw;
    Vec x = random(nin);
    const std::size_t fibre = 1 * order * hw + 2; /* channel 1, pixel 2 */
    x[fibre + (std::size_t)first * hw] = NAN;
    if (second >= 0) x[fibre + (std::size_t)second * hw] = NAN;
    const Vec dy = random(nout);
    Dev X(x), DY(dy), out(nout), dx(nin);
    EXPECT_OK(jace_group_pool(X.p, out.p, n, c, order, hw, JACE_POOL_MAX, nullptr));
    EXPECT_OK(jace_group_pool_backward(X.p, DY.p, dx.p, n, c, order, hw, JACE_POOL_MAX, nullptr));
    Vec ref(nout), dref(nin, 0.0);
    for (int b = 0; b < n * c; ++b)
        for (int p = 0; p < hw; ++p) {
            const std::size_t base = (std::size_t)b * order * hw + p;
            int arg = 0;
            for (int g = 1; g < order; ++g)
                if (x[base + (std::size_t)g * hw] > x[base + (std::size_t)arg * hw]) arg = g;
            if (base == fibre) arg = first; /* second, when there is one, comes later */
            ref[(std::size_t)b * hw + p] = x[base + (std::size_t)arg * hw];
            dref[base + (std::size_t)arg * hw] = dy[(std::size_t)b * hw + p];
        }
    char what[96];
    std::snprintf(what, sizeof what, "jace_group_pool max order=%d NaN at %d%s", order, first,
                  second >= 0 ? " and another" : "");
    EXPECT_NEAR_VEC(what, out.get(), ref, 0.0);
    std::string bw = std::string(what) + " backward";
    EXPECT_NEAR_VEC(bw.c_str(), dx.get(), dref, 0.0);
}

/* Group pooling over [n, c, order, hw]. MAX copies values and sends dy to the lowest-index maximum (CpuGroupPool);
 * MEAN is a float sum of `order` terms, then a division: order 2^-24 of the mean of |x|, so 1e-6. */
static void pool_case(int n, int c, int order, int hw, bool with_ties) {
    const std::size_t nc = (std::size_t)n * c, nin = nc * order * hw, nout = nc * hw;
    Vec x = with_ties ? random(nin, 0, 2) : random(nin);
    if (with_ties)
        for (auto &e : x) e = std::floor(e);
    const Vec dy = random(nout);
    Dev X(x), DY(dy);
    for (jace_pool_mode mode : {JACE_POOL_MAX, JACE_POOL_MEAN}) {
        const bool is_max = mode == JACE_POOL_MAX;
        Dev out(nout), dx(nin);
        EXPECT_OK(jace_group_pool(X.p, out.p, n, c, order, hw, mode, nullptr));
        /* MEAN backward never reads x: NULL is allowed there. */
        EXPECT_OK(jace_group_pool_backward(is_max ? X.p : nullptr, DY.p, dx.p, n, c, order, hw, mode, nullptr));
        Vec ref(nout, 0.0), scale(nout, 0.0), dref(nin, 0.0), dscale(nin, 0.0);
        for (std::size_t b = 0; b < nc; ++b)
            for (int p = 0; p < hw; ++p) {
                const std::size_t o = b * hw + p;
                int arg = 0;
                for (int g = 0; g < order; ++g) {
                    const std::size_t i = (b * order + g) * hw + p;
                    if (x[i] > x[(b * order + arg) * hw + p]) arg = g;
                    scale[o] += std::fabs(x[i]) / order;
                    ref[o] += x[i] / order;
                    dref[i] = is_max ? 0.0 : dy[o] / order;
                    dscale[i] = std::fabs(dy[o]);
                }
                if (is_max) {
                    ref[o] = scale[o] = x[(b * order + arg) * hw + p];
                    dref[(b * order + arg) * hw + p] = dy[o];
                }
            }
        char what[128];
        std::snprintf(what, sizeof what, "jace_group_pool %s n=%d c=%d order=%d hw=%d%s", is_max ? "max" : "mean", n, c,
                      order, hw, with_ties ? " ties" : "");
        EXPECT_NEAR_VEC(what, out.get(), ref, is_max ? 0.0 : 1e-6, scale);
        std::string bw = std::string(what) + " backward";
        EXPECT_NEAR_VEC(bw.c_str(), dx.get(), dref, is_max ? 0.0 : 1e-6, dscale);
    }
}

static void expect_invalid(jace_status st, const char *fn, const char *what) {
    EXPECT(st == JACE_ERROR_INVALID_ARGUMENT && std::strstr(jace_last_error(), fn) != nullptr,
           "%s: %s gave status %d, message \"%s\"", fn, what, (int)st, jace_last_error());
}

/* Tables that break one rule each. */
static std::vector<std::pair<const char *, jace_group>> bad_groups(const jace_group &c4) {
    std::vector<std::pair<const char *, jace_group>> out;
    jace_group g = c4;
    g.order = 0;
    out.push_back({"order 0", g});
    g = c4;
    g.order = JACE_MAX_GROUP_ORDER + 1;
    out.push_back({"order 9", g});
    g = c4;
    g.rotation[2] = 4;
    out.push_back({"rotation 4", g});
    g = c4;
    g.rotation[1] = -1;
    out.push_back({"rotation -1", g});
    g = c4;
    g.flip[3] = 2;
    out.push_back({"flip 2", g});
    g = c4;
    g.inverse[1] = 4;
    out.push_back({"inverse out of range", g});
    g = c4;
    g.compose[5] = -1;
    out.push_back({"compose out of range", g});
    g = c4;
    g.compose[0 * 4 + 1] = 0; /* row of the identity's inverse no longer a permutation */
    out.push_back({"inconsistent compose", g});
    return out;
}

static void argument_checks(const Group &c4, const Group &mirror) {
    Dev a(4096), b(4096);
    const jace_group *grp = &c4.g;
    const int el[2] = {0, 1};
    const char *ga = "jace_group_action";
    expect_invalid(jace_group_action(nullptr, b.p, grp, el, 2, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga, "NULL x");
    expect_invalid(jace_group_action(a.p, nullptr, grp, el, 2, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga, "NULL out");
    expect_invalid(jace_group_action(a.p, b.p, nullptr, el, 2, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga, "NULL group");
    expect_invalid(jace_group_action(a.p, b.p, grp, nullptr, 2, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga,
                   "NULL elements");
    expect_invalid(jace_group_action(a.p, b.p, grp, el, 0, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga, "0 elements");
    std::vector<int> many(65, 0); /* JACE_MAX_ELEMENTS + 1 */
    expect_invalid(jace_group_action(a.p, b.p, grp, many.data(), (int)many.size(), JACE_REP_INVARIANT, 1, 1, 1, 1,
                                     nullptr), ga, "65 elements");
    for (int e : {-1, 4}) {
        const int one[1] = {e};
        expect_invalid(jace_group_action(a.p, b.p, grp, one, 1, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga,
                       "element out of range");
    }
    const int dims[][4] = {{0, 1, 4, 4}, {1, 0, 4, 4}, {1, 1, 0, 4}, {1, 1, 4, 0}, {-2, 1, 4, 4}, {1, -1, 4, 4}};
    for (jace_rep rep : {JACE_REP_INVARIANT, JACE_REP_IMAGE, JACE_REP_GROUP_MAP})
        for (const auto &d : dims) {
            char what[64];
            std::snprintf(what, sizeof what, "%s n=%d c=%d h=%d w=%d", rep_name(rep), d[0], d[1], d[2], d[3]);
            expect_invalid(jace_group_action(a.p, b.p, grp, el, 2, rep, d[0], d[1], d[2], d[3], nullptr), ga, what);
        }
    for (jace_rep rep : {JACE_REP_IMAGE, JACE_REP_GROUP_MAP}) {
        expect_invalid(jace_group_action(a.p, b.p, grp, el, 2, rep, 1, 1, 4, 5, nullptr), ga, "rotating, non-square");
        EXPECT_OK(jace_group_action(a.p, b.p, &mirror.g, el, 2, rep, 1, 1, 4, 5, nullptr)); /* flips need no square */
    }
    expect_invalid(jace_group_action(a.p, b.p, grp, el, 2, (jace_rep)7, 1, 1, 4, 4, nullptr), ga, "rep 7");

    const char *fns[4] = {"jace_expand_lifting_filter", "jace_expand_lifting_filter_adjoint",
                          "jace_expand_group_filter", "jace_expand_group_filter_adjoint"};
    auto expand = [&](int f, const float *in, float *out, const jace_group *g, int co, int ci, int k) {
        switch (f) {
        case 0: return jace_expand_lifting_filter(in, out, g, co, ci, k, nullptr);
        case 1: return jace_expand_lifting_filter_adjoint(in, out, g, co, ci, k, nullptr);
        case 2: return jace_expand_group_filter(in, out, g, co, ci, k, nullptr);
        default: return jace_expand_group_filter_adjoint(in, out, g, co, ci, k, nullptr);
        }
    };
    for (int f = 0; f < 4; ++f) {
        expect_invalid(expand(f, nullptr, b.p, grp, 1, 1, 3), fns[f], "NULL input");
        expect_invalid(expand(f, a.p, nullptr, grp, 1, 1, 3), fns[f], "NULL output");
        expect_invalid(expand(f, a.p, b.p, nullptr, 1, 1, 3), fns[f], "NULL group");
        const int sizes[][3] = {{0, 1, 3}, {1, 0, 3}, {1, 1, 0}, {-1, 1, 3}, {1, 1, -3}};
        for (const auto &s : sizes) expect_invalid(expand(f, a.p, b.p, grp, s[0], s[1], s[2]), fns[f], "size <= 0");
        for (const auto &bg : bad_groups(c4.g)) expect_invalid(expand(f, a.p, b.p, &bg.second, 1, 1, 3), fns[f], bg.first);
    }
    for (const auto &bg : bad_groups(c4.g))
        expect_invalid(jace_group_action(a.p, b.p, &bg.second, el, 2, JACE_REP_IMAGE, 1, 1, 4, 4, nullptr), ga,
                       bg.first);

    const char *gp = "jace_group_pool", *gb = "jace_group_pool_backward";
    const jace_pool_mode mx = JACE_POOL_MAX, mn = JACE_POOL_MEAN;
    expect_invalid(jace_group_pool(nullptr, b.p, 1, 1, 4, 4, mx, nullptr), gp, "NULL x");
    expect_invalid(jace_group_pool(a.p, nullptr, 1, 1, 4, 4, mx, nullptr), gp, "NULL out");
    expect_invalid(jace_group_pool_backward(nullptr, a.p, b.p, 1, 1, 4, 4, mx, nullptr), gb, "NULL x for MAX");
    expect_invalid(jace_group_pool_backward(a.p, nullptr, b.p, 1, 1, 4, 4, mn, nullptr), gb, "NULL dy");
    expect_invalid(jace_group_pool_backward(a.p, a.p, nullptr, 1, 1, 4, 4, mn, nullptr), gb, "NULL dx");
    const int pools[][4] = {{0, 1, 4, 4}, {1, 0, 4, 4}, {1, 1, 0, 4}, {1, 1, 9, 4}, {1, 1, 4, 0}, {-1, 1, 4, 4}};
    for (const auto &p : pools)
        for (jace_pool_mode mode : {mx, mn}) {
            char what[64];
            std::snprintf(what, sizeof what, "n=%d c=%d order=%d hw=%d", p[0], p[1], p[2], p[3]);
            expect_invalid(jace_group_pool(a.p, b.p, p[0], p[1], p[2], p[3], mode, nullptr), gp, what);
            expect_invalid(jace_group_pool_backward(a.p, a.p, b.p, p[0], p[1], p[2], p[3], mode, nullptr), gb, what);
        }
    expect_invalid(jace_group_pool(a.p, b.p, 1, 1, 4, 4, (jace_pool_mode)2, nullptr), gp, "mode 2");
    expect_invalid(jace_group_pool_backward(a.p, a.p, b.p, 1, 1, 4, 4, (jace_pool_mode)2, nullptr), gb, "mode 2");
}

int main() {
    const std::vector<Group> groups = standard_groups();
    for (const Group &G : groups) {
        const bool quarter_turns = G.name == "C4" || G.name == "D4";
        for (jace_rep rep : {JACE_REP_INVARIANT, JACE_REP_IMAGE, JACE_REP_GROUP_MAP}) {
            action_case(G, rep, 2, 3, 5, 5); /* odd side: a centre pixel */
            action_case(G, rep, 1, 2, 4, 4); /* even side */
            action_case(G, rep, 3, 1, 1, 1);
            /* samples of more than one chunk of JACE_ACTION_CHUNK (1024), chunks starting inside a channel */
            action_case(G, rep, 2, 5, 15, 15);
            /* Flips and half turns keep h x w: non-square images (C2 included) */
            if (!quarter_turns) action_case(G, rep, 2, 2, 3, 6);
            if (G.name == "D4") action_case(G, rep, 2, 2, 4, 7, {0, 2, 4, 6, 2}); /* D4's e, r2, m, r2m */
        }
        /* c * n >= 2 * 132 (the emulator's SMs) and channel blocks of at least 256 elements: the plane kernel, with
         * 16-byte accesses (rows a multiple of 4 floats) and single floats, in two of its sizes, and unaligned */
        std::vector<int> every;
        for (int e = 0; e < G.g.order; ++e) every.push_back(e);
        every.push_back(G.g.order - 1);
        action_case(G, JACE_REP_GROUP_MAP, 132, 2, 8, 8, every);
        if (!quarter_turns) action_case(G, JACE_REP_IMAGE, 264, 1, 12, 24, every);
        if (quarter_turns) {
            action_case(G, JACE_REP_IMAGE, 264, 1, 17, 17, {1, G.g.order - 1});
            action_case(G, JACE_REP_IMAGE, 264, 1, 64, 64, {3});
            action_case(G, JACE_REP_GROUP_MAP, 132, 2, 8, 8, {1, 3}, 1);
            /* more rows a thread than it loads at once (JACE_PLANE_BATCH, 7): 15 rows of single floats, 57 x 57;
             * for D4, 8 rows of 16-byte loads, 32 x 32 group maps */
            action_case(G, JACE_REP_IMAGE, 264, 1, 57, 57, {1, G.g.order - 1});
            if (G.name == "D4") action_case(G, JACE_REP_GROUP_MAP, 264, 1, 32, 32, {1, 6});
        }
        for (bool group_filter : {false, true})
            for (int k : {1, 3, 4, 5}) filter_case(G, group_filter, 2, 3, k);
        filter_case(G, true, 1, 1, 3);
        for (bool group_filter : {false, true}) filter_case(G, group_filter, 3, 40, 3); /* rows of several blocks */
    }
    for (int order : {1, 2, 3, 4, 8}) {
        pool_case(2, 3, order, 25, false);
        pool_case(2, 3, order, 25, true);
    }
    pool_case(3, 40, 8, 49, true); /* many blocks */
    pool_case(2, 3, 4, 300, false); /* planes larger than a block */
    pool_case(1, 2, 8, 700, true);
    for (int order : {2, 3, 8})
        for (int first = 0; first < order; ++first) {
            pool_nan_case(order, first, -1);
            if (first + 1 < order) pool_nan_case(order, first, order - 1);
        }
    const Group *c4 = nullptr, *mirror = nullptr;
    for (const Group &G : groups) {
        if (G.name == "C4") c4 = &G;
        if (G.name == "mirror") mirror = &G;
    }
    argument_checks(*c4, *mirror);
    return finish("test_group_ops");
}
