/* Emulator test of batch norm (cuda/batchnorm.cuh via jace_batch_norm_train, _eval and _backward): the block per
 * channel with fewer, exactly as many and several times as many values as its 512 threads, n = 1 and inner = 1,
 * a large mean (the two-pass variance), the saved mean / inv_std and running statistics, backward from both the
 * saved statistics of a training step and arbitrary ones, against float64 references (CpuBatchNorm's formulas);
 * the backward formula itself against central differences of the float64 forward; then the argument checks. */
#include "emu_bits.h"

#include <string>

using namespace emu_check;

struct Shape {
    int n, c, inner;
    std::size_t index(int b, int ch, int i) const { return ((std::size_t)b * c + ch) * inner + i; }
    std::size_t size() const { return (std::size_t)n * c * inner; }
    long long m() const { return (long long)n * inner; }
};

static std::string name(const char *fn, const Shape &s) {
    char t[96];
    std::snprintf(t, sizeof t, "%s n=%d c=%d inner=%d", fn, s.n, s.c, s.inner);
    return t;
}

/* Per-channel mean and biased variance (two passes, as CpuBatchNorm.train). */
static void stats(const Shape &s, const Vec &x, Vec &mean, Vec &var) {
    mean.assign((std::size_t)s.c, 0.0);
    var.assign((std::size_t)s.c, 0.0);
    for (int ch = 0; ch < s.c; ++ch) {
        for (int b = 0; b < s.n; ++b)
            for (int i = 0; i < s.inner; ++i) mean[ch] += x[s.index(b, ch, i)];
        mean[ch] /= (double)s.m();
        for (int b = 0; b < s.n; ++b)
            for (int i = 0; i < s.inner; ++i) {
                const double d = x[s.index(b, ch, i)] - mean[ch];
                var[ch] += d * d;
            }
        var[ch] /= (double)s.m();
    }
}

/* out = gamma (x - mean) inv + beta; scale bounds its rounding: the float kernels round the mean to float (an
 * error of |mean| 2^-24 in x - mean) and then take four float steps, so each term counts with its magnitude. */
static void normalize(const Shape &s, const Vec &x, const Vec &gamma, const Vec &beta, const Vec &mean,
                      const Vec &inv, Vec &out, Vec &scale) {
    out.assign(s.size(), 0.0);
    scale.assign(s.size(), 0.0);
    for (int b = 0; b < s.n; ++b)
        for (int ch = 0; ch < s.c; ++ch)
            for (int i = 0; i < s.inner; ++i) {
                const std::size_t k = s.index(b, ch, i);
                out[k] = gamma[ch] * (x[k] - mean[ch]) * inv[ch] + beta[ch];
                scale[k] = std::fabs(gamma[ch]) * (std::fabs(x[k]) + std::fabs(mean[ch])) * inv[ch] +
                           std::fabs(beta[ch]);
            }
}

/* dx, dgamma, dbeta of CpuBatchNorm.backward in float64 from the given saved statistics, with the absolute-value
 * bounds of each. */
static void backward_ref(const Shape &s, const Vec &x, const Vec &dy, const Vec &gamma, const Vec &mean,
                         const Vec &inv, Vec &dx, Vec &dx_scale, Vec &dg, Vec &dg_scale, Vec &db, Vec &db_scale) {
    dx.assign(s.size(), 0.0);
    dx_scale.assign(s.size(), 0.0);
    for (Vec *v : {&dg, &dg_scale, &db, &db_scale}) v->assign((std::size_t)s.c, 0.0);
    for (int ch = 0; ch < s.c; ++ch) {
        for (int b = 0; b < s.n; ++b)
            for (int i = 0; i < s.inner; ++i) {
                const std::size_t k = s.index(b, ch, i);
                const double xhat = (x[k] - mean[ch]) * inv[ch];
                db[ch] += dy[k];
                db_scale[ch] += std::fabs(dy[k]);
                dg[ch] += dy[k] * xhat;
                dg_scale[ch] += std::fabs(dy[k] * xhat);
            }
        const double m = (double)s.m();
        for (int b = 0; b < s.n; ++b)
            for (int i = 0; i < s.inner; ++i) {
                const std::size_t k = s.index(b, ch, i);
                const double xhat = (x[k] - mean[ch]) * inv[ch];
                dx[k] = gamma[ch] * inv[ch] * (dy[k] - db[ch] / m - xhat * dg[ch] / m);
                dx_scale[k] = std::fabs(gamma[ch]) * inv[ch] *
                              (std::fabs(dy[k]) + db_scale[ch] / m + std::fabs(xhat) * dg_scale[ch] / m);
            }
    }
}

