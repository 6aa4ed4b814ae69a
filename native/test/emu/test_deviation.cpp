/* Emulator test of the equivariance deviation (cuda/deviation.cuh via jace_equivariance_deviation and its backward)
 * and of the relative-deviation gradient weights (cuda/deviation_weights.cuh): the deviation and both backward
 * kernels against float64 references built from numpy's flip/rot90 (not the kernels' index maps), the gradient also
 * against central differences of the float64 forward, on the trivial, flip, C4 and D4 groups and every rep; the
 * weights bit for bit against the Java loop (CpuDeviation.relativeWeights), the _dev twin bit for bit against the
 * host-value function; and the argument checks. */
#include <functional>

#include "emu_bits.h"

using namespace emu_check;

namespace {

/* A group built from its elements' (rotation, flip), with compose and inverse found by acting on a 3x3 grid. */
struct Group {
    const char *name;
    jace_group table{};
};

/* numpy: y = rot90(flip(x, -1) if flip else x, rot, axes=(-2,-1)) on one h x w plane (h == w when rot is odd; a
 * half turn, rot90 twice, is y[i][j] = x[h-1-i][w-1-j] whatever the shape). */
Vec act_plane(int rot, int flip, const Vec &x, int h, int w) {
    Vec y = x;
    if (flip) {
        for (int i = 0; i < h; ++i)
            for (int j = 0; j < w; ++j) y[(std::size_t)(i * w + j)] = x[(std::size_t)(i * w + w - 1 - j)];
    }
    if (rot == 2) {
        const Vec z = y;
        for (std::size_t p = 0; p < z.size(); ++p) y[p] = z[z.size() - 1 - p];
        return y;
    }
    for (int r = 0; r < rot; ++r) {
        const Vec z = y;
        for (int i = 0; i < h; ++i)
            for (int j = 0; j < w; ++j) y[(std::size_t)(i * w + j)] = z[(std::size_t)(j * w + w - 1 - i)];
    }
    return y;
}

Group make_group(const char *name, std::vector<std::pair<int, int>> elements) {
    Group g{name};
    const int order = (int)elements.size();
    g.table.order = order;
    Vec grid(9);
    for (int i = 0; i < 9; ++i) grid[(std::size_t)i] = i;
    auto act = [&](int e, const Vec &x) { return act_plane(elements[e].first, elements[e].second, x, 3, 3); };
    for (int a = 0; a < order; ++a) {
        g.table.rotation[a] = elements[a].first;
        g.table.flip[a] = elements[a].second;
        for (int b = 0; b < order; ++b) {
            const Vec ab = act(a, act(b, grid));
            for (int c = 0; c < order; ++c)
                if (act(c, grid) == ab) g.table.compose[a * order + b] = c;
            if (act(a, act(b, grid)) == grid) g.table.inverse[a] = b;
        }
    }
    return g;
}

const std::vector<Group> &groups() {
    static const std::vector<Group> all = {
        make_group("trivial", {{0, 0}}),
        make_group("flip", {{0, 0}, {0, 1}}),
        make_group("c4", {{0, 0}, {1, 0}, {2, 0}, {3, 0}}),
        make_group("d4", {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {1, 1}, {2, 1}, {3, 1}}),
        make_group("c2", {{0, 0}, {2, 0}}),
    };
    return all;
}

struct Shape {
    jace_rep rep;
    int c, h, w;
};

long long sample_size(const jace_group &g, const Shape &s) {
    return (long long)s.c * (s.rep == JACE_REP_GROUP_MAP ? g.order : 1) * s.h * s.w;
}

/* rho(e) x for one sample: (g.F)[h] = g.(F[g^-1 h]) on group maps, g.x per channel on images. */
Vec rho(const jace_group &g, int e, const Shape &s, const Vec &x) {
    if (s.rep == JACE_REP_INVARIANT) return x;
    const int slots = s.rep == JACE_REP_GROUP_MAP ? g.order : 1;
    const std::size_t plane = (std::size_t)s.h * s.w;
    Vec y(x.size());
    for (int c = 0; c < s.c; ++c)
        for (int h = 0; h < slots; ++h) {
            const int from = s.rep == JACE_REP_GROUP_MAP ? g.compose[g.inverse[e] * g.order + h] : h;
            const auto in = x.begin() + (std::ptrdiff_t)(((std::size_t)c * slots + from) * plane);
            const Vec moved = act_plane(g.rotation[e], g.flip[e], Vec(in, in + (std::ptrdiff_t)plane), s.h, s.w);
            std::copy(moved.begin(), moved.end(), y.begin() + (std::ptrdiff_t)(((std::size_t)c * slots + h) * plane));
        }
    return y;
}

Vec slice(const Vec &v, std::size_t at, std::size_t len) {
    return Vec(v.begin() + (std::ptrdiff_t)(at * len), v.begin() + (std::ptrdiff_t)((at + 1) * len));
}

struct Case {
    const Group *group;
    std::vector<int> elements;
    Shape shape;
    int n;
    std::size_t sample() const { return (std::size_t)sample_size(group->table, shape); }
    std::size_t count() const { return elements.size(); }
    std::string what() const {
        char buf[128];
        std::snprintf(buf, sizeof buf, "%s rep %d c%d %dx%d n%d S%zu", group->name, (int)shape.rep, shape.c,
                      shape.h, shape.w, n, count());
        return buf;
    }
};

/* fgx - rho(e_s) fx for sample i of element s. */
Vec difference(const Case &k, const Vec &fgx, const Vec &fx, std::size_t s, std::size_t i) {
    const Vec moved = rho(k.group->table, k.elements[s], k.shape, slice(fx, i, k.sample()));
    Vec d = slice(fgx, s * (std::size_t)k.n + i, k.sample());
    for (std::size_t p = 0; p < d.size(); ++p) d[p] -= moved[p];
    return d;
}

/* The float64 forward: deviation [S, n] then norm [n]. */
Vec forward(const Case &k, const Vec &fgx, const Vec &fx) {
    Vec out(k.count() * k.n + k.n);
    for (std::size_t s = 0; s < k.count(); ++s)
        for (int i = 0; i < k.n; ++i)
            for (double d : difference(k, fgx, fx, s, (std::size_t)i)) out[s * k.n + i] += d * d;
    for (int i = 0; i < k.n; ++i)
        for (double v : slice(fx, (std::size_t)i, k.sample())) out[k.count() * k.n + i] += v * v;
    return out;
}

/* `shift` floats into their allocations, fgx and fx start 4-byte aligned only (shift 1: the plane kernel's single-float
 * loads where its 16-byte ones would read a row of a multiple of 4 floats). */
void forward_case(const Case &k, std::size_t shift = 0) {
    const Vec fgx = random(k.count() * k.n * k.sample()), fx = random(k.n * k.sample());
    Dev FGX(after_zeros(shift, fgx)), FX(after_zeros(shift, fx)), dev(k.count() * k.n), norm((std::size_t)k.n);
    EXPECT_OK(jace_equivariance_deviation(FGX.p + shift, FX.p + shift, &k.group->table, k.elements.data(),
                                          (int)k.count(), k.shape.rep, k.n, k.shape.c, k.shape.h, k.shape.w, dev.p,
                                          norm.p, nullptr));
    const Vec ref = forward(k, fgx, fx);
    Vec got = dev.get();
    const Vec got_norm = norm.get();
    got.insert(got.end(), got_norm.begin(), got_norm.end());
    EXPECT_NEAR_VEC(("deviation " + k.what() + (shift > 0 ? " shifted" : "")).c_str(), got, ref, 1e-6);
}

/* Both backward kernels against the direct formula and against central differences of
 * L = sum(d_dev * deviation) + sum(d_norm * norm) in float64. */
void backward_case(const Case &k, bool with_norm, bool finite_differences = true) {
    const std::size_t S = k.count(), n = (std::size_t)k.n, len = k.sample();
    const Vec fgx = random(S * n * len), fx = random(n * len), d_dev = random(S * n), d_norm = random(n);
    Dev FGX(fgx), FX(fx), DD(d_dev), DN(d_norm), d_fgx(S * n * len), d_fx(n * len);
    EXPECT_OK(jace_equivariance_deviation_backward(FGX.p, FX.p, &k.group->table, k.elements.data(), (int)S,
                                                   k.shape.rep, k.n, k.shape.c, k.shape.h, k.shape.w, DD.p,
                                                   with_norm ? DN.p : nullptr, d_fgx.p, d_fx.p, nullptr));
    const Vec got_fgx = d_fgx.get(), got_fx = d_fx.get();

    Vec ref_fgx(S * n * len), scale_fgx(ref_fgx.size()), ref_fx(n * len), scale_fx(ref_fx.size());
    Vec index(len);
    for (std::size_t p = 0; p < len; ++p) index[p] = (double)p;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t p = 0; p < len; ++p) {
            const double f = fx[i * len + p];
            ref_fx[i * len + p] = with_norm ? 2 * d_norm[i] * f : 0;
            scale_fx[i * len + p] = with_norm ? std::fabs(2 * d_norm[i] * f) : 0;
        }
        for (std::size_t s = 0; s < S; ++s) {
            const Vec d = difference(k, fgx, fx, s, i);
            /* rho(e) gathers x[src[q]] into q, so its transpose adds y[q] into src[q]. */
            const Vec src = rho(k.group->table, k.elements[s], k.shape, index);
            const double a = 2 * d_dev[s * n + i];
            for (std::size_t q = 0; q < len; ++q) {
                const std::size_t at = (s * n + i) * len + q, to = i * len + (std::size_t)src[q];
                ref_fgx[at] = a * d[q];
                scale_fgx[at] = std::fabs(a) * (std::fabs(fgx[at]) + std::fabs(fx[to]));
                ref_fx[to] -= a * d[q];
                scale_fx[to] += scale_fgx[at];
            }
        }
    }
    const std::string what = k.what() + (with_norm ? " with d_norm" : " without d_norm");
    EXPECT_NEAR_VEC(("d_fgx " + what).c_str(), got_fgx, ref_fgx, 1e-6, scale_fgx);
    EXPECT_NEAR_VEC(("d_fx " + what).c_str(), got_fx, ref_fx, 1e-6, scale_fx);

    if (!finite_differences) return;
    /* L is quadratic, so central differences are exact but for float64 rounding. */
    auto loss = [&](const Vec &a, const Vec &b) {
        const Vec out = forward(k, a, b);
        double l = 0;
        for (std::size_t j = 0; j < S * n; ++j) l += d_dev[j] * out[j];
        for (std::size_t i = 0; with_norm && i < n; ++i) l += d_norm[i] * out[S * n + i];
        return l;
    };
    const double h = 0.125;
    Vec fd_fgx(fgx.size()), fd_fx(fx.size());
    for (std::size_t j = 0; j < fgx.size(); ++j) {
        Vec up = fgx, down = fgx;
        up[j] += h;
        down[j] -= h;
        fd_fgx[j] = (loss(up, fx) - loss(down, fx)) / (2 * h);
    }
    for (std::size_t j = 0; j < fx.size(); ++j) {
        Vec up = fx, down = fx;
        up[j] += h;
        down[j] -= h;
        fd_fx[j] = (loss(fgx, up) - loss(fgx, down)) / (2 * h);
    }
    EXPECT_NEAR_VEC(("d_fgx finite differences " + what).c_str(), got_fgx, fd_fgx, 1e-6, scale_fgx);
    EXPECT_NEAR_VEC(("d_fx finite differences " + what).c_str(), got_fx, fd_fx, 1e-6, scale_fx);
}

