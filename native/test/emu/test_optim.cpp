/* Emulator test of the optimizer steps (cuda/optim.cuh via native/src/optim.cu): SGD with momentum and Adam over
 * several steps (each judged from the state the kernel left, so bias corrections change), aligned and 1-float-off
 * buffers, one and several blocks, the *_dev twins bit for bit, and the argument checks.
 *
 * Tolerances: the kernels round every float operation (u = 2^-24 each) and the references are float64 on the same
 * float inputs. Each rounding errs by at most u times a magnitude bounded by the reference evaluated on absolute
 * values, so the error is judged relative to that scale: SGD makes 6 roundings (tolerance 8u), Adam about 12 plus
 * the float bias corrections (tolerance 16u); a wrong term or coefficient is off by far more. */
#include "emu_bits.h"

using namespace emu_check;

static const double u = 0x1p-24;

static char what_buf[160];
static const char *what(const char *fn, long long n, int off, int step) {
    std::snprintf(what_buf, sizeof what_buf, "%s n=%lld offset %d step %d", fn, n, off, step);
    return what_buf;
}

static void sgd_case(long long n, int off, float momentum, float weight_decay) {
    const std::size_t len = (std::size_t)n;
    const double lr_d = above_midpoint(0.0123f);
    const float lr = (float)lr_d;
    const DevDouble lr_dev(lr_d);
    Span P(random(len), off), V(random(len, -0.5, 0.5), off), G(len, off);
    Span P2(P.get(), off), V2(V.get(), off);
    for (int step = 1; step <= 3; ++step) {
        const Vec p = P.get(), v = V.get(), g = random(len);
        G.set(g);
        EXPECT_OK(jace_sgd_step(P.p(), G.p(), V.p(), n, lr, momentum, weight_decay, nullptr));
        Vec rv(len), sv(len), rp(len), sp(len);
        for (std::size_t i = 0; i < len; ++i) {
            rv[i] = momentum * v[i] + (g[i] + weight_decay * p[i]);
            sv[i] = std::fabs(momentum * v[i]) + std::fabs(g[i]) + std::fabs(weight_decay * p[i]);
            rp[i] = p[i] - lr * rv[i];
            sp[i] = std::fabs(p[i]) + lr * sv[i];
        }
        EXPECT_NEAR_VEC(what("jace_sgd_step velocity", n, off, step), V.get(), rv, 8 * u, sv);
        EXPECT_NEAR_VEC(what("jace_sgd_step param", n, off, step), P.get(), rp, 8 * u, sp);
        EXPECT(P.guards_intact() && V.guards_intact(), "%s wrote out of bounds", what("jace_sgd_step", n, off, step));
        EXPECT_OK(jace_sgd_step_dev(P2.p(), G.p(), V2.p(), n, lr_dev.p(), momentum, weight_decay, nullptr));
        EXPECT_BITS(what("jace_sgd_step_dev param vs jace_sgd_step", n, off, step), P2.raw(), P.raw());
        EXPECT_BITS(what("jace_sgd_step_dev velocity vs jace_sgd_step", n, off, step), V2.raw(), V.raw());
    }
}

/* grad: the gradient of every step (random ones when NULL). */
static void adam_case(long long n, int off, float weight_decay, const Vec *grad = nullptr) {
    const std::size_t len = (std::size_t)n;
    const float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
    const double lr_d = above_midpoint(0.00123f);
    const float lr = (float)lr_d;
    const DevDouble lr_dev(lr_d);
    Span P(random(len), off), M(len, off), V(len, off), G(len, off);
    EXPECT_OK(jace_fill(M.p(), n, 0.f, nullptr));
    EXPECT_OK(jace_fill(V.p(), n, 0.f, nullptr));
    Span P2(P.get(), off), M2(M.get(), off), V2(V.get(), off);
    for (int step = 1; step <= 3; ++step) {
        const Vec p = P.get(), m = M.get(), v = V.get(), g = grad != nullptr ? *grad : random(len);
        G.set(g);
        EXPECT_OK(jace_adam_step(P.p(), G.p(), M.p(), V.p(), n, lr, beta1, beta2, eps, weight_decay, step, nullptr));
        const double bc1 = 1 - std::pow((double)beta1, step), bc2 = 1 - std::pow((double)beta2, step);
        Vec rm(len), sm(len), rv(len), sv(len), rp(len), sp(len);
        for (std::size_t i = 0; i < len; ++i) {
            const double gi = g[i] + weight_decay * p[i], gs = std::fabs(g[i]) + std::fabs(weight_decay * p[i]);
            rm[i] = beta1 * m[i] + (1 - (double)beta1) * gi;
            sm[i] = beta1 * std::fabs(m[i]) + (1 - (double)beta1) * gs;
            rv[i] = beta2 * v[i] + (1 - (double)beta2) * gi * gi;
            sv[i] = beta2 * v[i] + (1 - (double)beta2) * gs * gs;
            const double denom = std::sqrt(rv[i] / bc2) + eps;
            rp[i] = p[i] - lr * (rm[i] / bc1) / denom;
            sp[i] = std::fabs(p[i]) + lr * (sm[i] / bc1) / denom;
        }
        EXPECT_NEAR_VEC(what("jace_adam_step m", n, off, step), M.get(), rm, 16 * u, sm);
        EXPECT_NEAR_VEC(what("jace_adam_step v", n, off, step), V.get(), rv, 16 * u, sv);
        EXPECT_NEAR_VEC(what("jace_adam_step param", n, off, step), P.get(), rp, 16 * u, sp);
        EXPECT(P.guards_intact() && M.guards_intact() && V.guards_intact(), "%s wrote out of bounds",
               what("jace_adam_step", n, off, step));
        /* The corrections the host twin computes from step, handed over as doubles. */
        const DevDouble c1(bc1), c2(bc2);
        EXPECT_OK(jace_adam_step_dev(P2.p(), G.p(), M2.p(), V2.p(), n, lr_dev.p(), c1.p(), c2.p(), beta1, beta2, eps,
                                     weight_decay, nullptr));
        EXPECT_BITS(what("jace_adam_step_dev param vs jace_adam_step", n, off, step), P2.raw(), P.raw());
        EXPECT_BITS(what("jace_adam_step_dev m vs jace_adam_step", n, off, step), M2.raw(), M.raw());
        EXPECT_BITS(what("jace_adam_step_dev v vs jace_adam_step", n, off, step), V2.raw(), V.raw());
    }
}

