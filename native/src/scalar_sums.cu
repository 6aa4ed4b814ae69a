/* Launchers of the sums written to a device double (cuda/scalar_sums.cuh). */
#include <cstdio>

#include "jace_internal.h"
#include "scalar_sums.cuh"

extern "C" JACE_API jace_status jace_relative_deviation_mean(const float *deviation, const float *norm, int k, int n,
                                                             const int *rows, int num_rows, double divisor,
                                                             double eps, double *out, cudaStream_t stream) {
    const char *fn = "jace_relative_deviation_mean";
    JACE_REQUIRE_PTR(fn, deviation);
    JACE_REQUIRE_PTR(fn, norm);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE_POSITIVE(fn, n);
    unsigned long long mask = 0;
    JACE_TRY(jace_row_mask(fn, k, rows, num_rows, &mask));
    JACE_TRY(jace_require_apart(fn, {jace_doubles("out", out, 1)},
                                {jace_floats("deviation", deviation, (long long)k * n), jace_floats("norm", norm, n)}));
    jace_relative_deviation_mean_kernel<<<1, 1, 0, stream>>>(deviation, norm, k, n, mask, divisor, eps, out);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_sum_to_scalar(const float *const *parts, int num_parts, int absolute,
                                                   double scale, double *out, cudaStream_t stream) {
    const char *fn = "jace_sum_to_scalar";
    JACE_REQUIRE_PTR(fn, parts);
    JACE_REQUIRE_PTR(fn, out);
    JACE_REQUIRE(num_parts >= 1 && num_parts <= JACE_SUM_PARTS, "%s: num_parts must be in [1, %d], got %d", fn,
                 JACE_SUM_PARTS, num_parts);
    jace_sum_parts by_value = {};
    for (int j = 0; j < num_parts; j++) {
        JACE_REQUIRE(parts[j] != nullptr, "%s: parts[%d] is NULL", fn, j);
        by_value.part[j] = parts[j];
    }
    for (int j = 0; j < num_parts; j++) {
        char name[24];
        std::snprintf(name, sizeof name, "parts[%d]", j);
        JACE_TRY(jace_require_apart(fn, {jace_doubles("out", out, 1)}, {jace_floats(name, parts[j], 1)}));
    }
    jace_sum_to_scalar_kernel<<<1, 1, 0, stream>>>(by_value, num_parts, absolute != 0, scale, out);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}
