/* Launchers of the batch-norm kernels (cuda/batchnorm.cuh). */
#include "batchnorm.cuh"
#include "jace_internal.h"

namespace {
jace_status bn_shape(const char *fn, int n, int c, int inner) {
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_REQUIRE_POSITIVE(fn, c);
    JACE_REQUIRE_POSITIVE(fn, inner);
    return jace_require_count(fn, "x", jace_count({n, c, inner}));
}
}  // namespace

extern "C" JACE_API jace_status jace_batch_norm_train(const float *x, const float *gamma, const float *beta,
                                                      float *running_mean, float *running_var, float momentum,
                                                      float eps, float *out, float *save_mean, float *save_inv_std,
                                                      int n, int c, int inner, cudaStream_t stream) {
    const char *fn = "jace_batch_norm_train";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, gamma);
    JACE_REQUIRE_PTR(fn, beta);
    JACE_REQUIRE_PTR(fn, running_mean);
    JACE_REQUIRE_PTR(fn, running_var);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE_PTR(fn, save_mean);
    JACE_REQUIRE_PTR(fn, save_inv_std);
    JACE_TRY(bn_shape(fn, n, c, inner));
    JACE_REQUIRE(eps >= 0.f, "%s: eps must be >= 0, got %g", fn, (double)eps);
    JACE_REQUIRE(momentum >= 0.f && momentum <= 1.f, "%s: momentum must be in [0, 1], got %g", fn,
                 (double)momentum);
    /* A channel's block reads its x values before the same threads write out, so out may be x. */
    const long long total = (long long)n * c * inner;
    JACE_TRY(jace_require_same_or_apart(fn, jace_floats("out", out, total), jace_floats("x", x, total)));
    JACE_TRY(jace_require_apart(fn,
                                {jace_floats("running_mean", running_mean, c), jace_floats("running_var", running_var, c),
                                 jace_floats("save_mean", save_mean, c), jace_floats("save_inv_std", save_inv_std, c),
                                 jace_floats("out", out, total)},
                                {jace_floats("gamma", gamma, c), jace_floats("beta", beta, c)}));
    JACE_TRY(jace_require_apart(fn,
                                {jace_floats("running_mean", running_mean, c), jace_floats("running_var", running_var, c),
                                 jace_floats("save_mean", save_mean, c), jace_floats("save_inv_std", save_inv_std, c)},
                                {jace_floats("x", x, total)}));
    jace_bn_train_kernel<<<(unsigned)c, JACE_BN_THREADS, 0, stream>>>(
        x, gamma, beta, running_mean, running_var, momentum, eps, out, save_mean, save_inv_std,
        jace_bn_geom{n, c, inner});
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_batch_norm_eval(const float *x, const float *gamma, const float *beta,
                                                     const float *running_mean, const float *running_var, float eps,
                                                     float *out, int n, int c, int inner, cudaStream_t stream) {
    const char *fn = "jace_batch_norm_eval";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, gamma);
    JACE_REQUIRE_PTR(fn, beta);
    JACE_REQUIRE_PTR(fn, running_mean);
    JACE_REQUIRE_PTR(fn, running_var);
    JACE_REQUIRE_PTR(fn, out);
    JACE_TRY(bn_shape(fn, n, c, inner));
    JACE_REQUIRE(eps >= 0.f, "%s: eps must be >= 0, got %g", fn, (double)eps);
    const long long total = (long long)n * c * inner;
    JACE_TRY(jace_require_same_or_apart(fn, jace_floats("out", out, total), jace_floats("x", x, total)));
    JACE_TRY(jace_require_apart(fn, {jace_floats("out", out, total)},
                                {jace_floats("gamma", gamma, c), jace_floats("beta", beta, c),
                                 jace_floats("running_mean", running_mean, c),
                                 jace_floats("running_var", running_var, c)}));
    const jace_planes walk = jace_make_planes((long long)n * c, inner);
    jace_bn_eval_kernel<<<jace_planes_grid(walk), JACE_THREADS, 0, stream>>>(
        x, gamma, beta, running_mean, running_var, eps, out, walk, jace_make_fast_divisor((unsigned)c));
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_batch_norm_backward(const float *x, const float *dy, const float *gamma,
                                                         const float *save_mean, const float *save_inv_std,
                                                         float *dx, float *dgamma, float *dbeta, int n, int c,
                                                         int inner, cudaStream_t stream) {
    const char *fn = "jace_batch_norm_backward";
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, dy);
    JACE_REQUIRE_PTR(fn, gamma);
    JACE_REQUIRE_PTR(fn, save_mean);
    JACE_REQUIRE_PTR(fn, save_inv_std);
    JACE_REQUIRE_PTR(fn, dx);
    JACE_REQUIRE_PTR(fn, dgamma);
    JACE_REQUIRE_PTR(fn, dbeta);
    JACE_TRY(bn_shape(fn, n, c, inner));
    /* As in training, a channel's block reads x and dy before writing dx: dx may be either. */
    const long long total = (long long)n * c * inner;
    JACE_TRY(jace_require_same_or_apart(fn, jace_floats("dx", dx, total), jace_floats("x", x, total)));
    JACE_TRY(jace_require_same_or_apart(fn, jace_floats("dx", dx, total), jace_floats("dy", dy, total)));
    JACE_TRY(jace_require_apart(fn,
                                {jace_floats("dx", dx, total), jace_floats("dgamma", dgamma, c),
                                 jace_floats("dbeta", dbeta, c)},
                                {jace_floats("gamma", gamma, c), jace_floats("save_mean", save_mean, c),
                                 jace_floats("save_inv_std", save_inv_std, c)}));
    JACE_TRY(jace_require_apart(fn, {jace_floats("dgamma", dgamma, c), jace_floats("dbeta", dbeta, c)},
                                {jace_floats("x", x, total), jace_floats("dy", dy, total)}));
    jace_bn_backward_kernel<<<(unsigned)c, JACE_BN_THREADS, 0, stream>>>(x, dy, gamma, save_mean, save_inv_std, dx,
                                                                         dgamma, dbeta, jace_bn_geom{n, c, inner});
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
