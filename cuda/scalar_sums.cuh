/* Sums written to one double in device memory (a DeviceScalars value), so the host never downloads the terms: the
 * mean relative deviation over some rows, and a scaled sum of one-element tensors. One thread each, adding in the
 * order of the Java reference with correctly rounded double intrinsics (never an FMA), so the CPU gets the same
 * bits. */
#ifndef JACE_SCALAR_SUMS_CUH
#define JACE_SCALAR_SUMS_CUH

#include "jace_device.cuh"

/* The most parts of jace_sum_to_scalar (OpShapes.MAX_SUM_PARTS), passed by value. */
#define JACE_SUM_PARTS 8

struct jace_sum_parts {
    const float *part[JACE_SUM_PARTS];
};

/* out = (sum over the rows s selected by bit s of `rows`, ascending, and i of deviation[s, i] / (norm[i] + eps)) /
 * divisor. */
__global__ void jace_relative_deviation_mean_kernel(const float *__restrict__ deviation,
                                                    const float *__restrict__ norm, int k, int n,
                                                    unsigned long long rows, double divisor, double eps,
                                                    double *__restrict__ out) {
    double sum = 0.0;
    for (int s = 0; s < k; s++) {
        if ((rows >> s) & 1ull) {
            const float *row = deviation + (long long)s * n;
            for (int i = 0; i < n; i++) {
                sum = __dadd_rn(sum, __ddiv_rn((double)row[i], __dadd_rn((double)norm[i], eps)));
            }
        }
    }
    *out = __ddiv_rn(sum, divisor);
}

/* out = scale * (sum over j of part[j][0], or of its absolute value), in order. The loop runs to the constant
 * JACE_SUM_PARTS so that every part[j] index is a constant: indexed up to the run-time num_parts, the parameter array
 * would be copied to a 64-byte local-memory stack frame. */
__global__ void jace_sum_to_scalar_kernel(jace_sum_parts parts, int num_parts, bool absolute, double scale,
                                          double *__restrict__ out) {
    double sum = 0.0;
#pragma unroll
    for (int j = 0; j < JACE_SUM_PARTS; j++) {
        if (j < num_parts) {
            const double x = (double)parts.part[j][0];
            sum = __dadd_rn(sum, absolute ? fabs(x) : x);
        }
    }
    *out = __dmul_rn(scale, sum);
}

#endif /* JACE_SCALAR_SUMS_CUH */
