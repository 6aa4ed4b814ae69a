/* Fused equivariance deviation: rho(g) f(x) is read through the index map (never materialised).
 * fgx [S*n, sample] (element-major), fx [n, sample]; dev[s, i] = ||fgx[s*n+i] - rho(e_s) fx[i]||^2,
 * norm[i] = ||fx[i]||^2. Accumulation in double, fixed order (one block per output). */
#ifndef JACE_DEVIATION_CUH
#define JACE_DEVIATION_CUH

#include "group_index.cuh"
#include "jace_device.cuh"

#define JACE_DEV_THREADS 256

/* Grid (n, S + 1): blockIdx.y < S computes deviation[y, i], blockIdx.y == S computes norm[i]. */
__global__ void __launch_bounds__(JACE_DEV_THREADS)
    jace_deviation_kernel(const float *__restrict__ fgx, const float *__restrict__ fx, float *__restrict__ deviation,
                          float *__restrict__ norm, int n, long long sample, jace_elements el,
                          jace_sample_geom geom) {
    const int i = blockIdx.x;
    const int s = blockIdx.y;
    const float *f = fx + (long long)i * sample;
    double acc = 0.0;
    if (s < el.count) {
        const jace_element &e = el.e[s]; /* a reference: indexing a register copy would spill it to local memory */
        const float *a = fgx + ((long long)s * n + i) * sample;
        for (long long idx = threadIdx.x; idx < sample; idx += blockDim.x) {
            const double d = (double)a[idx] - (double)f[jace_sample_src(e, geom, idx)];
            acc += d * d;
        }
    } else {
        for (long long idx = threadIdx.x; idx < sample; idx += blockDim.x) {
            const double v = (double)f[idx];
            acc += v * v;
        }
    }
    acc = jace_block_sum(acc);
    if (threadIdx.x == 0) {
        if (s < el.count) {
            deviation[(long long)s * n + i] = (float)acc;
        } else {
            norm[i] = (float)acc;
        }
    }
}

/* dFgx[s*n+i] = 2 dDev[s, i] (fgx[s*n+i] - rho(e_s) fx[i]); s = blockIdx.y. */
__global__ void jace_deviation_backward_fgx_kernel(const float *__restrict__ fgx, const float *__restrict__ fx,
                                                   const float *__restrict__ d_dev, float *__restrict__ d_fgx, int n,
                                                   long long sample, jace_elements el, jace_sample_geom geom) {
    const int s = blockIdx.y;
    const jace_element &e = el.e[s]; /* a reference: indexing a register copy would spill it to local memory */
    const long long total = (long long)n * sample;
    const long long base = (long long)s * total;
    JACE_GRID_STRIDE(t, total) {
        const long long i = t / sample;
        const long long idx = t - i * sample;
        const float diff = fgx[base + t] - fx[i * sample + jace_sample_src(e, geom, idx)];
        d_fgx[base + t] = 2.f * d_dev[(long long)s * n + i] * diff;
    }
}

/* dFx[i][p] = sum_s -2 dDev[s, i] (rho(e_s)^T (fgx[s*n+i] - rho(e_s) fx[i]))[p] + 2 dNorm[i] fx[i][p]. The transpose
 * of a permutation pulls from q = dst(p), where (rho fx)[q] = fx[p]. d_norm may be NULL. */
__global__ void jace_deviation_backward_fx_kernel(const float *__restrict__ fgx, const float *__restrict__ fx,
                                                  const float *__restrict__ d_dev, const float *__restrict__ d_norm,
                                                  float *__restrict__ d_fx, int n, long long sample,
                                                  jace_elements el, jace_sample_geom geom) {
    const long long total = (long long)n * sample;
    JACE_GRID_STRIDE(t, total) {
        const long long i = t / sample;
        const long long p = t - i * sample;
        const double f = (double)fx[t];
        double acc = 0.0;
        for (int s = 0; s < el.count; s++) {
            const long long q = jace_sample_dst(el.e[s], geom, p);
            const double diff = (double)fgx[((long long)s * n + i) * sample + q] - f;
            acc -= 2.0 * (double)d_dev[(long long)s * n + i] * diff;
        }
        if (d_norm != nullptr) {
            acc += 2.0 * (double)d_norm[i] * f;
        }
        d_fx[t] = (float)acc;
    }
}

#endif