/* One training step, then eval with the updated running statistics, then backward from the saved statistics. */
/* jace_batch_norm_backward on the statistics in `mean` and `inv` against backward_ref. Sums are double, dx is one
 * rounding of a double expression: 1e-6 of the absolute-value bound. */
static void expect_backward(const char *what, const Shape &s, const Vec &x, const Vec &dy, const Vec &gamma,
                            const Dev &mean, const Dev &inv) {
    const std::size_t cs = (std::size_t)s.c;
    Dev X(x), DY(dy), G(gamma), dx(s.size()), dg(cs), db(cs);
    EXPECT_OK(jace_batch_norm_backward(X.p, DY.p, G.p, mean.p, inv.p, dx.p, dg.p, db.p, s.n, s.c, s.inner,
                                       nullptr));
    Vec rdx, rdx_s, rdg, rdg_s, rdb, rdb_s;
    backward_ref(s, x, dy, gamma, mean.get(), inv.get(), rdx, rdx_s, rdg, rdg_s, rdb, rdb_s);
    const std::string label(what);
    EXPECT_NEAR_VEC(name((label + " dx").c_str(), s).c_str(), dx.get(), rdx, 1e-6, rdx_s);
    EXPECT_NEAR_VEC(name((label + " dgamma").c_str(), s).c_str(), dg.get(), rdg, 1e-6, rdg_s);
    EXPECT_NEAR_VEC(name((label + " dbeta").c_str(), s).c_str(), db.get(), rdb, 1e-6, rdb_s);
}

static void train_case(const Shape &s, double offset, double spread) {
    const std::size_t cs = (std::size_t)s.c;
    const Vec x = random(s.size(), offset - spread, offset + spread), gamma = random(cs, 0.5, 2),
              beta = random(cs), rm0 = random(cs), rv0 = random(cs, 0.5, 2), dy = random(s.size());
    const float momentum = 0.1f, eps = 1e-5f;
    Dev X(x), G(gamma), B(beta), RM(rm0), RV(rv0), out(s.size()), sm(cs), si(cs);
    EXPECT_OK(jace_batch_norm_train(X.p, G.p, B.p, RM.p, RV.p, momentum, eps, out.p, sm.p, si.p, s.n, s.c,
                                    s.inner, nullptr));
    Vec mean, var;
    stats(s, x, mean, var);
    Vec inv(cs), rm(cs), rm_scale(cs), rv(cs), rv_scale(cs), mean_scale(cs);
    for (std::size_t ch = 0; ch < cs; ++ch) {
        inv[ch] = 1 / std::sqrt(var[ch] + (double)eps);
        /* A channel of one value has no unbiased variance: the kernel documents the biased one (0) there. */
        const double unbiased = s.m() > 1 ? var[ch] * (double)s.m() / (double)(s.m() - 1) : var[ch];
        const double mom = (double)momentum, keep = (double)(1.f - momentum);
        rm[ch] = keep * rm0[ch] + mom * mean[ch];
        rm_scale[ch] = keep * std::fabs(rm0[ch]) + mom * std::fabs(mean[ch]);
        rv[ch] = keep * rv0[ch] + mom * unbiased;
        rv_scale[ch] = keep * rv0[ch] + mom * unbiased;
        mean_scale[ch] = std::fabs(mean[ch]) + spread;
    }
    Vec ref, scale;
    normalize(s, x, gamma, beta, mean, inv, ref, scale);
    /* Statistics are double sums rounded to float, the running ones a few float steps more; inv_std also carries
     * the variance about the float-rounded mean ((mean - float(mean))^2, relatively far below 2^-24 here): all
     * within a few 2^-24, so 1e-6. */
    EXPECT_NEAR_VEC(name("jace_batch_norm_train out", s).c_str(), out.get(), ref, 1e-6, scale);
    EXPECT_NEAR_VEC(name("jace_batch_norm_train save_mean", s).c_str(), sm.get(), mean, 1e-6, mean_scale);
    EXPECT_NEAR_VEC(name("jace_batch_norm_train save_inv_std", s).c_str(), si.get(), inv, 1e-6);
    EXPECT_NEAR_VEC(name("jace_batch_norm_train running_mean", s).c_str(), RM.get(), rm, 1e-6, rm_scale);
    EXPECT_NEAR_VEC(name("jace_batch_norm_train running_var", s).c_str(), RV.get(), rv, 1e-6, rv_scale);

    /* Eval with the running statistics the step left: float 1/sqrtf(var + eps), then the same four float steps. */
    const Vec rmk = RM.get(), rvk = RV.get();
    Vec einv(cs);
    for (std::size_t ch = 0; ch < cs; ++ch) einv[ch] = 1 / std::sqrt(rvk[ch] + (double)eps);
    Dev eout(s.size());
    EXPECT_OK(jace_batch_norm_eval(X.p, G.p, B.p, RM.p, RV.p, eps, eout.p, s.n, s.c, s.inner, nullptr));
    normalize(s, x, gamma, beta, rmk, einv, ref, scale);
    EXPECT_NEAR_VEC(name("jace_batch_norm_eval", s).c_str(), eout.get(), ref, 1e-6, scale);

    /* Backward from the saved statistics the step wrote (as the layer does). */
    expect_backward("jace_batch_norm_backward", s, x, dy, gamma, sm, si);
}

