/* Launchers of the elementwise kernels (cuda/elementwise.cuh). */
#include "elementwise.cuh"
#include "jace_internal.h"

namespace {
template <class Op>
jace_status launch_unary(const char *fn, const float *a, float *out, long long n, cudaStream_t stream, Op op) {
    const bool vec = (a == nullptr || jace_aligned16(a)) && jace_aligned16(out);
    const long long items = vec ? n / 4 : n;
    jace_unary_kernel<<<jace_grid_for(items > 0 ? items : 1), JACE_THREADS, 0, stream>>>(a, out, n, vec, op);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

template <class Op>
jace_status launch_binary(const char *fn, const float *a, const float *b, float *out, long long n,
                          cudaStream_t stream, Op op) {
    const bool vec = jace_aligned16(a) && jace_aligned16(b) && jace_aligned16(out);
    const long long items = vec ? n / 4 : n;
    jace_binary_kernel<<<jace_grid_for(items > 0 ? items : 1), JACE_THREADS, 0, stream>>>(a, b, out, n, vec, op);
    JACE_LAUNCH_CHECK(fn);
    return JACE_SUCCESS;
}

/* y = op(x, y) for the axpy family, whichever the source of alpha. */
template <template <class> class Op, class Alpha>
jace_status launch_axpy(const char *fn, Alpha alpha, const double *alpha_dev, const float *x, float *y, long long n,
                        cudaStream_t stream) {
    JACE_REQUIRE_PTR(fn, x);
    JACE_REQUIRE_PTR(fn, y);
    JACE_REQUIRE_POSITIVE(fn, n);
    JACE_TRY(jace_require_same_or_apart(fn, jace_floats("y", y, n), jace_floats("x", x, n)));
    JACE_TRY(jace_require_apart(fn, {jace_floats("y", y, n)}, {jace_doubles("alpha", alpha_dev, 1)}));
    return launch_binary(fn, x, y, y, n, stream, Op<Alpha>{alpha});
}
}  // namespace

extern "C" JACE_API jace_status jace_fill(float *x, long long n, float value, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_fill", x);
    JACE_REQUIRE_POSITIVE("jace_fill", n);
    JACE_TRY(jace_require_aligned("jace_fill", jace_floats("x", x, n)));
    return launch_unary("jace_fill", nullptr, x, n, stream, jace_op_fill{value});
}

extern "C" JACE_API jace_status jace_add(const float *a, const float *b, float *out, long long n,
                                         cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_add", a);
    JACE_REQUIRE_PTR("jace_add", b);
    JACE_REQUIRE_PTR("jace_add", out);
    JACE_REQUIRE_POSITIVE("jace_add", n);
    JACE_TRY(jace_require_same_or_apart("jace_add", jace_floats("out", out, n), jace_floats("a", a, n)));
    JACE_TRY(jace_require_same_or_apart("jace_add", jace_floats("out", out, n), jace_floats("b", b, n)));
    return launch_binary("jace_add", a, b, out, n, stream, jace_op_add{});
}

extern "C" JACE_API jace_status jace_mul(const float *a, const float *b, float *out, long long n,
                                         cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_mul", a);
    JACE_REQUIRE_PTR("jace_mul", b);
    JACE_REQUIRE_PTR("jace_mul", out);
    JACE_REQUIRE_POSITIVE("jace_mul", n);
    JACE_TRY(jace_require_same_or_apart("jace_mul", jace_floats("out", out, n), jace_floats("a", a, n)));
    JACE_TRY(jace_require_same_or_apart("jace_mul", jace_floats("out", out, n), jace_floats("b", b, n)));
    return launch_binary("jace_mul", a, b, out, n, stream, jace_op_mul{});
}

extern "C" JACE_API jace_status jace_scale(const float *a, float s, float *out, long long n, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_scale", a);
    JACE_REQUIRE_PTR("jace_scale", out);
    JACE_REQUIRE_POSITIVE("jace_scale", n);
    JACE_TRY(jace_require_same_or_apart("jace_scale", jace_floats("out", out, n), jace_floats("a", a, n)));
    return launch_unary("jace_scale", a, out, n, stream, jace_op_scale{s});
}

extern "C" JACE_API jace_status jace_scale_by(const float *a, const float *s, float *out, long long n,
                                              cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_scale_by", a);
    JACE_REQUIRE_PTR("jace_scale_by", s);
    JACE_REQUIRE_PTR("jace_scale_by", out);
    JACE_REQUIRE_POSITIVE("jace_scale_by", n);
    JACE_TRY(jace_require_same_or_apart("jace_scale_by", jace_floats("out", out, n), jace_floats("a", a, n)));
    /* Every thread reads s[0] (through the read-only cache), so no element of out may lie there. */
    JACE_TRY(jace_require_apart("jace_scale_by", {jace_floats("out", out, n)}, {jace_floats("s", s, 1)}));
    return launch_unary("jace_scale_by", a, out, n, stream, jace_op_scale_by{s});
}

extern "C" JACE_API jace_status jace_axpy(float alpha, const float *x, float *y, long long n, cudaStream_t stream) {
    return launch_axpy<jace_op_axpy>("jace_axpy", jace_value<float>{alpha}, nullptr, x, y, n, stream);
}

extern "C" JACE_API jace_status jace_axpy_dev(const double *alpha, const float *x, float *y, long long n,
                                              cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_axpy_dev", alpha);
    return launch_axpy<jace_op_axpy>("jace_axpy_dev", jace_device_float{alpha}, alpha, x, y, n, stream);
}

extern "C" JACE_API jace_status jace_axpy_sign(float alpha, const float *x, float *y, long long n,
                                               cudaStream_t stream) {
    return launch_axpy<jace_op_axpy_sign>("jace_axpy_sign", jace_value<float>{alpha}, nullptr, x, y, n, stream);
}

extern "C" JACE_API jace_status jace_axpy_sign_dev(const double *alpha, const float *x, float *y, long long n,
                                                   cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_axpy_sign_dev", alpha);
    return launch_axpy<jace_op_axpy_sign>("jace_axpy_sign_dev", jace_device_float{alpha}, alpha, x, y, n, stream);
}

extern "C" JACE_API jace_status jace_add_channel_bias(const float *x, const float *bias, float *out, int outer,
                                                      int channels, int inner, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_add_channel_bias", x);
    JACE_REQUIRE_PTR("jace_add_channel_bias", bias);
    JACE_REQUIRE_PTR("jace_add_channel_bias", out);
    JACE_REQUIRE_POSITIVE("jace_add_channel_bias", outer);
    JACE_REQUIRE_POSITIVE("jace_add_channel_bias", channels);
    JACE_REQUIRE_POSITIVE("jace_add_channel_bias", inner);
    const long long total = jace_count({outer, channels, inner});
    JACE_TRY(jace_require_count("jace_add_channel_bias", "x", total));
    JACE_TRY(jace_require_same_or_apart("jace_add_channel_bias", jace_floats("out", out, total),
                                        jace_floats("x", x, total)));
    JACE_TRY(jace_require_apart("jace_add_channel_bias", {jace_floats("out", out, total)},
                                {jace_floats("bias", bias, channels)}));
    const int vec = inner % 4 == 0 && jace_aligned16(x) && jace_aligned16(out) ? 4 : 1;
    const long long vectors = total / vec;
    const jace_fast_divisor run = jace_make_fast_divisor((unsigned)(inner / vec)),
                            by_channels = jace_make_fast_divisor((unsigned)channels);
    const bool fast = vectors <= INT_MAX;
    const unsigned grid = jace_grid_for(vectors);
    if (vec == 4 && fast) {
        jace_add_channel_bias_kernel<4, true><<<grid, JACE_THREADS, 0, stream>>>(x, bias, out, vectors, run,
                                                                                 by_channels);
    } else if (vec == 4) {
        jace_add_channel_bias_kernel<4, false><<<grid, JACE_THREADS, 0, stream>>>(x, bias, out, vectors, run,
                                                                                  by_channels);
    } else if (fast) {
        jace_add_channel_bias_kernel<1, true><<<grid, JACE_THREADS, 0, stream>>>(x, bias, out, vectors, run,
                                                                                 by_channels);
    } else {
        jace_add_channel_bias_kernel<1, false><<<grid, JACE_THREADS, 0, stream>>>(x, bias, out, vectors, run,
                                                                                  by_channels);
    }
    JACE_LAUNCH_CHECK("jace_add_channel_bias");
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_relu(const float *x, float *out, long long n, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_relu", x);
    JACE_REQUIRE_PTR("jace_relu", out);
    JACE_REQUIRE_POSITIVE("jace_relu", n);
    JACE_TRY(jace_require_same_or_apart("jace_relu", jace_floats("out", out, n), jace_floats("x", x, n)));
    return launch_unary("jace_relu", x, out, n, stream, jace_op_relu{});
}

extern "C" JACE_API jace_status jace_relu_backward(const float *x, const float *dy, float *dx, long long n,
                                                   cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_relu_backward", x);
    JACE_REQUIRE_PTR("jace_relu_backward", dy);
    JACE_REQUIRE_PTR("jace_relu_backward", dx);
    JACE_REQUIRE_POSITIVE("jace_relu_backward", n);
    JACE_TRY(jace_require_same_or_apart("jace_relu_backward", jace_floats("dx", dx, n), jace_floats("x", x, n)));
    JACE_TRY(jace_require_same_or_apart("jace_relu_backward", jace_floats("dx", dx, n), jace_floats("dy", dy, n)));
    return launch_binary("jace_relu_backward", x, dy, dx, n, stream, jace_op_relu_backward{});
}
