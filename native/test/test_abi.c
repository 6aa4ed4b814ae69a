/* Smoke test of libjace.so through its C ABI that needs no GPU: version, status strings, device count, and the
 * argument checks that must fail before any CUDA call. On a machine without a driver, launches must fail cleanly. */
#include <stdio.h>
#include <string.h>

#include "jace.h"

static int failures = 0;

static void expect(jace_status got, jace_status want, const char *what, const char *needle) {
    const char *msg = jace_last_error();
    if (got != want || (needle != NULL && strstr(msg, needle) == NULL)) {
        printf("FAIL %s: status %d (want %d), message \"%s\" (want it to mention \"%s\")\n", what, (int)got,
               (int)want, msg, needle ? needle : "");
        failures++;
    }
}

int main(void) {
    if (jace_version() != JACE_VERSION_MAJOR * 10000 + JACE_VERSION_MINOR * 100 + JACE_VERSION_PATCH) {
        printf("FAIL jace_version %d\n", jace_version());
        failures++;
    }
    if (strcmp(jace_status_string(JACE_ERROR_INVALID_ARGUMENT), "invalid argument") != 0) {
        printf("FAIL jace_status_string\n");
        failures++;
    }
    int count = -1;
    expect(jace_device_count(&count), JACE_SUCCESS, "jace_device_count", NULL);
    if (count < 0) {
        printf("FAIL jace_device_count gave %d\n", count);
        failures++;
    }
    expect(jace_device_count(NULL), JACE_ERROR_INVALID_ARGUMENT, "device_count(NULL)", "count is NULL");

    float *p = (float *)16; /* never dereferenced: every call below fails validation first */
    expect(jace_fill(NULL, 4, 1.f, NULL), JACE_ERROR_INVALID_ARGUMENT, "fill(NULL)", "jace_fill: x is NULL");
    expect(jace_fill(p, 0, 1.f, NULL), JACE_ERROR_INVALID_ARGUMENT, "fill(n=0)", "n must be > 0, got 0");
    expect(jace_add(p, p, p, -3, NULL), JACE_ERROR_INVALID_ARGUMENT, "add(n<0)", "got -3");
    expect(jace_malloc(NULL, 8), JACE_ERROR_INVALID_ARGUMENT, "malloc(NULL)", "ptr is NULL");
    expect(jace_memcpy_htod_async(p, p, -1, NULL), JACE_ERROR_INVALID_ARGUMENT, "memcpy(-1)", "bytes must be >= 0");
    expect(jace_gemm(0, 0, 4, 0, 4, p, p, p, NULL), JACE_ERROR_INVALID_ARGUMENT, "gemm(n=0)", "jace_gemm: n");
    expect(jace_max_pool2d(p, p, 1, 3, 3, 4, 1, NULL), JACE_ERROR_INVALID_ARGUMENT, "pool window", "window 4");
    expect(jace_adam_step(p, p, p, p, 4, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.f, 0, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "adam step 0", "step must be >= 1");

    /* The *_dev variants: their scalar pointers, then the checks they share with the host-value functions. */
    const double *d = (const double *)16;
    expect(jace_axpy_dev(NULL, p, p, 4, NULL), JACE_ERROR_INVALID_ARGUMENT, "axpy_dev(NULL)",
           "jace_axpy_dev: alpha is NULL");
    expect(jace_axpy_sign_dev(d, p, NULL, 4, NULL), JACE_ERROR_INVALID_ARGUMENT, "axpy_sign_dev(y NULL)",
           "jace_axpy_sign_dev: y is NULL");
    expect(jace_sgd_step_dev(p, p, p, 4, NULL, 0.9f, 0.f, NULL), JACE_ERROR_INVALID_ARGUMENT, "sgd_step_dev(NULL)",
           "jace_sgd_step_dev: lr is NULL");
    expect(jace_sgd_step_dev(p, p, p, 0, d, 0.9f, 0.f, NULL), JACE_ERROR_INVALID_ARGUMENT, "sgd_step_dev(n=0)",
           "n must be > 0, got 0");
    expect(jace_adam_step_dev(p, p, p, p, 4, d, d, NULL, 0.9f, 0.999f, 1e-8f, 0.f, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "adam_step_dev(NULL)", "jace_adam_step_dev: correction2 is NULL");
    expect(jace_adam_step_dev(p, p, p, p, 4, d, d, d, 1.f, 0.999f, 1e-8f, 0.f, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "adam_step_dev beta1 1", "beta1 must be in [0, 1)");
    int descending[2] = {1, 0};
    expect(jace_relative_deviation_weights_dev(p, p, 2, 3, descending, 2, NULL, 6.0, 1e-12, p, p, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "weights_dev(NULL)", "jace_relative_deviation_weights_dev: weight is NULL");
    expect(jace_relative_deviation_weights_dev(p, p, 2, 3, descending, 2, d, 6.0, 1e-12, p, p, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "weights_dev rows", "rows must be strictly ascending");

    /* The ops that write device doubles. */
    double *out = (double *)16;
    expect(jace_dual_update(NULL, out, 1, NULL), JACE_ERROR_INVALID_ARGUMENT, "dual_update(NULL)",
           "jace_dual_update: plan is NULL");
    expect(jace_dual_update(d, out, -1, NULL), JACE_ERROR_INVALID_ARGUMENT, "dual_update(terms<0)",
           "terms must be >= 0, got -1");
    expect(jace_relative_deviation_mean(p, p, 2, 3, descending, 2, 6.0, 1e-12, out, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "deviation_mean rows", "jace_relative_deviation_mean: rows must be strictly");
    expect(jace_relative_deviation_mean(p, p, 65, 3, NULL, 0, 6.0, 1e-12, out, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "deviation_mean k=65", "k must be <= 64");
    expect(jace_relative_deviation_mean(p, p, 2, 3, NULL, 0, 6.0, 1e-12, NULL, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "deviation_mean(out NULL)", "out is NULL");
    const float *parts[9] = {p, p, p, p, p, p, p, p, p};
    expect(jace_sum_to_scalar(parts, 9, 0, 1.0, out, NULL), JACE_ERROR_INVALID_ARGUMENT, "sum_to_scalar(9 parts)",
           "num_parts must be in [1, 8], got 9");
    expect(jace_sum_to_scalar(parts, 0, 0, 1.0, out, NULL), JACE_ERROR_INVALID_ARGUMENT, "sum_to_scalar(0 parts)",
           "got 0");
    parts[1] = NULL;
    expect(jace_sum_to_scalar(parts, 2, 1, 1.0, out, NULL), JACE_ERROR_INVALID_ARGUMENT, "sum_to_scalar(NULL part)",
           "jace_sum_to_scalar: parts[1] is NULL");

    jace_group c4;
    memset(&c4, 0, sizeof c4);
    c4.order = 4;
    for (int a = 0; a < 4; a++) {
        c4.rotation[a] = a;
        c4.inverse[a] = (4 - a) % 4;
        for (int b = 0; b < 4; b++) c4.compose[a * 4 + b] = (a + b) % 4;
    }
    int elements[2] = {1, 3};
    expect(jace_group_action(p, p, &c4, elements, 2, JACE_REP_IMAGE, 2, 3, 4, 5, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "non-square", "must be square; got 4x5");
    int bad[2] = {1, 4};
    expect(jace_group_action(p, p, &c4, bad, 2, JACE_REP_IMAGE, 2, 3, 4, 4, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "element 4", "elements[1] = 4");
    expect(jace_group_action(p, p, NULL, elements, 2, JACE_REP_IMAGE, 2, 3, 4, 4, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "group NULL", "group is NULL");
    jace_group broken = c4;
    broken.compose[3 * 4 + 1] = broken.compose[3 * 4 + 0]; /* row of inverse(1) = 3 is no longer a permutation */
    expect(jace_expand_group_filter(p, p, &broken, 2, 2, 3, NULL), JACE_ERROR_INVALID_ARGUMENT, "bad table",
           "not a permutation");
    broken = c4;
    broken.order = 9;
    expect(jace_expand_lifting_filter(p, p, &broken, 2, 2, 3, NULL), JACE_ERROR_INVALID_ARGUMENT, "order 9",
           "order 9");
    expect(jace_equivariance_deviation(p, p, &c4, elements, 0, JACE_REP_GROUP_MAP, 2, 3, 4, 4, p, p, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "no elements", "num_elements 0");
    expect(jace_equivariance_deviation_backward(p, p, &c4, elements, 2, (jace_rep)7, 2, 3, 4, 4, p, NULL, p, p, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "bad rep", "unknown rep 7");
    expect(jace_group_pool(p, p, 2, 3, 4, 16, (jace_pool_mode)2, NULL), JACE_ERROR_INVALID_ARGUMENT, "pool mode",
           "unknown pool mode 2");

    if (count == 0) {
        /* Without a device, a valid call must report a CUDA error, not crash. */
        expect(jace_noop(NULL), JACE_ERROR_CUDA, "noop without a device", "jace_noop");
        expect(jace_fill(p, 4, 0.f, NULL), JACE_ERROR_CUDA, "fill without a device", "jace_fill");
    }
    if (failures) {
        printf("test_abi: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_abi: all checks passed (%d CUDA device(s) visible)\n", count);
    return 0;
}
