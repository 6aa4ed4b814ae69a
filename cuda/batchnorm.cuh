/* Batch norm over x viewed as [n, c, inner]; statistics per channel over n and inner. Training and backward use
 * one block per channel (blockIdx.x) with deterministic double-precision block reductions. */
#ifndef JACE_BATCHNORM_CUH
#define JACE_BATCHNORM_CUH

#include "channel_walk.cuh"
#include "jace_device.cuh"
#include "planes_walk.cuh"

#define JACE_BN_THREADS 512

struct jace_bn_geom {
    int n, c, inner;
};

/* Two passes for the statistics (mean, then squared deviations: no cancellation), one to normalise. Running var
 * gets the unbiased variance (the biased one when the channel has a single value). */
__global__ void __launch_bounds__(JACE_BN_THREADS)
    jace_bn_train_kernel(const float *x, const float *gamma, const float *beta, float *running_mean,
                         float *running_var, float momentum, float eps, float *out, float *save_mean,
                         float *save_inv_std, jace_bn_geom g) {
    __shared__ float s_mean, s_inv;
    const int ch = blockIdx.x;
    const long long m = (long long)g.n * g.inner;
    double acc = 0.0;
    const auto load_x = [&](long long idx) { return x[idx]; };
    jace_channel_elements(g.n, g.c, g.inner, ch, load_x, [&](long long, float v) { acc += (double)v; });
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        s_mean = (float)(acc / (double)m);
    }
    __syncthreads();
    const double mean = (double)s_mean;
    acc = 0.0;
    jace_channel_elements(g.n, g.c, g.inner, ch, load_x, [&](long long, float v) {
        const double d = (double)v - mean;
        acc += d * d;
    });
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        const double var = acc / (double)m;
        const double unbiased = m > 1 ? acc / (double)(m - 1) : var;
        const float inv = (float)(1.0 / sqrt(var + (double)eps));
        s_inv = inv;
        save_mean[ch] = s_mean;
        save_inv_std[ch] = inv;
        running_mean[ch] = (1.f - momentum) * running_mean[ch] + momentum * s_mean;
        running_var[ch] = (1.f - momentum) * running_var[ch] + momentum * (float)unbiased;
    }
    __syncthreads();
    const float mu = s_mean, inv = s_inv, ga = gamma[ch], be = beta[ch];
    jace_channel_elements(g.n, g.c, g.inner, ch, load_x, [&](long long idx, float v) {
        out[idx] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(v, mu), inv), ga), be);
    });
}

/* The n * c planes (a sample's channel) of inner values walked by jace_walk_planes, a thread a value whatever inner is
 * (a block a plane left most threads idle on 7 x 7 maps). Each value takes its plane's channel and statistics: with a
 * block a plane, a thread took one value a plane too, except where the grid is capped. The channel, plane % c, comes
 * from a fast divisor where the planes are fewer than 2^31 (a 64-bit remainder beyond), where the remainder had been
 * 64-bit for every value: its 32-bit path alone was 15 sm_90 instructions. */
__global__ void jace_bn_eval_kernel(const float *x, const float *gamma, const float *beta, const float *running_mean,
                                    const float *running_var, float eps, float *out, const jace_planes walk,
                                    jace_fast_divisor by_c) {
    jace_walk_planes(walk, [&](long long plane, int i) {
        const unsigned p = (unsigned)plane, c = by_c.divisor;
        const int ch = walk.planes <= INT_MAX ? (int)(p - jace_fast_div(by_c, p) * c) : (int)(plane % c);
        const float inv = 1.f / sqrtf(running_var[ch] + eps);
        const long long at = plane * walk.size + i;
        out[at] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(x[at], running_mean[ch]), inv), gamma[ch]), beta[ch]);
    });
}

/* dbeta = sum dy, dgamma = sum dy*xhat, dx = gamma*inv_std * (dy - dbeta/m - xhat*dgamma/m). */
__global__ void __launch_bounds__(JACE_BN_THREADS)
    jace_bn_backward_kernel(const float *x, const float *dy, const float *gamma, const float *save_mean,
                            const float *save_inv_std, float *dx, float *dgamma, float *dbeta, jace_bn_geom g) {
    __shared__ double s_dbeta, s_dgamma;
    const int ch = blockIdx.x;
    const long long m = (long long)g.n * g.inner;
    const float mu = save_mean[ch], inv = save_inv_std[ch];
    double sb = 0.0, sg = 0.0;
    const auto load_x_dy = [&](long long idx) { return make_float2(x[idx], dy[idx]); };
    jace_channel_elements(g.n, g.c, g.inner, ch, load_x_dy, [&](long long, float2 v) {
        const double d = (double)v.y;
        sb += d;
        sg += d * ((double)v.x - (double)mu) * (double)inv;
    });
    sb = jace_block_sum(sb);
    sg = jace_block_sum(sg);
    if (threadIdx.x == 0) {
        s_dbeta = sb;
        s_dgamma = sg;
        dbeta[ch] = (float)sb;
        dgamma[ch] = (float)sg;
    }
    __syncthreads();
    const double mean_dy = s_dbeta / (double)m, mean_dyx = s_dgamma / (double)m;
    const double k = (double)gamma[ch] * (double)inv;
    jace_channel_elements(g.n, g.c, g.inner, ch, load_x_dy, [&](long long idx, float2 v) {
        const double xhat = ((double)v.x - (double)mu) * (double)inv;
        dx[idx] = (float)(k * ((double)v.y - mean_dy - xhat * mean_dyx));
    });
}

#endif
