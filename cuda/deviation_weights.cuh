/* Gradient weights of the relative equivariance deviation, read from the device-side deviation [k, n] and
 * norm [n] (so the host never downloads them mid-step). Every operation is a correctly rounded double intrinsic,
 * never contracted into an FMA, in the same order as the Java reference, so the results match the CPU bit for bit. */
#ifndef JACE_DEVIATION_WEIGHTS_CUH
#define JACE_DEVIATION_WEIGHTS_CUH

#include "jace_device.cuh"

/* One thread per sample i; bit s of `rows` selects row s. Scale is a scalar source of jace_device.cuh giving a
 * double (by value, or weight / divisor read in device memory when the kernel runs). */
template <class Scale>
__global__ void jace_relative_deviation_weights_kernel(const float *__restrict__ deviation,
                                                       const float *__restrict__ norm, int k, int n,
                                                       unsigned long long rows, Scale scale_source, double eps,
                                                       float *__restrict__ d_deviation, float *__restrict__ d_norm) {
    const double scale = scale_source.get();
    JACE_GRID_STRIDE(i, n) {
        const double denominator = __dadd_rn((double)norm[i], eps);
        const double squared = __dmul_rn(denominator, denominator);
        const float weight = __double2float_rn(__ddiv_rn(scale, denominator));
        double sum = 0.0;
        for (int s = 0; s < k; s++) {
            const long long at = (long long)s * n + i;
            if ((rows >> s) & 1ull) {
                d_deviation[at] = weight;
                sum = __dsub_rn(sum, __ddiv_rn(__dmul_rn(scale, (double)deviation[at]), squared));
            } else {
                d_deviation[at] = 0.f;
            }
        }
        d_norm[i] = __double2float_rn(sum);
    }
}

#endif /* JACE_DEVIATION_WEIGHTS_CUH */