/* Backward with saved statistics that are not x's own: the kernel must use exactly the ones passed. */
static void backward_given_stats(const Shape &s) {
    const std::size_t cs = (std::size_t)s.c;
    const Vec x = random(s.size(), -2, 2), dy = random(s.size()), gamma = random(cs, -2, 2);
    const Dev mean(random(cs)), inv(random(cs, 0.5, 3));
    expect_backward("jace_batch_norm_backward(given stats)", s, x, dy, gamma, mean, inv);
}

/* The backward formula is the gradient of the training forward: dx against central differences of
 * L(x) = sum dy * out(x) in float64 (truncation error O(h^2) ~ 1e-8 for these O(1) values). */
/* The statistics and the backward sums accumulate in double: each of the 512 threads of a channel first adds a 1, then
 * 99 terms of 2^-25 that a float accumulator rounds away (below half an ulp of 1), losing 3e-6 of the mean (train)
 * and of dbeta (backward). */
static void double_accumulation_case() {
    const Shape s{1, 1, 512 * 100};
    const Vec ones = ones_then_tiny(s.size(), 512);
    Dev X(ones), G(Vec{1.0}), B(Vec{0.0}), RM(Vec{0.0}), RV(Vec{1.0}), out(s.size()), sm(1), si(1);
    EXPECT_OK(jace_batch_norm_train(X.p, G.p, B.p, RM.p, RV.p, 0.1f, 1e-5f, out.p, sm.p, si.p, s.n, s.c, s.inner,
                                    nullptr));
    Vec mean, var;
    stats(s, ones, mean, var);
    EXPECT_NEAR_VEC(name("jace_batch_norm_train save_mean in double", s).c_str(), sm.get(), mean, 1e-6);
    const Vec x = random(s.size());
    expect_backward("jace_batch_norm_backward in double", s, x, ones, Vec{1.0}, Dev(Vec{0.0}), Dev(Vec{1.0}));

    /* The variance pass too: x = +-1 then +-3 * 2^-14 (thread t's values all of t's sign, so the mean is 0 exactly),
     * each thread adding 1 then 99 squares of 9 * 2^-28 (below half an ulp of 1), which a float accumulator loses:
     * 3.3e-6 of the variance, seen whole in running_var under momentum 1. */
    Vec signs(s.size());
    for (std::size_t j = 0; j < s.size(); ++j) signs[j] = (j % 2 ? -1 : 1) * (j < 512 ? 1 : 3 * std::ldexp(1.0, -14));
    Dev SX(signs), SRM(Vec{0.0}), SRV(Vec{1.0});
    EXPECT_OK(jace_batch_norm_train(SX.p, G.p, B.p, SRM.p, SRV.p, 1.0f, 1e-5f, out.p, sm.p, si.p, s.n, s.c, s.inner,
                                    nullptr));
    stats(s, signs, mean, var);
    EXPECT_NEAR_VEC(name("jace_batch_norm_train running_var in double", s).c_str(), SRV.get(),
                    Vec{var[0] * (double)s.m() / (double)(s.m() - 1)}, 1e-6);
}