static void argument_checks() {
    Dev buf(8);
    float *p = buf.p;
    const double *d = (const double *)(void *)buf.p;
    EXPECT_INVALID("jace_sgd_step", jace_sgd_step(nullptr, p, p, 4, 0.1f, 0.9f, 0.f, nullptr));
    EXPECT_INVALID("jace_sgd_step", jace_sgd_step(p, nullptr, p, 4, 0.1f, 0.9f, 0.f, nullptr));
    EXPECT_INVALID("jace_sgd_step", jace_sgd_step(p, p, nullptr, 4, 0.1f, 0.9f, 0.f, nullptr));
    EXPECT_INVALID("jace_sgd_step", jace_sgd_step(p, p, p, 0, 0.1f, 0.9f, 0.f, nullptr));
    EXPECT_INVALID("jace_sgd_step_dev", jace_sgd_step_dev(p, p, p, 4, nullptr, 0.9f, 0.f, nullptr));
    EXPECT_INVALID("jace_sgd_step_dev", jace_sgd_step_dev(nullptr, p, p, 4, d, 0.9f, 0.f, nullptr));
    EXPECT_INVALID("jace_sgd_step_dev", jace_sgd_step_dev(p, p, p, -1, d, 0.9f, 0.f, nullptr));
    const float lr = 0.1f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    EXPECT_INVALID("jace_adam_step", jace_adam_step(nullptr, p, p, p, 4, lr, b1, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, nullptr, p, p, 4, lr, b1, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, nullptr, p, 4, lr, b1, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, nullptr, 4, lr, b1, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, p, 0, lr, b1, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, p, 4, lr, b1, b2, eps, 0.f, 0, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, p, 4, lr, 1.f, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, p, 4, lr, -0.1f, b2, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, p, 4, lr, b1, 1.f, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step", jace_adam_step(p, p, p, p, 4, lr, b1, NAN, eps, 0.f, 1, nullptr));
    EXPECT_INVALID("jace_adam_step_dev", jace_adam_step_dev(p, p, p, p, 4, nullptr, d, d, b1, b2, eps, 0.f, nullptr));
    EXPECT_INVALID("jace_adam_step_dev", jace_adam_step_dev(p, p, p, p, 4, d, nullptr, d, b1, b2, eps, 0.f, nullptr));
    EXPECT_INVALID("jace_adam_step_dev", jace_adam_step_dev(p, p, p, p, 4, d, d, nullptr, b1, b2, eps, 0.f, nullptr));
    EXPECT_INVALID("jace_adam_step_dev", jace_adam_step_dev(p, p, nullptr, p, 4, d, d, d, b1, b2, eps, 0.f, nullptr));
    EXPECT_INVALID("jace_adam_step_dev", jace_adam_step_dev(p, p, p, p, 0, d, d, d, b1, b2, eps, 0.f, nullptr));
    EXPECT_INVALID("jace_adam_step_dev", jace_adam_step_dev(p, p, p, p, 4, d, d, d, 1.f, b2, eps, 0.f, nullptr));
}

int main() {
    /* 773 = 3 * 256 + 5: four blocks, the last one partly idle. */
    for (long long n : {1LL, 5LL, 773LL}) {
        for (int off : {0, 1}) {
            sgd_case(n, off, 0.9f, 1e-2f);
            adam_case(n, off, 1e-2f);
        }
    }
    sgd_case(64, 0, 0.f, 0.f); /* plain SGD: velocity is the gradient */
    adam_case(64, 1, 0.f);
    /* Gradients at and far below eps = 1e-8, where sqrt(vhat) + eps is dominated by eps: a zero gradient (m = v = 0)
     * must leave the parameter as it is (0 / eps, not 0 / 0), a tiny one must move it by far less than lr. */
    const Vec tiny = {0, 1e-12, -1e-10, 0, 1e-9, -1e-8, 1e-7, 0.5};
    adam_case((long long)tiny.size(), 0, 0.f, &tiny);
    argument_checks();
    return finish("test_optim");
}
