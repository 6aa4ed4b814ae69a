/* Launchers of the optimizer steps (cuda/optim.cuh). */
#include <cmath>

#include "jace_internal.h"
#include "optim.cuh"

namespace {
/* param and the moments are updated in place; each array (and each DEVICE scalar) must be its own memory. */
template <class Scalar>
jace_status launch_sgd(const char *fn, float *param, const float *grad, float *velocity, long long n, Scalar lr,
                       const double *lr_dev, float momentum, float weight_decay, cudaStream_t stream) {
    JACE_REQUIRE_PTR(fn, param);
    JACE_REQUIRE_PTR(fn, grad);
    JACE_REQUIRE_PTR(fn, velocity);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_TRY(jace_require_apart(fn, {jace_floats("param", param, n), jace_floats("velocity", velocity, n)},
                                {jace_floats("grad", grad, n), jace_doubles("lr", lr_dev, 1)}));
    jace_sgd_kernel<<<jace_grid_for(n), JACE_THREADS, 0, stream>>>(param, grad, velocity, n, lr, momentum,
                                                                   weight_decay);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

template <class Scalar>
jace_status launch_adam(const char *fn, float *param, const float *grad, float *m, float *v, long long n, Scalar lr,
                        float beta1, float beta2, float eps, float weight_decay, Scalar bc1, Scalar bc2,
                        const double *const scalars_dev[3], cudaStream_t stream) {
    JACE_REQUIRE_PTR(fn, param);
    JACE_REQUIRE_PTR(fn, grad);
    JACE_REQUIRE_PTR(fn, m);
    JACE_REQUIRE_PTR(fn, v);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_REQUIRE(beta1 >= 0.f && beta1 < 1.f, "%s: beta1 must be in [0, 1), got %g", fn, (double)beta1);
    JACE_REQUIRE(beta2 >= 0.f && beta2 < 1.f, "%s: beta2 must be in [0, 1), got %g", fn, (double)beta2);
    JACE_TRY(jace_require_apart(
        fn, {jace_floats("param", param, n), jace_floats("m", m, n), jace_floats("v", v, n)},
        {jace_floats("grad", grad, n), jace_doubles("lr", scalars_dev[0], 1),
         jace_doubles("correction1", scalars_dev[1], 1), jace_doubles("correction2", scalars_dev[2], 1)}));
    jace_adam_kernel<<<jace_grid_for(n), JACE_THREADS, 0, stream>>>(param, grad, m, v, n, lr, beta1, beta2, eps,
                                                                    weight_decay, bc1, bc2);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
}  // namespace

extern "C" JACE_API jace_status jace_sgd_step(float *param, const float *grad, float *velocity, long long n,
                                              float lr, float momentum, float weight_decay, cudaStream_t stream) {
    return launch_sgd("jace_sgd_step", param, grad, velocity, n, jace_value<float>{lr}, nullptr, momentum,
                      weight_decay, stream);
}

extern "C" JACE_API jace_status jace_sgd_step_dev(float *param, const float *grad, float *velocity, long long n,
                                                  const double *lr, float momentum, float weight_decay,
                                                  cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_sgd_step_dev", lr);
    return launch_sgd("jace_sgd_step_dev", param, grad, velocity, n, jace_device_float{lr}, lr, momentum,
                      weight_decay, stream);
}

extern "C" JACE_API jace_status jace_adam_step(float *param, const float *grad, float *m, float *v, long long n,
                                               float lr, float beta1, float beta2, float eps, float weight_decay,
                                               int step, cudaStream_t stream) {
    const char *fn = "jace_adam_step";
    JACE_REQUIRE(step >= 1, "%s: step must be >= 1, got %d", fn, step);
    /* Bias corrections in double, like Math.pow on the Java side, then rounded once. */
    const float bc1 = (float)(1.0 - std::pow((double)beta1, (double)step));
    const float bc2 = (float)(1.0 - std::pow((double)beta2, (double)step));
    const double *const none[3] = {nullptr, nullptr, nullptr};
    return launch_adam(fn, param, grad, m, v, n, jace_value<float>{lr}, beta1, beta2, eps, weight_decay,
                       jace_value<float>{bc1}, jace_value<float>{bc2}, none, stream);
}

extern "C" JACE_API jace_status jace_adam_step_dev(float *param, const float *grad, float *m, float *v, long long n,
                                                   const double *lr, const double *correction1,
                                                   const double *correction2, float beta1, float beta2, float eps,
                                                   float weight_decay, cudaStream_t stream) {
    const char *fn = "jace_adam_step_dev";
    JACE_REQUIRE_PTR(fn, lr);
    JACE_REQUIRE_PTR(fn, correction1);
    JACE_REQUIRE_PTR(fn, correction2);
    const double *const scalars[3] = {lr, correction1, correction2};
    return launch_adam(fn, param, grad, m, v, n, jace_device_float{lr}, beta1, beta2, eps, weight_decay,
                       jace_device_float{correction1}, jace_device_float{correction2}, scalars, stream);
}