static void backward_is_gradient() {
    const Shape s{3, 2, 5};
    const std::size_t cs = (std::size_t)s.c;
    const Vec x = random(s.size(), -1, 3), dy = random(s.size()), gamma = random(cs, 0.5, 2), beta = random(cs),
              ones(cs, 1.0);
    const float eps = 1e-3f;
    auto loss = [&](const Vec &xx) {
        Vec mean, var, out, scale, inv(cs);
        stats(s, xx, mean, var);
        for (std::size_t ch = 0; ch < cs; ++ch) inv[ch] = 1 / std::sqrt(var[ch] + (double)eps);
        normalize(s, xx, gamma, beta, mean, inv, out, scale);
        double l = 0;
        for (std::size_t k = 0; k < out.size(); ++k) l += dy[k] * out[k];
        return l;
    };
    Vec fd(s.size()), fd_scale(s.size(), 1.0);
    for (std::size_t k = 0; k < s.size(); ++k) {
        const double h = 1e-4;
        Vec xp = x, xm = x;
        xp[k] += h;
        xm[k] -= h;
        fd[k] = (loss(xp) - loss(xm)) / (2 * h);
    }
    Dev X(x), G(gamma), B(beta), RM(ones), RV(ones), out(s.size()), sm(cs), si(cs), DY(dy), dx(s.size()), dg(cs),
        db(cs);
    EXPECT_OK(jace_batch_norm_train(X.p, G.p, B.p, RM.p, RV.p, 0.1f, eps, out.p, sm.p, si.p, s.n, s.c, s.inner,
                                    nullptr));
    EXPECT_OK(jace_batch_norm_backward(X.p, DY.p, G.p, sm.p, si.p, dx.p, dg.p, db.p, s.n, s.c, s.inner, nullptr));
    /* Against max|fd| (O(1)): float rounding of the kernel (1e-7) plus the difference truncation (1e-8). */
    EXPECT_NEAR_VEC("jace_batch_norm_backward dx vs finite differences", dx.get(), fd, 1e-5);
}

/* Each channel's block reads its values before writing them: out = x (train, eval) and dx = x or dy (backward) give
 * the out-of-place bits. */
static void in_place_case(const Shape &s) {
    const std::size_t cs = (std::size_t)s.c;
    const Vec x = random(s.size(), -1, 3), dy = random(s.size()), gamma = random(cs, 0.5, 2), beta = random(cs),
              ones(cs, 1.0);
    Dev G(gamma), B(beta), RM(ones), RV(ones), sm(cs), si(cs), dg(cs), db(cs);
    Dev X(x), out(s.size());
    EXPECT_OK(jace_batch_norm_train(X.p, G.p, B.p, RM.p, RV.p, 0.1f, 1e-5f, out.p, sm.p, si.p, s.n, s.c, s.inner,
                                    nullptr));
    EXPECT_OK(jace_batch_norm_train(X.p, G.p, B.p, RM.p, RV.p, 0.1f, 1e-5f, X.p, sm.p, si.p, s.n, s.c, s.inner,
                                    nullptr));
    EXPECT_BITS(name("jace_batch_norm_train out = x", s).c_str(), to_float(X.get()), to_float(out.get()));
    X.set(x);
    EXPECT_OK(jace_batch_norm_eval(X.p, G.p, B.p, RM.p, RV.p, 1e-5f, out.p, s.n, s.c, s.inner, nullptr));
    EXPECT_OK(jace_batch_norm_eval(X.p, G.p, B.p, RM.p, RV.p, 1e-5f, X.p, s.n, s.c, s.inner, nullptr));
    EXPECT_BITS(name("jace_batch_norm_eval out = x", s).c_str(), to_float(X.get()), to_float(out.get()));
    X.set(x);
    Dev DY(dy), dx(s.size());
    EXPECT_OK(jace_batch_norm_backward(X.p, DY.p, G.p, sm.p, si.p, dx.p, dg.p, db.p, s.n, s.c, s.inner, nullptr));
    EXPECT_OK(jace_batch_norm_backward(X.p, DY.p, G.p, sm.p, si.p, DY.p, dg.p, db.p, s.n, s.c, s.inner, nullptr));
    EXPECT_BITS(name("jace_batch_norm_backward dx = dy", s).c_str(), to_float(DY.get()), to_float(dx.get()));
    DY.set(dy);
    EXPECT_OK(jace_batch_norm_backward(X.p, DY.p, G.p, sm.p, si.p, X.p, dg.p, db.p, s.n, s.c, s.inner, nullptr));
    EXPECT_BITS(name("jace_batch_norm_backward dx = x", s).c_str(), to_float(X.get()), to_float(dx.get()));
}

static void expect_invalid(jace_status st, const char *fn, const char *what) {
    EXPECT(st == JACE_ERROR_INVALID_ARGUMENT && std::strstr(jace_last_error(), fn) != nullptr,
           "%s: %s gave status %d, message \"%s\"", fn, what, (int)st, jace_last_error());
}

