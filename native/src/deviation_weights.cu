/* Launchers of the relative-deviation gradient weights (cuda/deviation_weights.cuh). */
#include "deviation_weights.cuh"
#include "jace_internal.h"

namespace {
template <class Scale>
jace_status launch_weights(const char *fn, const float *deviation, const float *norm, int k, int n, const int *rows,
                           int num_rows, Scale scale, const double *weight, double eps, float *d_deviation,
                           float *d_norm, cudaStream_t stream) {
    JACE_REQUIRE_PTR(fn, deviation);
    JACE_REQUIRE_PTR(fn, norm);
    JACE_REQUIRE_PTR(fn, d_deviation);
    JACE_REQUIRE_PTR(fn, d_norm);
    JACE_REQUIRE_POSITIVE(fn, n);
    unsigned long long mask = 0;
    JACE_TRY(jace_row_mask(fn, k, rows, num_rows, &mask));
    const long long kn = (long long)k * n;
    JACE_TRY(jace_require_apart(fn, {jace_floats("d_deviation", d_deviation, kn), jace_floats("d_norm", d_norm, n)},
                                {jace_floats("deviation", deviation, kn), jace_floats("norm", norm, n),
                                 jace_doubles("weight", weight, 1)}));
    jace_relative_deviation_weights_kernel<<<jace_grid_for(n), JACE_THREADS, 0, stream>>>(
        deviation, norm, k, n, mask, scale, eps, d_deviation, d_norm);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
}  // namespace

jace_status jace_row_mask(const char *fn, int k, const int *rows, int num_rows, unsigned long long *mask) {
    JACE_REQUIRE_POSITIVE(fn, k);
    JACE_REQUIRE(k <= 64, "%s: k must be <= 64 (the rows are a 64-bit mask), got %d", fn, k);
    JACE_REQUIRE(num_rows >= 0 && num_rows <= k, "%s: num_rows must be in [0, %d], got %d", fn, k, num_rows);
    JACE_REQUIRE(num_rows == 0 || rows != nullptr, "%s: rows is NULL", fn);
    *mask = 0;
    for (int j = 0; j < num_rows; j++) {
        JACE_REQUIRE(rows[j] >= 0 && rows[j] < k && (j == 0 || rows[j] > rows[j - 1]),
                     "%s: rows must be strictly ascending in [0, %d), rows[%d] = %d", fn, k, j, rows[j]);
        *mask |= 1ull << rows[j];
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_relative_deviation_weights(const float *deviation, const float *norm, int k,
                                                                int n, const int *rows, int num_rows,
                                                                double scale, double eps, float *d_deviation,
                                                                float *d_norm, cudaStream_t stream) {
    return launch_weights("jace_relative_deviation_weights", deviation, norm, k, n, rows, num_rows,
                          jace_value<double>{scale}, nullptr, eps, d_deviation, d_norm, stream);
}

extern "C" JACE_API jace_status jace_relative_deviation_weights_dev(const float *deviation, const float *norm, int k,
                                                                    int n, const int *rows, int num_rows,
                                                                    const double *weight, double divisor, double eps,
                                                                    float *d_deviation, float *d_norm,
                                                                    cudaStream_t stream) {
    const char *fn = "jace_relative_deviation_weights_dev";
    JACE_REQUIRE_PTR(fn, weight);
    return launch_weights(fn, deviation, norm, k, n, rows, num_rows, jace_device_quotient{weight, divisor}, weight,
                          eps, d_deviation, d_norm, stream);
}