/* CpuDeviation.relativeWeights, in the Java order: d_deviation [k, n] then d_norm [n]. */
Vec java_weights(const Vec &dev, const Vec &norm, int k, int n, const std::vector<int> &rows, double scale,
                 double eps) {
    Vec out((std::size_t)(k + 1) * n, 0.0);
    for (int i = 0; i < n; ++i) {
        const double denominator = (double)(float)norm[(std::size_t)i] + eps;
        double sum = 0;
        for (int s : rows) {
            out[(std::size_t)s * n + i] = (float)(scale / denominator);
            sum -= scale * dev[(std::size_t)s * n + i] / (denominator * denominator);
        }
        out[(std::size_t)k * n + i] = (float)sum;
    }
    return out;
}

Vec weights_got(const Dev &dd, const Dev &dn) {
    Vec got = dd.get();
    const Vec tail = dn.get();
    got.insert(got.end(), tail.begin(), tail.end());
    return got;
}

void weights_case(int k, int n, const std::vector<int> &rows, double weight, double divisor, double eps) {
    const Vec dev = random((std::size_t)k * n, 0, 3);
    Vec norm = random((std::size_t)n, 0, 5);
    norm[0] = 0;
    if (n > 1) norm[1] = (double)1e-30f;
    Dev DEV(dev), NORM(norm), dd((std::size_t)k * n), dn((std::size_t)n), dd2((std::size_t)k * n), dn2((std::size_t)n);
    DevDoubles W(Vec{weight});
    const double scale = weight / divisor;
    EXPECT_OK(jace_relative_deviation_weights(DEV.p, NORM.p, k, n, rows.data(), (int)rows.size(), scale, eps, dd.p,
                                              dn.p, nullptr));
    EXPECT_OK(jace_relative_deviation_weights_dev(DEV.p, NORM.p, k, n, rows.data(), (int)rows.size(), W.p, divisor,
                                                  eps, dd2.p, dn2.p, nullptr));
    char what[160];
    std::snprintf(what, sizeof what, "relative weights k%d n%d %zu rows (last %d) scale %g/%g eps %g", k, n,
                  rows.size(), rows.empty() ? -1 : rows.back(), weight, divisor, eps);
    const Vec got = weights_got(dd, dn);
    EXPECT_BITWISE(what, got, java_weights(dev, norm, k, n, rows, scale, eps));
    EXPECT_BITWISE(std::string(what) + " _dev vs host value", weights_got(dd2, dn2), got);
}

