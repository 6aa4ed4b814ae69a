/* In-place optimizer steps (formulas of Backend.sgdStep / adamStep); float ops rounded one at a time, so every GPU
 * gives the same bits. The CPU backend (CpuOptim) computes each update in double, so the two agree to rounding, not
 * bit for bit (test/emu/test_optim checks these against float64). The learning rate and the bias corrections come from a scalar source of
 * jace_device.cuh (by value, or read in device memory when the kernel runs), each giving a float. */
#ifndef JACE_OPTIM_CUH
#define JACE_OPTIM_CUH

#include "jace_device.cuh"

/* g' = grad + wd*param; velocity = momentum*velocity + g'; param -= lr*velocity */
template <class Scalar>
__global__ void jace_sgd_kernel(float *param, const float *grad, float *velocity, long long n, Scalar lr_source,
                                float momentum, float weight_decay) {
    const float lr = lr_source.get();
    JACE_GRID_STRIDE(i, n) {
        const float p = param[i];
        const float g = __fadd_rn(grad[i], __fmul_rn(weight_decay, p));
        const float v = __fadd_rn(__fmul_rn(momentum, velocity[i]), g);
        velocity[i] = v;
        param[i] = __fsub_rn(p, __fmul_rn(lr, v));
    }
}

/* m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; param -= lr * (m/bc1) / (sqrt(v/bc2) + eps), bc = 1 - beta^step. */
template <class Scalar>
__global__ void jace_adam_kernel(float *param, const float *grad, float *m, float *v, long long n, Scalar lr_source,
                                 float beta1, float beta2, float eps, float weight_decay, Scalar bc1_source,
                                 Scalar bc2_source) {
    const float lr = lr_source.get(), bc1 = bc1_source.get(), bc2 = bc2_source.get();
    const float c1 = 1.f - beta1, c2 = 1.f - beta2;
    JACE_GRID_STRIDE(i, n) {
        const float p = param[i];
        const float g = __fadd_rn(grad[i], __fmul_rn(weight_decay, p));
        const float mi = __fadd_rn(__fmul_rn(beta1, m[i]), __fmul_rn(c1, g));
        const float vi = __fadd_rn(__fmul_rn(beta2, v[i]), __fmul_rn(c2, __fmul_rn(g, g)));
        m[i] = mi;
        v[i] = vi;
        const float mhat = __fdiv_rn(mi, bc1);
        const float vhat = __fdiv_rn(vi, bc2);
        param[i] = __fsub_rn(p, __fdiv_rn(__fmul_rn(lr, mhat), __fadd_rn(__fsqrt_rn(vhat), eps)));
    }
}

#endif
