/* Batch norm over x viewed as [n, c, inner]; statistics per channel over n and inner. Training and backward use
 * one block per channel (blockIdx.x) with deterministic double-precision block reductions. */
#ifndef JACE_BATCHNORM_CUH
#define JACE_BATCHNORM_CUH

#include "jace_device.cuh"

#define JACE_BN_THREADS 512

struct jace_bn_geom {
    int n, c, inner;
};

/* Elements whose loads a thread issues before it uses the first (jace_bn_elements). */
#define JACE_BN_BATCH 8

/* use(idx, load(idx)) for this thread's elements of channel ch, the j-th (j in [0, n*inner)) at offset idx of x:
 * j = threadIdx.x, + blockDim.x, ... in that order. The loads of JACE_BN_BATCH elements are issued before the first
 * is used, and the offsets step (sample o, position k in it) without a division: a grid-stride loop bounded at run
 * time had one load in flight a thread, behind the previous element's exit test and a 64-bit division (sm_90 SASS),
 * with one block a channel (8 blocks for the p4 CNN's 8 channels) each pass a chain of round trips to memory. */
template <class Load, class Use>
__device__ __forceinline__ void jace_bn_elements(const jace_bn_geom &g, int ch, Load load, Use use) {
    typedef decltype(load(0LL)) Value;
    const long long m = (long long)g.n * g.inner;
    const int step = (int)blockDim.x, step_o = step / g.inner, step_k = step - step_o * g.inner;
    long long o = (int)threadIdx.x / g.inner;
    int k = (int)threadIdx.x - (int)o * g.inner;
    for (long long j0 = threadIdx.x; j0 < m; j0 += (long long)JACE_BN_BATCH * step) {
        long long idx[JACE_BN_BATCH];
        Value v[JACE_BN_BATCH];
#pragma unroll
        for (int u = 0; u < JACE_BN_BATCH; ++u) {
            idx[u] = (o * g.c + ch) * (long long)g.inner + k;
            v[u] = j0 + (long long)u * step < m ? load(idx[u]) : Value{};
            o += step_o;
            k += step_k;
            if (k >= g.inner) {
                k -= g.inner;
                ++o;
            }
        }
#pragma unroll
        for (int u = 0; u < JACE_BN_BATCH; ++u) {
            if (j0 + (long long)u * step < m) use(idx[u], v[u]);
        }
    }
}

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
    jace_bn_elements(g, ch, [&](long long idx) { return x[idx]; }, [&](long long, float v) { acc += (double)v; });
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        s_mean = (float)(acc / (double)m);
    }
    __syncthreads();
    const double mean = (double)s_mean;
    acc = 0.0;
    jace_bn_elements(g, ch, [&](long long idx) { return x[idx]; }, [&](long long, float v) {
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
    jace_bn_elements(g, ch, [&](long long idx) { return x[idx]; }, [&](long long idx, float v) {
        out[idx] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(v, mu), inv), ga), be);
    });
}

__global__ void jace_bn_eval_kernel(const float *x, const float *gamma, const float *beta, const float *running_mean,
                                    const float *running_var, float eps, float *out, long long total,
                                    jace_bn_geom g) {
    JACE_GRID_STRIDE(t, total) {
        const int ch = (int)((t / g.inner) % g.c);
        const float inv = 1.f / sqrtf(running_var[ch] + eps);
        out[t] = __fadd_rn(__fmul_rn(__fmul_rn(__fsub_rn(x[t], running_mean[ch]), inv), gamma[ch]), beta[ch]);
    }
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
    jace_bn_elements(g, ch, load_x_dy, [&](long long, float2 v) {
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
    jace_bn_elements(g, ch, load_x_dy, [&](long long idx, float2 v) {
        const double xhat = ((double)v.x - (double)mu) * (double)inv;
        dx[idx] = (float)(k * ((double)v.y - mean_dy - xhat * mean_dyx));
    });
}

#endif
