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

/* A failure whose message starts with `head` ("fn: ..." naming the public function) and contains `needle`. */
static void expect_from(jace_status got, jace_status want, const char *what, const char *head, const char *needle) {
    const char *msg = jace_last_error();
    if (got != want || strstr(msg, head) != msg || (needle != NULL && strstr(msg, needle) == NULL)) {
        printf("FAIL %s: status %d (want %d), message \"%s\" (want it to start with \"%s\")\n", what, (int)got,
               (int)want, msg, head);
        failures++;
    }
}

/* A refusal naming fn and the two overlapping buffers: "fn: first (... bytes at ...) and second (...". */
static void expect_overlap(jace_status got, const char *fn, const char *first, const char *second) {
    char head[96], tail[64];
    snprintf(head, sizeof head, "%s: %s (", fn, first);
    snprintf(tail, sizeof tail, ") and %s (", second);
    const char *msg = jace_last_error();
    if (got != JACE_ERROR_INVALID_ARGUMENT || strstr(msg, head) != msg || strstr(msg, tail) == NULL) {
        printf("FAIL %s with %s overlapping %s: status %d, message \"%s\"\n", fn, first, second, (int)got, msg);
        failures++;
    }
}

/* Fake DEVICE addresses, 16 MiB apart: region r at float offset i. Never dereferenced: each call below must be
 * refused before any launch. */
static float *at(int region, long offset) { return (float *)(0x10000000L + region * 0x1000000L) + offset; }
static double *dat(int region, long offset) { return (double *)at(region, 0) + offset; }

/* Extents whose product passes 2^48 elements (no device holds more) are refused before anything else, also where
 * the product of int extents passes 2^63: a count that wrapped around used to pass the size and overlap checks as
 * a small or empty buffer (x = y below must not get as far as the overlap check). */