static void argument_checks() {
    Dev b0(16), b1(16), b2(16), b3(16), b4(16), b5(16), b6(16), b7(16);
    float *p[8] = {b0.p, b1.p, b2.p, b3.p, b4.p, b5.p, b6.p, b7.p};
    const char *tr = "jace_batch_norm_train", *ev = "jace_batch_norm_eval", *bw = "jace_batch_norm_backward";
    /* Each pointer NULL in turn. */
    for (int k = 0; k < 8; ++k) {
        float *q[8];
        std::copy(p, p + 8, q);
        q[k] = nullptr;
        char what[32];
        std::snprintf(what, sizeof what, "NULL pointer %d", k);
        expect_invalid(jace_batch_norm_train(q[0], q[1], q[2], q[3], q[4], 0.1f, 1e-5f, q[5], q[6], q[7], 2, 2, 2,
                                             nullptr), tr, what);
        expect_invalid(jace_batch_norm_backward(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], 2, 2, 2, nullptr),
                       bw, what);
        if (k < 6)
            expect_invalid(jace_batch_norm_eval(q[0], q[1], q[2], q[3], q[4], 1e-5f, q[5], 2, 2, 2, nullptr), ev,
                           what);
    }
    const int bad[][3] = {{0, 2, 2}, {2, 0, 2}, {2, 2, 0}, {-1, 2, 2}, {2, -4, 2}, {2, 2, -1}};
    for (const auto &d : bad) {
        char what[48];
        std::snprintf(what, sizeof what, "n=%d c=%d inner=%d", d[0], d[1], d[2]);
        expect_invalid(jace_batch_norm_train(p[0], p[1], p[2], p[3], p[4], 0.1f, 1e-5f, p[5], p[6], p[7], d[0], d[1],
                                             d[2], nullptr), tr, what);
        expect_invalid(jace_batch_norm_eval(p[0], p[1], p[2], p[3], p[4], 1e-5f, p[5], d[0], d[1], d[2], nullptr),
                       ev, what);
        expect_invalid(jace_batch_norm_backward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], d[0], d[1], d[2],
                                                nullptr), bw, what);
    }
    expect_invalid(jace_batch_norm_train(p[0], p[1], p[2], p[3], p[4], 0.1f, -1e-5f, p[5], p[6], p[7], 2, 2, 2,
                                         nullptr), tr, "eps < 0");
    expect_invalid(jace_batch_norm_train(p[0], p[1], p[2], p[3], p[4], -0.1f, 1e-5f, p[5], p[6], p[7], 2, 2, 2,
                                         nullptr), tr, "momentum < 0");
    expect_invalid(jace_batch_norm_train(p[0], p[1], p[2], p[3], p[4], 1.5f, 1e-5f, p[5], p[6], p[7], 2, 2, 2,
                                         nullptr), tr, "momentum > 1");
    expect_invalid(jace_batch_norm_train(p[0], p[1], p[2], p[3], p[4], NAN, 1e-5f, p[5], p[6], p[7], 2, 2, 2,
                                         nullptr), tr, "momentum NaN");
    expect_invalid(jace_batch_norm_eval(p[0], p[1], p[2], p[3], p[4], -1e-5f, p[5], 2, 2, 2, nullptr), ev, "eps < 0");
}

int main() {
    const Shape shapes[] = {
        {4, 3, 25},   /* 100 values per channel: fewer than the 512 threads */
        {2, 2, 256},  /* exactly 512 */
        {5, 2, 333},  /* 1665: several strides, ragged tail */
        {1, 4, 7},    /* n = 1 */
        {40, 3, 1},   /* inner = 1: a channel's values are c apart */
        {1, 2, 1},    /* one value per channel: variance 0, biased running var */
        /* more values a thread than it loads at once (JACE_CHANNEL_BATCH x 512 = 4096): 6000, and 5000 in samples of
         * 100 values, so that a thread's stride of 512 steps 5 samples and 12 values */
        {3, 2, 2000},
        {50, 2, 100},
        {7, 5, 49},   /* 7 x 7 maps: planes across blocks' boundaries */
    };
    for (const Shape &s : shapes) {
        train_case(s, 0, 1);
        backward_given_stats(s);
    }
    train_case(Shape{3, 2, 50}, 100, 0.01); /* |mean| = 1e4 std: a one-pass variance would lose everything */
    backward_is_gradient();
    double_accumulation_case();
    in_place_case(Shape{5, 2, 333});
    in_place_case(Shape{50, 2, 100});
    argument_checks();
    return finish("test_batchnorm");
}