std::vector<int> range(int from, int to, int step = 1) {
    std::vector<int> r;
    for (int i = from; i < to; i += step) r.push_back(i);
    return r;
}

std::vector<int> repeated(const std::vector<int> &v, int times) {
    std::vector<int> r;
    for (int t = 0; t < times; ++t) r.insert(r.end(), v.begin(), v.end());
    return r;
}

/* The accumulation is in double: each of the 256 threads sums one 1 and 63 terms of 2^-24 (2^-12 squared), which a
 * float accumulator rounds away (1 + 2^-24 ties to 1), losing 63 * 2^-24 = 3.8e-6 of the sum. fgx = 2 fx on the
 * identity, so the deviation and the norm are both ||fx||^2. */
void forward_accumulates_in_double() {
    const Group &trivial = groups()[0];
    const Case k{&trivial, {0}, {JACE_REP_IMAGE, 1, 128, 128}, 1};
    Vec fx(k.sample(), 1.0 / 4096), fgx(k.sample());
    for (std::size_t p = 0; p < 256; ++p) fx[p] = 1;
    for (std::size_t p = 0; p < fx.size(); ++p) fgx[p] = 2 * fx[p];
    Dev FGX(fgx), FX(fx), dev(1), norm(1);
    EXPECT_OK(jace_equivariance_deviation(FGX.p, FX.p, &k.group->table, k.elements.data(), 1, k.shape.rep, 1,
                                          k.shape.c, k.shape.h, k.shape.w, dev.p, norm.p, nullptr));
    Vec got = dev.get();
    got.push_back(norm.get()[0]);
    EXPECT_NEAR_VEC("deviation and norm summed in double", got, forward(k, fgx, fx), 1e-6);
}