static void overflowing_counts(const jace_group *c4) {
    float *x = at(0, 0), *y = at(1, 0), *z = at(2, 0), *u = at(3, 0), *v = at(4, 0);
    const int big = 1 << 21;
    jace_conv_shape wraps = {big, 1, 1, big, big, 1, 0};
    expect(jace_conv2d_forward(x, y, x, &wraps, JACE_PRECISION_FP32, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "conv x past 2^63", "jace_conv2d_forward: x would have 2^63 elements or more");
    jace_conv_shape filter = {1, 1 << 22, 1, 1, 1, big - 1, (1 << 20) - 1};
    expect(jace_lifting_conv_backward_data(x, y, z, c4, &filter, JACE_PRECISION_FP32, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "conv filter past 2^63",
           "jace_lifting_conv_backward_data: the expanded filter would have 2^63 elements or more");
    jace_conv_shape past = {1 << 20, 1 << 10, 1, 1 << 10, 1 << 10, 1, 0};
    expect(jace_conv2d_backward_filter(x, y, z, &past, JACE_PRECISION_FP32, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "conv x past 2^48", "jace_conv2d_backward_filter: x would have 1125899906842624 elements");
    expect(jace_add_channel_bias(x, y, x, big, big, big, NULL), JACE_ERROR_INVALID_ARGUMENT, "channel bias",
           "jace_add_channel_bias: x would have 2^63 elements or more");
    expect(jace_batch_norm_eval(x, y, z, u, v, 1e-5f, x + 1, big, big, big, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "batch norm", "jace_batch_norm_eval: x would have 2^63 elements or more");
    expect(jace_channel_sum(x, big, big, big, y, NULL), JACE_ERROR_INVALID_ARGUMENT, "channel sum",
           "jace_channel_sum: x would have 2^63 elements or more");
    expect(jace_sum_axis(x, big, big, big, 1.f, y, NULL), JACE_ERROR_INVALID_ARGUMENT, "sum axis",
           "jace_sum_axis: x would have 2^63 elements or more");
    expect(jace_group_pool(x, x + 1, big, big, 4, big, JACE_POOL_MAX, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "group pool", "jace_group_pool: the group feature map would have 2^63 elements or more");
    int elements[1] = {2};
    expect(jace_group_action(x, y, c4, elements, 1, JACE_REP_INVARIANT, 1, big, big, big, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "group action sample", "jace_group_action: a sample would have 2^63");
    expect(jace_equivariance_deviation(x, y, c4, elements, 1, JACE_REP_IMAGE, big, big, 1 << 10, 1 << 10, z, u,
                                       NULL),
           JACE_ERROR_INVALID_ARGUMENT, "deviation", "jace_equivariance_deviation: fx would have 4611686018427387904");
    /* Refused before the deviation asks the device anything (on buffers 16-byte aligned and apart). */
    float *fgx = (float *)(1ULL << 45), *fx = (float *)(1ULL << 46), *dev = (float *)(1ULL << 44);
    expect(jace_equivariance_deviation(fgx, fx, c4, elements, 1, JACE_REP_IMAGE, 1, 1, 1, 0x7fffffff, dev,
                                       dev + 1024, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "deviation channel block",
           "jace_equivariance_deviation: 2147483647 elements per channel exceed the deviation's 32-bit indexing");
    expect(jace_expand_group_filter(x, y, c4, 1 << 30, 1 << 30, 1, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "group filter bank", "jace_expand_group_filter: the expanded filter bank would have 2^63 elements or more");
    expect(jace_softmax_cross_entropy(x, y, z, x, 1, 2147483647, NULL), JACE_ERROR_INVALID_ARGUMENT, "softmax row",
           "jace_softmax_cross_entropy: a row (k) of 2147483647 elements exceeds the supported 2146435071");
}

/* Every function whose outputs must not share memory with its inputs refuses byte ranges that overlap (partly, or
 * an output that is exactly an input where in place is not allowed); the functions that may run in place refuse a
 * partial overlap. */
static void aliasing(const jace_group *c4) {
    float *r0 = at(0, 0), *r1 = at(1, 0), *r2 = at(2, 0), *r3 = at(3, 0), *r4 = at(4, 0), *r5 = at(5, 0);
    expect_overlap(jace_memcpy_dtod_async((char *)r0 + 1, r0, 16, NULL), "jace_memcpy_dtod_async", "dst", "src");
    expect_overlap(jace_add(r0, r1, r0 + 1, 8, NULL), "jace_add", "out", "a");
    expect_overlap(jace_mul(r0, r1, r1 + 7, 8, NULL), "jace_mul", "out", "b");
    expect_overlap(jace_scale(r0, 2.f, r0 + 3, 8, NULL), "jace_scale", "out", "a");
    expect_overlap(jace_scale_by(r0, r1 + 5, r1, 8, NULL), "jace_scale_by", "out", "s");
    expect_overlap(jace_scale_by(r0, r1, r0 + 1, 8, NULL), "jace_scale_by", "out", "a");
    expect_overlap(jace_axpy(1.f, r0 + 1, r0, 8, NULL), "jace_axpy", "y", "x");
    expect_overlap(jace_axpy_dev((const double *)(r0 + 2), r1, r0, 8, NULL), "jace_axpy_dev", "y", "alpha");
    expect_overlap(jace_axpy_sign(1.f, r0, r0 + 4, 8, NULL), "jace_axpy_sign", "y", "x");
    expect_overlap(jace_axpy_sign_dev((const double *)(r0 + 6), r1, r0, 8, NULL), "jace_axpy_sign_dev", "y", "alpha");
    expect_overlap(jace_add_channel_bias(r0, r1 + 1, r1, 2, 3, 4, NULL), "jace_add_channel_bias", "out", "bias");
    expect_overlap(jace_add_channel_bias(r0, r1, r0 + 1, 2, 3, 4, NULL), "jace_add_channel_bias", "out", "x");
    expect_overlap(jace_relu(r0, r0 + 1, 8, NULL), "jace_relu", "out", "x");
    expect_overlap(jace_relu_backward(r0, r1, r1 + 1, 8, NULL), "jace_relu_backward", "dx", "dy");
    expect_overlap(jace_softmax_cross_entropy(r0, r1, r0 + 3, r2, 2, 4, NULL), "jace_softmax_cross_entropy", "loss",
                   "logits");
    expect_overlap(jace_softmax_cross_entropy(r0, r1, r2, r1, 2, 4, NULL), "jace_softmax_cross_entropy", "dlogits",
                   "labels");
    expect_overlap(jace_softmax_cross_entropy(r0, r1, r2, r0 + 1, 2, 4, NULL), "jace_softmax_cross_entropy",
                   "dlogits", "logits");
    expect_overlap(jace_sum(r0, 8, 1.f, r0 + 7, NULL), "jace_sum", "out", "x");
    expect_overlap(jace_sum_axis(r0, 2, 3, 4, 1.f, r0 + 5, NULL), "jace_sum_axis", "out", "x");
    expect_overlap(jace_channel_sum(r0, 2, 3, 4, r0, NULL), "jace_channel_sum", "out", "x");
    expect_overlap(jace_gemm(0, 0, 2, 3, 4, r0, r1, r1 + 1, NULL), "jace_gemm", "out", "b");
    expect_overlap(jace_max_pool2d(r0, r0 + 2, 1, 4, 4, 2, 2, NULL), "jace_max_pool2d", "out", "x");
    expect_overlap(jace_max_pool2d_backward(r0, r1 + 3, r1, 1, 4, 4, 2, 2, NULL), "jace_max_pool2d_backward", "dx",
                   "dy");
    expect_overlap(jace_avg_pool2d(r0, r0 + 15, 1, 4, 4, 2, 2, NULL), "jace_avg_pool2d", "out", "x");
    expect_overlap(jace_avg_pool2d_backward(r0, r0, 1, 4, 4, 2, 2, NULL), "jace_avg_pool2d_backward", "dx", "dy");
    expect_overlap(jace_batch_norm_train(r0, r1, r2, r3, r4, 0.1f, 1e-5f, r0 + 1, at(6, 0), at(7, 0), 2, 3, 4, NULL),
                   "jace_batch_norm_train", "out", "x");
    expect_overlap(jace_batch_norm_train(r0, r1, r2, r3, r4, 0.1f, 1e-5f, r5, r1, at(7, 0), 2, 3, 4, NULL),
                   "jace_batch_norm_train", "save_mean", "gamma");
    expect_overlap(jace_batch_norm_train(r0, r1, r2, r3, r3 + 2, 0.1f, 1e-5f, r5, at(6, 0), at(7, 0), 2, 3, 4, NULL),
                   "jace_batch_norm_train", "running_mean", "running_var");
    expect_overlap(jace_batch_norm_eval(r0, r1, r2, r3, r5 + 2, 1e-5f, r5, 2, 3, 4, NULL), "jace_batch_norm_eval",
                   "out", "running_var");
    expect_overlap(jace_batch_norm_backward(r0, r1, r2, r3, r4, r5, at(6, 0), at(6, 0), 2, 3, 4, NULL),
                   "jace_batch_norm_backward", "dgamma", "dbeta");
    expect_overlap(jace_batch_norm_backward(r0, r1, r2, r3, r4, r1 + 1, at(6, 0), at(7, 0), 2, 3, 4, NULL),
                   "jace_batch_norm_backward", "dx", "dy");
    expect_overlap(jace_sgd_step(r0, r1, r0 + 1, 8, 0.1f, 0.9f, 0.f, NULL), "jace_sgd_step", "param", "velocity");
    expect_overlap(jace_sgd_step_dev(r0, r1, r2, 8, (const double *)(r0 + 4), 0.9f, 0.f, NULL), "jace_sgd_step_dev",
                   "param", "lr");
    expect_overlap(jace_adam_step(r0, r1, r1, r2, 8, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.f, 1, NULL), "jace_adam_step", "m",
                   "grad");
    expect_overlap(jace_adam_step_dev(r0, r1, r2, r3, 8, dat(4, 0), dat(4, 1), (const double *)(r3 + 6), 0.9f, 0.999f,
                                      1e-8f, 0.f, NULL),
                   "jace_adam_step_dev", "v", "correction2");

    const int two[2] = {0, 1};
    /* The review's cases: out == x, y == x, d_fgx == fgx. */
    expect_overlap(jace_group_action(r0, r0, c4, two, 2, JACE_REP_IMAGE, 1, 1, 4, 4, NULL), "jace_group_action", "out",
                   "x");
    expect_overlap(jace_group_action(r0 + 31, r0, c4, two, 2, JACE_REP_IMAGE, 1, 1, 4, 4, NULL), "jace_group_action",
                   "out", "x");
    expect_overlap(jace_expand_lifting_filter(r0, r0 + 8, c4, 1, 1, 3, NULL), "jace_expand_lifting_filter", "out",
                   "w");
    expect_overlap(jace_expand_lifting_filter_adjoint(r0, r0 + 35, c4, 1, 1, 3, NULL),
                   "jace_expand_lifting_filter_adjoint", "dw", "d_expanded");
    expect_overlap(jace_expand_group_filter(r0 + 143, r0, c4, 1, 1, 3, NULL), "jace_expand_group_filter", "out", "w");
    expect_overlap(jace_expand_group_filter_adjoint(r0, r0 + 35, c4, 1, 1, 3, NULL), "jace_expand_group_filter_adjoint",
                   "dw", "d_expanded");
    jace_conv_shape s = {2, 3, 4, 5, 5, 3, 1};
    expect_overlap(jace_conv2d_forward(r0, r1, r0, &s, JACE_PRECISION_FP32, NULL), "jace_conv2d_forward", "y", "x");
    expect_overlap(jace_conv2d_backward_data(r0, r1, r1 + 107, &s, JACE_PRECISION_FP32, NULL),
                   "jace_conv2d_backward_data", "dx", "w");
    expect_overlap(jace_conv2d_backward_filter(r0, r1, r1 + 199, &s, JACE_PRECISION_TF32, NULL),
                   "jace_conv2d_backward_filter", "dw", "dy");
    expect_overlap(jace_lifting_conv_forward(r0, r1, r0 + 149, c4, &s, JACE_PRECISION_FP32, NULL),
                   "jace_lifting_conv_forward", "y", "x");
    expect_overlap(jace_lifting_conv_backward_data(r0, r1, r0 + 799, c4, &s, JACE_PRECISION_FP32, NULL),
                   "jace_lifting_conv_backward_data", "dx", "dy");
    expect_overlap(jace_lifting_conv_backward_filter(r0, r1, r0 + 149, c4, &s, JACE_PRECISION_BF16, NULL),
                   "jace_lifting_conv_backward_filter", "dw", "x");
    expect_overlap(jace_group_conv_forward(r0, r1, r0, c4, &s, JACE_PRECISION_FP32, NULL), "jace_group_conv_forward",
                   "y", "x");
    expect_overlap(jace_group_conv_backward_data(r0, r1, r1 + 431, c4, &s, JACE_PRECISION_FP32, NULL),
                   "jace_group_conv_backward_data", "dx", "w");
    expect_overlap(jace_group_conv_backward_filter(r0, r1, r1 + 799, c4, &s, JACE_PRECISION_FP32, NULL),
                   "jace_group_conv_backward_filter", "dw", "dy");
    expect_overlap(jace_group_pool(r0, r0 + 7, 1, 2, 4, 4, JACE_POOL_MEAN, NULL), "jace_group_pool", "out", "x");
    expect_overlap(jace_group_pool_backward(r0, r1, r0, 1, 2, 4, 4, JACE_POOL_MAX, NULL), "jace_group_pool_backward",
                   "dx", "x");
    expect_overlap(jace_group_pool_backward(NULL, r1 + 31, r1, 1, 2, 4, 4, JACE_POOL_MEAN, NULL),
                   "jace_group_pool_backward", "dx", "dy");
    expect_overlap(jace_equivariance_deviation(r0, r1, c4, two, 2, JACE_REP_IMAGE, 3, 1, 4, 4, r0 + 95, r2, NULL),
                   "jace_equivariance_deviation", "deviation", "fgx");
    expect_overlap(jace_equivariance_deviation(r0, r1, c4, two, 2, JACE_REP_IMAGE, 3, 1, 4, 4, r2, r2 + 5, NULL),
                   "jace_equivariance_deviation", "deviation", "norm");
    expect_overlap(jace_equivariance_deviation_backward(r0, r1, c4, two, 2, JACE_REP_IMAGE, 3, 1, 4, 4, r2, r3, r0, r4,
                                                        NULL),
                   "jace_equivariance_deviation_backward", "d_fgx", "fgx");
    expect_overlap(jace_equivariance_deviation_backward(r0, r1, c4, two, 2, JACE_REP_IMAGE, 3, 1, 4, 4, r2, r3, r4,
                                                        r3 - 47, NULL),
                   "jace_equivariance_deviation_backward", "d_fx", "d_norm");
    const int rows[2] = {0, 1};
    expect_overlap(jace_relative_deviation_weights(r0, r1, 2, 3, rows, 2, 1.0, 1e-12, r2, r1, NULL),
                   "jace_relative_deviation_weights", "d_norm", "norm");
    expect_overlap(jace_relative_deviation_weights_dev(r0, r1, 2, 3, rows, 2, (const double *)(r2 + 4), 6.0, 1e-12, r2,
                                                       r3, NULL),
                   "jace_relative_deviation_weights_dev", "d_deviation", "weight");
    expect_overlap(jace_dual_update(dat(0, 0), dat(0, 15), 1, NULL), "jace_dual_update", "state", "plan");
    expect_overlap(jace_relative_deviation_mean(r0, r1, 2, 3, rows, 2, 6.0, 1e-12, (double *)(r1 + 2), NULL),
                   "jace_relative_deviation_mean", "out", "norm");
    const float *parts[2] = {r0, r1};
    expect_overlap(jace_sum_to_scalar(parts, 2, 0, 1.0, (double *)r1, NULL), "jace_sum_to_scalar", "out", "parts[1]");
}

/* Without a device every CUDA runtime call fails; the message names the public function first, also where a helper
 * made the call (the device check, the filter gradient's workspace), then the call: "fn: cudaCall(...) failed: ...".
 * Handles are fake: without a driver the runtime refuses before using them. */
static jace_status with_runtime(int entry) {
    char host[16], name[8];
    void *ptr = NULL;
    int value = 0;
    long long free_bytes = 0, total_bytes = 0;
    float ms = 0.f;
    cudaStream_t stream = NULL;
    cudaEvent_t event = NULL;
    cudaGraphExec_t graph = NULL;
    cudaStream_t fake_stream = (cudaStream_t)at(5, 0);
    cudaEvent_t fake_event = (cudaEvent_t)at(6, 0);
    const jace_conv_shape s = {1, 1, 1, 4, 4, 3, 1};
    switch (entry) {
    case 0: return jace_set_device(0);
    case 1: return jace_device_name(0, name, (int)sizeof name);
    case 2: return jace_device_capability(0, &value);
    case 3: return jace_mem_get_info(&free_bytes, &total_bytes);
    case 4: return jace_malloc(&ptr, 16);
    case 5: return jace_free(at(0, 0));
    case 6: return jace_malloc_host(&ptr, 16);
    case 7: return jace_free_host(host);
    case 8: return jace_memcpy_htod_async(at(0, 0), host, 16, NULL);
    case 9: return jace_memcpy_dtoh_async(host, at(0, 0), 16, NULL);
    case 10: return jace_memcpy_dtod_async(at(0, 0), at(1, 0), 16, NULL);
    case 11: return jace_memset_async(at(0, 0), 0, 16, NULL);
    case 12: return jace_device_synchronize();
    case 13: return jace_stream_create(&stream);
    case 14: return jace_stream_destroy(fake_stream);
    case 15: return jace_stream_synchronize(NULL);
    case 16: return jace_event_create(&event);
    case 17: return jace_event_destroy(fake_event);
    case 18: return jace_event_record(fake_event, NULL);
    case 19: return jace_event_synchronize(fake_event);
    case 20: return jace_event_elapsed_ms(&ms, fake_event, fake_event);
    case 21: return jace_stream_begin_capture(fake_stream);
    case 22: return jace_stream_end_capture(fake_stream, &graph);
    case 23: return jace_graph_launch((cudaGraphExec_t)at(7, 0), NULL);
    case 24: return jace_graph_destroy((cudaGraphExec_t)at(7, 0));
    default: return jace_conv2d_backward_filter(at(0, 0), at(1, 0), at(2, 0), &s, JACE_PRECISION_FP32, NULL);
    }
}
static const char *const RUNTIME_ENTRIES[26][2] = {
    {"jace_set_device", "cudaGetDeviceCount("}, {"jace_device_name", "cudaGetDeviceCount("},
    {"jace_device_capability", "cudaGetDeviceCount("}, {"jace_mem_get_info", "cudaMemGetInfo("},
    {"jace_malloc", "cudaMalloc("}, {"jace_free", "cudaFree("}, {"jace_malloc_host", "cudaMallocHost("},
    {"jace_free_host", "cudaFreeHost("}, {"jace_memcpy_htod_async", "cudaMemcpyAsync("},
    {"jace_memcpy_dtoh_async", "cudaMemcpyAsync("}, {"jace_memcpy_dtod_async", "cudaMemcpyAsync("},
    {"jace_memset_async", "cudaMemsetAsync("}, {"jace_device_synchronize", "cudaDeviceSynchronize("},
    {"jace_stream_create", "cudaStreamCreateWithFlags("}, {"jace_stream_destroy", "cudaStreamDestroy("},
    {"jace_stream_synchronize", "cudaStreamSynchronize("}, {"jace_event_create", "cudaEventCreate("},
    {"jace_event_destroy", "cudaEventDestroy("}, {"jace_event_record", "cudaEventRecord("},
    {"jace_event_synchronize", "cudaEventSynchronize("}, {"jace_event_elapsed_ms", "cudaEventElapsedTime("},
    {"jace_stream_begin_capture", "cudaGetDevice("}, {"jace_stream_end_capture", "cudaStreamEndCapture("},
    {"jace_graph_launch", "cudaGraphLaunch("}, {"jace_graph_destroy", "cudaGraphExecDestroy("},
    {"jace_conv2d_backward_filter", "cudaGetDevice("}};

static void cuda_failures(void) {
    for (int entry = 0; entry < 26; entry++) {
        char head[96];
        snprintf(head, sizeof head, "%s: %s", RUNTIME_ENTRIES[entry][0], RUNTIME_ENTRIES[entry][1]);
        expect_from(with_runtime(entry), JACE_ERROR_CUDA, RUNTIME_ENTRIES[entry][0], head, " failed: ");
    }
}

/* Misalignment: the argument in region `skew` is moved off its element size, a float by 1 byte and a double by 4 (so
 * float-aligned, not double-aligned); every other argument lies in its own region, so nothing overlaps. */
static int skew = -1;
static float *fp(int region) { return (float *)((char *)at(region, 0) + (region == skew)); }
static double *dp(int region) { return (double *)((char *)at(region, 0) + 4 * (region == skew)); }
static unsigned short *hp(int region) { return (unsigned short *)((char *)at(region, 0) + (region == skew)); }

/* Every function taking DEVICE floats or doubles, its pointer arguments in regions 0, 1, ... in order. */
static jace_status with_pointers(int entry, const jace_group *c4) {
    const int two[2] = {0, 1}, rows[2] = {0, 1};
    const jace_conv_shape s = {2, 3, 4, 5, 5, 3, 1};
    const jace_precision fp32 = JACE_PRECISION_FP32;
    const float *parts[2] = {fp(0), fp(1)};
    switch (entry) {
    case 0: return jace_fill(fp(0), 8, 1.f, NULL);
    case 1: return jace_add(fp(0), fp(1), fp(2), 8, NULL);
    case 2: return jace_mul(fp(0), fp(1), fp(2), 8, NULL);
    case 3: return jace_scale(fp(0), 2.f, fp(1), 8, NULL);
    case 4: return jace_scale_by(fp(0), fp(1), fp(2), 8, NULL);
    case 5: return jace_axpy(1.f, fp(0), fp(1), 8, NULL);
    case 6: return jace_axpy_dev(dp(0), fp(1), fp(2), 8, NULL);
    case 7: return jace_axpy_sign(1.f, fp(0), fp(1), 8, NULL);
    case 8: return jace_axpy_sign_dev(dp(0), fp(1), fp(2), 8, NULL);
    case 9: return jace_add_channel_bias(fp(0), fp(1), fp(2), 2, 3, 4, NULL);
    case 10: return jace_relu(fp(0), fp(1), 8, NULL);
    case 11: return jace_relu_backward(fp(0), fp(1), fp(2), 8, NULL);
    case 12: return jace_softmax_cross_entropy(fp(0), fp(1), fp(2), fp(3), 2, 4, NULL);
    case 13: return jace_sum(fp(0), 8, 1.f, fp(1), NULL);
    case 14: return jace_sum_axis(fp(0), 2, 3, 4, 1.f, fp(1), NULL);
    case 15: return jace_channel_sum(fp(0), 2, 3, 4, fp(1), NULL);
    case 16: return jace_gemm(0, 0, 2, 3, 4, fp(0), fp(1), fp(2), NULL);
    case 17: return jace_max_pool2d(fp(0), fp(1), 1, 4, 4, 2, 2, NULL);
    case 18: return jace_max_pool2d_backward(fp(0), fp(1), fp(2), 1, 4, 4, 2, 2, NULL);
    case 19: return jace_avg_pool2d(fp(0), fp(1), 1, 4, 4, 2, 2, NULL);
    case 20: return jace_avg_pool2d_backward(fp(0), fp(1), 1, 4, 4, 2, 2, NULL);
    case 21:
        return jace_batch_norm_train(fp(0), fp(1), fp(2), fp(3), fp(4), 0.1f, 1e-5f, fp(5), fp(6), fp(7), 2, 3, 4,
                                     NULL);
    case 22: return jace_batch_norm_eval(fp(0), fp(1), fp(2), fp(3), fp(4), 1e-5f, fp(5), 2, 3, 4, NULL);
    case 23: return jace_batch_norm_backward(fp(0), fp(1), fp(2), fp(3), fp(4), fp(5), fp(6), fp(7), 2, 3, 4, NULL);
    case 24: return jace_sgd_step(fp(0), fp(1), fp(2), 8, 0.1f, 0.9f, 0.f, NULL);
    case 25: return jace_sgd_step_dev(fp(0), fp(1), fp(2), 8, dp(3), 0.9f, 0.f, NULL);
    case 26: return jace_adam_step(fp(0), fp(1), fp(2), fp(3), 8, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.f, 1, NULL);
    case 27:
        return jace_adam_step_dev(fp(0), fp(1), fp(2), fp(3), 8, dp(4), dp(5), dp(6), 0.9f, 0.999f, 1e-8f, 0.f, NULL);
    case 28: return jace_group_action(fp(0), fp(1), c4, two, 2, JACE_REP_IMAGE, 1, 1, 4, 4, NULL);
    case 29: return jace_expand_lifting_filter(fp(0), fp(1), c4, 1, 1, 3, NULL);
    case 30: return jace_expand_lifting_filter_adjoint(fp(0), fp(1), c4, 1, 1, 3, NULL);
    case 31: return jace_expand_group_filter(fp(0), fp(1), c4, 1, 1, 3, NULL);
    case 32: return jace_expand_group_filter_adjoint(fp(0), fp(1), c4, 1, 1, 3, NULL);
    case 33: return jace_conv2d_forward(fp(0), fp(1), fp(2), &s, fp32, NULL);
    case 34: return jace_conv2d_backward_data(fp(0), fp(1), fp(2), &s, fp32, NULL);
    case 35: return jace_conv2d_backward_filter(fp(0), fp(1), fp(2), &s, fp32, NULL);
    case 36: return jace_lifting_conv_forward(fp(0), fp(1), fp(2), c4, &s, fp32, NULL);
    case 37: return jace_lifting_conv_backward_data(fp(0), fp(1), fp(2), c4, &s, fp32, NULL);
    case 38: return jace_lifting_conv_backward_filter(fp(0), fp(1), fp(2), c4, &s, fp32, NULL);
    case 39: return jace_group_conv_forward(fp(0), fp(1), fp(2), c4, &s, fp32, NULL);
    case 40: return jace_group_conv_backward_data(fp(0), fp(1), fp(2), c4, &s, fp32, NULL);
    case 41: return jace_group_conv_backward_filter(fp(0), fp(1), fp(2), c4, &s, fp32, NULL);
    case 42: return jace_group_pool(fp(0), fp(1), 1, 2, 4, 4, JACE_POOL_MAX, NULL);
    case 43: return jace_group_pool_backward(fp(0), fp(1), fp(2), 1, 2, 4, 4, JACE_POOL_MAX, NULL);
    case 44:
        return jace_equivariance_deviation(fp(0), fp(1), c4, two, 2, JACE_REP_IMAGE, 3, 1, 4, 4, fp(2), fp(3), NULL);
    case 45:
        return jace_equivariance_deviation_backward(fp(0), fp(1), c4, two, 2, JACE_REP_IMAGE, 3, 1, 4, 4, fp(2), fp(3),
                                                    fp(4), fp(5), NULL);
    case 46: return jace_relative_deviation_weights(fp(0), fp(1), 2, 3, rows, 2, 1.0, 1e-12, fp(2), fp(3), NULL);
    case 47:
        return jace_relative_deviation_weights_dev(fp(0), fp(1), 2, 3, rows, 2, dp(2), 6.0, 1e-12, fp(3), fp(4), NULL);
    case 48: return jace_dual_update(dp(0), dp(1), 1, NULL);
    case 49: return jace_relative_deviation_mean(fp(0), fp(1), 2, 3, rows, 2, 6.0, 1e-12, dp(2), NULL);
    case 50: return jace_to_bf16(fp(0), hp(1), 8, NULL);
    case 51: return jace_from_bf16(hp(0), fp(1), 8, NULL);
    default: return jace_sum_to_scalar(parts, 2, 0, 1.0, dp(2), NULL);
    }
}
/* The pointer arguments' names by region; `doubles` has bit r set where region r holds doubles. */
static const struct {
    const char *fn;
    const char *args[9];
    unsigned doubles;
} POINTER_ENTRIES[53] = {
    {"jace_fill", {"x"}, 0},
    {"jace_add", {"a", "b", "out"}, 0},
    {"jace_mul", {"a", "b", "out"}, 0},
    {"jace_scale", {"a", "out"}, 0},
    {"jace_scale_by", {"a", "s", "out"}, 0},
    {"jace_axpy", {"x", "y"}, 0},
    {"jace_axpy_dev", {"alpha", "x", "y"}, 1u},
    {"jace_axpy_sign", {"x", "y"}, 0},
    {"jace_axpy_sign_dev", {"alpha", "x", "y"}, 1u},
    {"jace_add_channel_bias", {"x", "bias", "out"}, 0},
    {"jace_relu", {"x", "out"}, 0},
    {"jace_relu_backward", {"x", "dy", "dx"}, 0},
    {"jace_softmax_cross_entropy", {"logits", "labels", "loss", "dlogits"}, 0},
    {"jace_sum", {"x", "out"}, 0},
    {"jace_sum_axis", {"x", "out"}, 0},
    {"jace_channel_sum", {"x", "out"}, 0},
    {"jace_gemm", {"a", "b", "out"}, 0},
    {"jace_max_pool2d", {"x", "out"}, 0},
    {"jace_max_pool2d_backward", {"x", "dy", "dx"}, 0},
    {"jace_avg_pool2d", {"x", "out"}, 0},
    {"jace_avg_pool2d_backward", {"dy", "dx"}, 0},
    {"jace_batch_norm_train",
     {"x", "gamma", "beta", "running_mean", "running_var", "out", "save_mean", "save_inv_std"}, 0},
    {"jace_batch_norm_eval", {"x", "gamma", "beta", "running_mean", "running_var", "out"}, 0},
    {"jace_batch_norm_backward", {"x", "dy", "gamma", "save_mean", "save_inv_std", "dx", "dgamma", "dbeta"}, 0},
    {"jace_sgd_step", {"param", "grad", "velocity"}, 0},
    {"jace_sgd_step_dev", {"param", "grad", "velocity", "lr"}, 1u << 3},
    {"jace_adam_step", {"param", "grad", "m", "v"}, 0},
    {"jace_adam_step_dev", {"param", "grad", "m", "v", "lr", "correction1", "correction2"}, 7u << 4},
    {"jace_group_action", {"x", "out"}, 0},
    {"jace_expand_lifting_filter", {"w", "out"}, 0},
    {"jace_expand_lifting_filter_adjoint", {"d_expanded", "dw"}, 0},
    {"jace_expand_group_filter", {"w", "out"}, 0},
    {"jace_expand_group_filter_adjoint", {"d_expanded", "dw"}, 0},
    {"jace_conv2d_forward", {"x", "w", "y"}, 0},
    {"jace_conv2d_backward_data", {"dy", "w", "dx"}, 0},
    {"jace_conv2d_backward_filter", {"x", "dy", "dw"}, 0},
    {"jace_lifting_conv_forward", {"x", "w", "y"}, 0},
    {"jace_lifting_conv_backward_data", {"dy", "w", "dx"}, 0},
    {"jace_lifting_conv_backward_filter", {"x", "dy", "dw"}, 0},
    {"jace_group_conv_forward", {"x", "w", "y"}, 0},
    {"jace_group_conv_backward_data", {"dy", "w", "dx"}, 0},
    {"jace_group_conv_backward_filter", {"x", "dy", "dw"}, 0},
    {"jace_group_pool", {"x", "out"}, 0},
    {"jace_group_pool_backward", {"x", "dy", "dx"}, 0},
    {"jace_equivariance_deviation", {"fgx", "fx", "deviation", "norm"}, 0},
    {"jace_equivariance_deviation_backward", {"fgx", "fx", "d_deviation", "d_norm", "d_fgx", "d_fx"}, 0},
    {"jace_relative_deviation_weights", {"deviation", "norm", "d_deviation", "d_norm"}, 0},
    {"jace_relative_deviation_weights_dev", {"deviation", "norm", "weight", "d_deviation", "d_norm"}, 1u << 2},
    {"jace_dual_update", {"plan", "state"}, 3u},
    {"jace_relative_deviation_mean", {"deviation", "norm", "out"}, 1u << 2},
    {"jace_to_bf16", {"x", "out"}, 0},
    {"jace_from_bf16", {"x", "out"}, 0},
    {"jace_sum_to_scalar", {"parts[0]", "parts[1]", "out"}, 1u << 2},
};

/* The regions (bit r) of a function's pointer arguments that hold bfloat16. */
static unsigned bf16_regions(const char *fn) {
    if (strcmp(fn, "jace_to_bf16") == 0) return 1u << 1;
    return strcmp(fn, "jace_from_bf16") == 0 ? 1u : 0u;
}

/* Each pointer argument of each function, moved off its alignment, is refused naming the function, the argument, its
 * address and the alignment. Aligned (and without a device), the same calls get past every check to the launch. */
static void misaligned(const jace_group *c4, int devices) {
    for (int entry = 0; entry < 53; entry++) {
        const char *fn = POINTER_ENTRIES[entry].fn;
        for (skew = 0; skew < 9 && POINTER_ENTRIES[entry].args[skew] != NULL; skew++) {
            const int dbl = (POINTER_ENTRIES[entry].doubles >> skew) & 1;
            const int bf16 = (bf16_regions(fn) >> skew) & 1, size = dbl ? 8 : bf16 ? 2 : 4;
            const void *address = dbl ? (const void *)dp(skew) : bf16 ? (const void *)hp(skew) : (const void *)fp(skew);
            char want[256];
            snprintf(want, sizeof want,
                     "%s: %s (%p) is not %d-byte aligned; %s buffers need %d-byte alignment (jace_malloc gives 256)",
                     fn, POINTER_ENTRIES[entry].args[skew], address, size,
                     dbl ? "double" : bf16 ? "bfloat16" : "float", size);
            const jace_status got = with_pointers(entry, c4);
            if (got != JACE_ERROR_INVALID_ARGUMENT || strcmp(jace_last_error(), want) != 0) {
                printf("FAIL %s with %s misaligned: status %d, message \"%s\" (want \"%s\")\n", fn,
                       POINTER_ENTRIES[entry].args[skew], (int)got, jace_last_error(), want);
                failures++;
            }
        }
        skew = -1;
        if (devices == 0) {
            char what[96];
            snprintf(what, sizeof what, "%s aligned", fn);
            expect(with_pointers(entry, c4), JACE_ERROR_CUDA, what, NULL);
        }
    }
}

/* D4 as jace.h defines it, from the geometry alone: index k + 4f is rot90^k after flip^f, and compose[a*8+b] is the
 * element acting like a after b on a 3x3 grid of distinct values. */
static void act(int rot, int flip, const int *x, int *y) {
    int a[9], b[9];
    for (int i = 0; i < 9; i++) a[i] = flip ? x[i / 3 * 3 + 2 - i % 3] : x[i];
    for (int t = 0; t < rot; t++) {
        for (int i = 0; i < 9; i++) b[i] = a[(i % 3) * 3 + 2 - i / 3]; /* y[i][j] = x[j][2-i] */
        memcpy(a, b, sizeof a);
    }
    memcpy(y, a, sizeof a);
}

static jace_group geometric_d4(void) {
    jace_group g;
    memset(&g, 0, sizeof g);
    g.order = 8;
    int grid[9], images[8][9];
    for (int i = 0; i < 9; i++) grid[i] = i;
    for (int e = 0; e < 8; e++) {
        g.rotation[e] = e % 4;
        g.flip[e] = e / 4;
        act(e % 4, e / 4, grid, images[e]);
    }
    for (int a = 0; a < 8; a++)
        for (int b = 0; b < 8; b++) {
            int ab[9];
            act(a % 4, a / 4, images[b], ab);
            for (int c = 0; c < 8; c++)
                if (memcmp(ab, images[c], sizeof ab) == 0) g.compose[a * 8 + b] = c;
            if (memcmp(ab, grid, sizeof ab) == 0) g.inverse[a] = b;
        }
    return g;
}

/* Each entry point that takes a jace_group, called with valid pointers and shapes (fake addresses; the table must be
 * refused first). */
static jace_status with_group(int entry, const jace_group *g) {
    const int two[2] = {0, 1};
    const jace_conv_shape s = {1, 1, 1, 4, 4, 3, 1};
    float *x = at(0, 0), *y = at(1, 0), *z = at(2, 0), *u = at(3, 0);
    switch (entry) {
    case 0: return jace_group_action(x, y, g, two, 2, JACE_REP_GROUP_MAP, 1, 1, 4, 4, NULL);
    case 1: return jace_expand_lifting_filter(x, y, g, 1, 1, 3, NULL);
    case 2: return jace_expand_lifting_filter_adjoint(x, y, g, 1, 1, 3, NULL);
    case 3: return jace_expand_group_filter(x, y, g, 1, 1, 3, NULL);
    case 4: return jace_expand_group_filter_adjoint(x, y, g, 1, 1, 3, NULL);
    case 5: return jace_lifting_conv_forward(x, y, z, g, &s, JACE_PRECISION_FP32, NULL);
    case 6: return jace_lifting_conv_backward_data(x, y, z, g, &s, JACE_PRECISION_FP32, NULL);
    case 7: return jace_lifting_conv_backward_filter(x, y, z, g, &s, JACE_PRECISION_FP32, NULL);
    case 8: return jace_group_conv_forward(x, y, z, g, &s, JACE_PRECISION_FP32, NULL);
    case 9: return jace_group_conv_backward_data(x, y, z, g, &s, JACE_PRECISION_FP32, NULL);
    case 10: return jace_group_conv_backward_filter(x, y, z, g, &s, JACE_PRECISION_FP32, NULL);
    case 11: return jace_equivariance_deviation(x, y, g, two, 2, JACE_REP_IMAGE, 1, 1, 4, 4, z, u, NULL);
    default:
        return jace_equivariance_deviation_backward(x, y, g, two, 2, JACE_REP_IMAGE, 1, 1, 4, 4, z, NULL, u, at(4, 0),
                                                    NULL);
    }
}
static const char *const GROUP_ENTRIES[13] = {
    "jace_group_action", "jace_expand_lifting_filter", "jace_expand_lifting_filter_adjoint",
    "jace_expand_group_filter", "jace_expand_group_filter_adjoint", "jace_lifting_conv_forward",
    "jace_lifting_conv_backward_data", "jace_lifting_conv_backward_filter", "jace_group_conv_forward",
    "jace_group_conv_backward_data", "jace_group_conv_backward_filter", "jace_equivariance_deviation",
    "jace_equivariance_deviation_backward"};

/* Tables that pass the range checks but are not the group they claim: every entry point refuses each, naming the
 * wrong entry and what it should be. */
static void group_tables(int devices) {
    const jace_group d4 = geometric_d4();
    struct {
        const char *what, *message;
        jace_group g;
    } bad[7];
    int nbad = 0;
    jace_group g = d4; /* compose written the other way round: compose[a*8+b] = b.a */
    for (int a = 0; a < 8; a++)
        for (int b = 0; b < 8; b++) g.compose[a * 8 + b] = d4.compose[b * 8 + a];
    bad[nbad].what = "D4 compose reversed";
    bad[nbad].message = "compose[1*8+4] = 7, want 5: element 1 (rotation 1, flip 0) . element 4 (rotation 0, flip 1)";
    bad[nbad++].g = g;
    g = d4;
    memset(g.compose, 0, sizeof g.compose); /* the review's all-zero table */
    bad[nbad].what = "all-zero compose";
    bad[nbad].message = "compose[0*8+1] = 0, want 1";
    bad[nbad++].g = g;
    g = d4; /* elements 0 and 1 swapped, table renumbered consistently: element 0 is a quarter turn */
    for (int a = 0; a < 8; a++) {
        const int pa = a < 2 ? 1 - a : a;
        g.rotation[pa] = d4.rotation[a];
        g.flip[pa] = d4.flip[a];
        g.inverse[pa] = d4.inverse[a] < 2 ? 1 - d4.inverse[a] : d4.inverse[a];
        for (int b = 0; b < 8; b++) {
            const int pb = b < 2 ? 1 - b : b, c = d4.compose[a * 8 + b];
            g.compose[pa * 8 + pb] = c < 2 ? 1 - c : c;
        }
    }
    bad[nbad].what = "element 0 not the identity";
    bad[nbad].message = "group element 0 is rotation 1, flip 0; it must be the identity (0, 0)";
    bad[nbad++].g = g;
    g = d4;
    g.inverse[1] = 1; /* r.r is r^2, not the identity */
    bad[nbad].what = "inverse inconsistent";
    bad[nbad].message = "inverse[1] = 1, want 3";
    bad[nbad++].g = g;
    g = d4;
    g.rotation[5] = 0; /* r m becomes a second m */
    bad[nbad].what = "duplicate elements";
    bad[nbad].message = "group elements 4 and 5 are both rotation 0, flip 1";
    bad[nbad++].g = g;
    g = d4;
    g.order = 2; /* {e, r}: r.r = r^2 is missing */
    g.compose[0] = 0;
    g.compose[1] = 1;
    g.compose[2] = 1;
    g.compose[3] = 0;
    bad[nbad].what = "not closed";
    bad[nbad].message = "group not closed: element 1 (rotation 1, flip 0) . element 1";
    bad[nbad++].g = g;
    for (int i = 0; i < nbad; i++)
        for (int entry = 0; entry < 13; entry++) {
            char what[128], head[64];
            snprintf(what, sizeof what, "%s: %s", GROUP_ENTRIES[entry], bad[i].what);
            snprintf(head, sizeof head, "%s: ", GROUP_ENTRIES[entry]);
            expect_from(with_group(entry, &bad[i].g), JACE_ERROR_INVALID_ARGUMENT, what, head, bad[i].message);
        }
    if (devices == 0) {
        /* Without a device, a real table gets past the checks to the launch (or the backward filters' device query),
         * which fails naming the function. */
        for (int entry = 0; entry < 13; entry++) {
            char what[128], head[64];
            snprintf(what, sizeof what, "%s: geometric D4", GROUP_ENTRIES[entry]);
            snprintf(head, sizeof head, "%s: ", GROUP_ENTRIES[entry]);
            expect_from(with_group(entry, &d4), JACE_ERROR_CUDA, what, head, " failed: ");
        }
    }
}

int main(void) {
    if (jace_version() != JACE_VERSION || JACE_VERSION != JACE_VERSION_MAJOR * 10000 + JACE_VERSION_MINOR * 100
                                                              + JACE_VERSION_PATCH) {
        printf("FAIL jace_version %d, JACE_VERSION %d\n", jace_version(), JACE_VERSION);
        failures++;
    }
    /* Same major.minor is compatible whatever the patch; another minor or major is not. */
    if (!JACE_VERSION_COMPATIBLE(jace_version()) || !JACE_VERSION_COMPATIBLE(JACE_VERSION / 100 * 100 + 99)
        || JACE_VERSION_COMPATIBLE(JACE_VERSION + 100) || JACE_VERSION_COMPATIBLE(JACE_VERSION - 100)
        || JACE_VERSION_COMPATIBLE(JACE_VERSION + 10000)) {
        printf("FAIL JACE_VERSION_COMPATIBLE\n");
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
           "compose[3*4+1] = 3, want 0");
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
    /* A quarter turn needs square images; half turns keep h x w (refused only where an element is a quarter turn). */
    int half[2] = {0, 2};
    expect(jace_group_action(at(0, 0), at(1, 0), &c4, elements, 2, JACE_REP_GROUP_MAP, 2, 3, 4, 6, NULL),
           JACE_ERROR_INVALID_ARGUMENT, "quarter turn on 4x6",
           "jace_group_action: elements[0] is a quarter turn (rotation 1), so images must be square; got 4x6");
    if (count == 0) { /* past the checks, the launch fails */
        expect(jace_equivariance_deviation(at(0, 0), at(1, 0), &c4, half + 1, 1, JACE_REP_IMAGE, 2, 3, 4, 6, at(2, 0),
                                           at(3, 0), NULL),
               JACE_ERROR_CUDA, "half turn on 4x6", NULL);
        expect(jace_group_action(at(0, 0), at(1, 0), &c4, half, 2, JACE_REP_IMAGE, 2, 3, 4, 6, NULL), JACE_ERROR_CUDA,
               "half turns on 4x6", NULL);
    }
    /* Extents the kernels index with int are refused with a margin below 2^31 - 1, where a loop stepping past its
     * end by a tile or a grid stride would wrap around (the fold of a 46340 x 46341 1x1 filter gradient wrote out of
     * bounds). */
    expect(jace_gemm(0, 0, 2147483647, 1, 1, p, p, p, NULL), JACE_ERROR_INVALID_ARGUMENT, "gemm m near 2^31",
           "jace_gemm: m of 2147483647 elements exceeds the supported 2146435071");
    expect(jace_max_pool2d(p, p, 1, 46341, 46341, 2, 2, NULL), JACE_ERROR_INVALID_ARGUMENT, "pool plane near 2^31",
           "jace_max_pool2d: a plane of 2147488281 elements exceeds");
    expect(jace_expand_lifting_filter(p, p, &c4, 1, 1, 46341, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "filter row near 2^31", "a filter row (cin * gin * k * k) of 2147488281 elements exceeds");
    expect(jace_expand_group_filter_adjoint(p, p, &c4, 536870912, 1, 1, NULL), JACE_ERROR_INVALID_ARGUMENT,
           "expanded filter rows near 2^31", "the expanded bank's rows (cout * G) of 2147483648 elements exceeds");
    jace_conv_shape huge = {1, 46340, 46341, 1, 1, 1, 0};
    expect(jace_conv2d_backward_filter(p, p, p, &huge, JACE_PRECISION_FP32, NULL), JACE_ERROR_UNSUPPORTED,
           "filter gradient near 2^31", "tensors beyond 2146435071 elements are not supported");
    overflowing_counts(&c4);
    group_tables(count);
    aliasing(&c4);
    misaligned(&c4, count);

    if (count == 0) {
        /* Without a device, a valid call must report a CUDA error, not crash. */
        expect_from(jace_noop(NULL), JACE_ERROR_CUDA, "noop without a device", "jace_noop: kernel launch failed: ",
                    NULL);
        expect_from(jace_fill(p, 4, 0.f, NULL), JACE_ERROR_CUDA, "fill without a device",
                    "jace_fill: kernel launch failed: ", NULL);
        cuda_failures();
    }
    if (failures) {
        printf("test_abi: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_abi: all checks passed (%d CUDA device(s) visible)\n", count);
    return 0;
}