/* d_fx sums its S terms in double: one term -1, then 63 of -2^-24 that a float accumulator rounds away (1 + 2^-24
 * ties to 1), losing 3.8e-6 of the sum. Identity elements on one-element samples: d_fx = -sum_s 2 d_dev[s] fgx[s]. */
void backward_accumulates_in_double() {
    const Group &trivial = groups()[0];
    const int S = 64;
    Vec fgx(S, 0.5), d_dev(S, std::ldexp(1.0, -24));
    d_dev[0] = 1;
    const std::vector<int> elements(S, 0);
    Dev FGX(fgx), FX(Vec{0.0}), DD(d_dev), d_fgx(S), d_fx(1);
    EXPECT_OK(jace_equivariance_deviation_backward(FGX.p, FX.p, &trivial.table, elements.data(), S,
                                                   JACE_REP_INVARIANT, 1, 1, 1, 1, DD.p, nullptr, d_fgx.p, d_fx.p,
                                                   nullptr));
    double ref = 0;
    for (int s = 0; s < S; ++s) ref -= 2 * d_dev[(std::size_t)s] * fgx[(std::size_t)s];
    EXPECT_NEAR_VEC("d_fx summed in double", d_fx.get(), Vec{ref}, 1e-6);
    EXPECT_NEAR_VEC("d_fgx of the double-sum case", d_fgx.get(), d_dev, 1e-6);
}

void argument_checks() {
    const jace_group &d4 = groups()[3].table;
    Dev a(64 * 2 * 16), b(64), dev(64 * 2), norm(2);
    const int el[] = {1, 2};
    const char *fn = "jace_equivariance_deviation";
    auto fwd = [&](const float *fgx, const float *fx, const jace_group *g, const int *e, int num, jace_rep rep, int n,
                   int h, int w, float *d, float *nm) {
        return jace_equivariance_deviation(fgx, fx, g, e, num, rep, n, 1, h, w, d, nm, nullptr);
    };
    EXPECT_REFUSED(fn, "fgx is NULL", fwd(nullptr, b.p, &d4, el, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "fx is NULL", fwd(a.p, nullptr, &d4, el, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "n must be > 0", fwd(a.p, b.p, &d4, el, 2, JACE_REP_IMAGE, 0, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "group is NULL", fwd(a.p, b.p, nullptr, el, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "elements is NULL", fwd(a.p, b.p, &d4, nullptr, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "num_elements 0", fwd(a.p, b.p, &d4, el, 0, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    std::vector<int> many(65, 0);
    EXPECT_REFUSED(fn, "num_elements 65", fwd(a.p, b.p, &d4, many.data(), 65, JACE_REP_IMAGE, 1, 1, 1, dev.p, norm.p));
    const int outside[] = {8};
    EXPECT_REFUSED(fn, "elements[0] = 8", fwd(a.p, b.p, &d4, outside, 1, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "elements[0] is a quarter turn (rotation 1), so images must be square; got 4x2",
                   fwd(a.p, b.p, &d4, el, 2, JACE_REP_IMAGE, 2, 4, 2, dev.p, norm.p));
    EXPECT_REFUSED(fn, "h must be > 0", fwd(a.p, b.p, &d4, el, 2, JACE_REP_IMAGE, 2, 0, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "unknown rep 7", fwd(a.p, b.p, &d4, el, 2, (jace_rep)7, 2, 4, 4, dev.p, norm.p));
    EXPECT_REFUSED(fn, "deviation is NULL", fwd(a.p, b.p, &d4, el, 2, JACE_REP_IMAGE, 2, 4, 4, nullptr, norm.p));
    EXPECT_REFUSED(fn, "norm is NULL", fwd(a.p, b.p, &d4, el, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, nullptr));
    jace_group bad = d4;
    bad.compose[1 * 8 + 2] = bad.compose[1 * 8 + 3]; /* row of inverse(3) = 1 no longer a permutation */
    const int three[] = {3};
    EXPECT_REFUSED(fn, "compose[1*8+2] = 0, want 3", fwd(a.p, b.p, &bad, three, 1, JACE_REP_IMAGE, 2, 4, 4, dev.p,
                                                       norm.p));
    bad = d4;
    bad.rotation[5] = 4;
    EXPECT_REFUSED(fn, "rotation 4", fwd(a.p, b.p, &bad, el, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));
    bad = d4;
    bad.order = 9;
    EXPECT_REFUSED(fn, "group order 9", fwd(a.p, b.p, &bad, el, 2, JACE_REP_IMAGE, 2, 4, 4, dev.p, norm.p));

    fn = "jace_equivariance_deviation_backward";
    auto bwd = [&](const float *fgx, const float *dd, float *dfgx, float *dfx, int n) {
        return jace_equivariance_deviation_backward(fgx, b.p, &d4, el, 2, JACE_REP_IMAGE, n, 1, 4, 4, dd, nullptr,
                                                    dfgx, dfx, nullptr);
    };
    EXPECT_REFUSED(fn, "fgx is NULL", bwd(nullptr, dev.p, a.p, b.p, 2));
    EXPECT_REFUSED(fn, "n must be > 0", bwd(a.p, dev.p, a.p, b.p, -1));
    EXPECT_REFUSED(fn, "d_deviation is NULL", bwd(a.p, nullptr, a.p, b.p, 2));
    EXPECT_REFUSED(fn, "d_fgx is NULL", bwd(a.p, dev.p, nullptr, b.p, 2));
    EXPECT_REFUSED(fn, "d_fx is NULL", bwd(a.p, dev.p, a.p, nullptr, 2));

    /* Shapes past the kernels' 32-bit indexing, refused before any launch, on buffers at fake addresses 16-byte
     * aligned and apart. An invariant sample of 2^21 x 2^21 (h * w past 2^31, which is no plane of it) needs 2^31
     * chunks; a 1 x (2^31-1) image is a channel block past 2^31-1-2048. */
    float *const fake_dev = reinterpret_cast<float *>(1ULL << 44), *const fake_norm = fake_dev + 1024;
    float *const fake_fgx = reinterpret_cast<float *>(1ULL << 45);
    float *const fake_fx = reinterpret_cast<float *>(1ULL << 46);
    const int big = 1 << 21, wide = 0x7fffffff;
    fn = "jace_equivariance_deviation";
    EXPECT_REFUSED(fn, "need 2147483648 blocks of 2048 elements, more than 2^31-1",
                   jace_equivariance_deviation(fake_fgx, fake_fx, &d4, el, 1, JACE_REP_INVARIANT, 1, 1, big, big,
                                               fake_dev, fake_norm, nullptr));
    EXPECT_REFUSED(fn, "2147483647 elements per channel exceed the deviation's 32-bit indexing",
                   jace_equivariance_deviation(fake_fgx, fake_fx, &d4, el + 1, 1, JACE_REP_IMAGE, 1, 1, 1, wide,
                                               fake_dev, fake_norm, nullptr));
    fn = "jace_equivariance_deviation_backward";
    float *const fake_dfgx = reinterpret_cast<float *>(3ULL << 45);
    float *const fake_dfx = reinterpret_cast<float *>(3ULL << 46);
    EXPECT_REFUSED(fn, "need 4294967296 blocks of 1024 elements, more than 2^31-1",
                   jace_equivariance_deviation_backward(fake_fgx, fake_fx, &d4, el, 1, JACE_REP_INVARIANT, 1, 1, big,
                                                        big, fake_dev, fake_norm, fake_dfgx, fake_dfx, nullptr));
    EXPECT_REFUSED(fn, "2147483647 elements per channel exceed the deviation's 32-bit indexing",
                   jace_equivariance_deviation_backward(fake_fgx, fake_fx, &d4, el + 1, 1, JACE_REP_IMAGE, 1, 1, 1,
                                                        wide, fake_dev, fake_norm, fake_dfgx, fake_dfx, nullptr));

    DevDoubles w(Vec{1.0});
    const int rows[] = {0, 1}, descending[] = {1, 0};
    fn = "jace_relative_deviation_weights";
    auto wts = [&](const float *d, const float *nm, int k, int n, const int *r, int num, float *dd, float *dn) {
        return jace_relative_deviation_weights(d, nm, k, n, r, num, 1.0, 1e-12, dd, dn, nullptr);
    };
    EXPECT_REFUSED(fn, "deviation is NULL", wts(nullptr, norm.p, 2, 2, rows, 2, dev.p, norm.p));
    EXPECT_REFUSED(fn, "norm is NULL", wts(dev.p, nullptr, 2, 2, rows, 2, dev.p, norm.p));
    EXPECT_REFUSED(fn, "d_deviation is NULL", wts(dev.p, norm.p, 2, 2, rows, 2, nullptr, norm.p));
    EXPECT_REFUSED(fn, "d_norm is NULL", wts(dev.p, norm.p, 2, 2, rows, 2, dev.p, nullptr));
    EXPECT_REFUSED(fn, "n must be > 0", wts(dev.p, norm.p, 2, 0, rows, 2, dev.p, norm.p));
    EXPECT_REFUSED(fn, "k must be > 0", wts(dev.p, norm.p, 0, 2, rows, 0, dev.p, norm.p));
    EXPECT_REFUSED(fn, "k must be <= 64", wts(dev.p, norm.p, 65, 2, rows, 2, dev.p, norm.p));
    EXPECT_REFUSED(fn, "num_rows must be in [0, 2]", wts(dev.p, norm.p, 2, 2, rows, 3, dev.p, norm.p));
    EXPECT_REFUSED(fn, "rows is NULL", wts(dev.p, norm.p, 2, 2, nullptr, 1, dev.p, norm.p));
    EXPECT_REFUSED(fn, "strictly ascending", wts(dev.p, norm.p, 2, 2, descending, 2, dev.p, norm.p));
    EXPECT_REFUSED(fn, "rows[0] = 1", wts(dev.p, norm.p, 1, 2, rows + 1, 1, dev.p, norm.p));
    fn = "jace_relative_deviation_weights_dev";
    EXPECT_REFUSED(fn, "weight is NULL", jace_relative_deviation_weights_dev(dev.p, norm.p, 2, 2, rows, 2, nullptr,
                                                                             1.0, 1e-12, dev.p, norm.p, nullptr));
    EXPECT_REFUSED(fn, "norm is NULL", jace_relative_deviation_weights_dev(dev.p, nullptr, 2, 2, rows, 2, w.p, 1.0,
                                                                           1e-12, dev.p, norm.p, nullptr));
    EXPECT_REFUSED(fn, "k must be <= 64", jace_relative_deviation_weights_dev(dev.p, norm.p, 65, 2, rows, 2, w.p, 1.0,
                                                                              1e-12, dev.p, norm.p, nullptr));
}

}  // namespace

int main() {
    const Group &trivial = groups()[0], &flip = groups()[1], &c4 = groups()[2], &d4 = groups()[3], &c2 = groups()[4];
    const std::vector<Case> cases = {
        {&d4, range(0, 8), {JACE_REP_IMAGE, 3, 5, 5}, 3},
        {&d4, range(0, 8), {JACE_REP_GROUP_MAP, 2, 5, 5}, 3},       /* 400 per sample: 2 strides of 256 threads */
        {&d4, {5, 3, 3, 0, 6}, {JACE_REP_GROUP_MAP, 1, 4, 4}, 2},   /* repeats, even side */
        {&d4, {7, 1}, {JACE_REP_INVARIANT, 6, 1, 1}, 4},
        {&c4, range(0, 4), {JACE_REP_GROUP_MAP, 3, 3, 3}, 2},
        {&c4, {3}, {JACE_REP_IMAGE, 1, 6, 6}, 1},
        {&flip, range(0, 2), {JACE_REP_IMAGE, 2, 3, 5}, 3},         /* flips only: non-square images */
        {&flip, {1}, {JACE_REP_GROUP_MAP, 2, 4, 3}, 2},
        {&trivial, {0, 0}, {JACE_REP_GROUP_MAP, 2, 2, 3}, 2},
        {&d4, std::vector<int>(64, 6), {JACE_REP_IMAGE, 1, 2, 2}, 2}, /* the most elements */
        /* half turns keep h x w: non-square images for C2, and for the half turns and flips of C4 and D4 */
        {&c2, range(0, 2), {JACE_REP_IMAGE, 2, 4, 6}, 3},
        {&c2, {1, 0, 1}, {JACE_REP_GROUP_MAP, 2, 5, 3}, 2},
        {&c4, {2, 0}, {JACE_REP_GROUP_MAP, 1, 3, 4}, 2},
        {&d4, {2, 4, 6}, {JACE_REP_IMAGE, 2, 3, 7}, 2},
        /* more than one chunk of JACE_DEV_CHUNK (2048) elements, so partial sums and the finishing kernel: chunks
         * that start inside a channel block, and (257 x 257) more chunks than the finishing warp has lanes */
        {&d4, range(0, 8), {JACE_REP_GROUP_MAP, 6, 7, 7}, 3},
        {&c4, {1, 3}, {JACE_REP_IMAGE, 3, 28, 28}, 2},
        {&d4, {7, 1}, {JACE_REP_INVARIANT, 5, 30, 30}, 2},
        {&c4, {1}, {JACE_REP_IMAGE, 1, 257, 257}, 1},
        /* c * n >= 2 * 132 (the emulator's SMs) and channel blocks of at least 256 elements (one per thread):
         * channel blocks staged in shared memory (jace_deviation_plane_kernel), in each of its three sizes, with
         * 16-byte loads (w a multiple of 4) and single floats, partial sums per channel (c > 1) or written directly
         * (c == 1) */
        {&c4, range(0, 4), {JACE_REP_IMAGE, 3, 16, 16}, 100},
        {&d4, {1}, {JACE_REP_IMAGE, 1, 64, 64}, 264},
        {&c2, {1, 0}, {JACE_REP_GROUP_MAP, 2, 14, 10}, 140},
        {&d4, {1}, {JACE_REP_IMAGE, 1, 75, 75}, 264},
        /* more rows a thread than it loads at once (JACE_PLANE_BATCH, 7): 8 rows of 16-byte loads */
        {&d4, {1, 6}, {JACE_REP_GROUP_MAP, 1, 32, 32}, 264},
        /* the largest size (a 100 x 101 staged plane) */
        {&d4, {6}, {JACE_REP_IMAGE, 1, 100, 100}, 264},
        /* more elements than the plane kernel sums a barrier (8): 9 of them, then 18 (three groups, the last of two) */
        {&c4, {0, 1, 2, 3, 0, 1, 2, 3, 2}, {JACE_REP_GROUP_MAP, 1, 8, 8}, 264},
        {&c4, repeated({3, 1, 2, 0, 2, 1}, 3), {JACE_REP_GROUP_MAP, 1, 8, 8}, 264},
        /* channel blocks under 256 elements take the chunks whatever c * n (128 here, 264 blocks) */
        {&d4, range(0, 8), {JACE_REP_GROUP_MAP, 2, 4, 4}, 132},
    };
    for (const Case &k : cases) forward_case(k);
    /* the plane kernel's cases of rows a multiple of 4 long, from pointers that are not 16-byte aligned */
    forward_case({&c4, range(0, 4), {JACE_REP_IMAGE, 3, 16, 16}, 100}, 1);
    forward_case({&d4, {1, 6}, {JACE_REP_GROUP_MAP, 1, 8, 8}, 264}, 1);
    forward_accumulates_in_double();
    /* The float64 finite differences are O(size^2): small cases, every rep and group. */
    const std::vector<Case> small = {
        {&d4, range(0, 8, 3), {JACE_REP_GROUP_MAP, 1, 3, 3}, 2},
        {&d4, {1, 4, 4}, {JACE_REP_IMAGE, 2, 3, 3}, 2},
        {&c4, range(0, 4), {JACE_REP_IMAGE, 1, 4, 4}, 2},
        {&flip, range(0, 2), {JACE_REP_GROUP_MAP, 1, 2, 3}, 3},
        {&trivial, {0}, {JACE_REP_INVARIANT, 5, 1, 1}, 2},
        {&d4, {2, 7}, {JACE_REP_INVARIANT, 3, 2, 1}, 3},
        {&c2, range(0, 2), {JACE_REP_GROUP_MAP, 1, 2, 3}, 2},
        {&d4, {6, 2}, {JACE_REP_IMAGE, 1, 3, 2}, 2},
    };
    for (const Case &k : small) {
        backward_case(k, true);
        backward_case(k, false);
    }
    /* Larger than one chunk of the backward kernels (2048 elements for dFgx, 1024 for dFx), a partial chunk last,
     * without the float64 finite differences. */
    backward_case({&d4, range(0, 8), {JACE_REP_GROUP_MAP, 3, 6, 6}, 2}, true, false);
    backward_case({&d4, range(0, 8), {JACE_REP_GROUP_MAP, 6, 7, 7}, 2}, true, false);
    backward_case({&c4, {1, 3}, {JACE_REP_IMAGE, 3, 28, 28}, 2}, false, false);
    backward_case({&d4, {7, 1}, {JACE_REP_INVARIANT, 5, 30, 30}, 2}, true, false);
    /* more elements (33) than the 256 threads fill the slot tables (8 slots each) at once, as jace_fill_slot_tables
     * does for the plane kernel too */
    backward_case({&d4, repeated({7, 2, 5}, 11), {JACE_REP_GROUP_MAP, 1, 3, 3}, 2}, true, false);
    backward_accumulates_in_double();

    for (int n : {1, 300}) {
        weights_case(7, n, {}, 0.7315, 7.0 * n, 1e-12);
        weights_case(7, n, {0}, 0.7315, 1.0 * n, 1e-12);
        weights_case(7, n, {1, 2, 3}, 2.5, 3.0 * n, 1e-7);
        weights_case(7, n, {0, 2, 4, 6}, -1.25, 3.0, 0.0); /* norm 0 with eps 0: inf and NaN weights */
        weights_case(7, n, range(0, 7), 1.0, 0.0, 1e-12);  /* divisor 0: infinite scale */
    }
    weights_case(64, 5, {0, 31, 32, 63}, 0.3, 3.0, 1e-12); /* the mask's top bit */
    weights_case(64, 3, range(0, 64), 0.1, 7.0, 1e-12);
    weights_case(1, 2, {0}, 1.0 / 3, 1.0, 1e-12);
    argument_checks();
    return finish("test_deviation");
}
