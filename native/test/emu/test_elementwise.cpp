/* Emulator test of the elementwise kernels (cuda/elementwise.cuh via native/src/elementwise.cu): the float4 and the
 * scalar path of every op (all pointers 16-byte aligned, or one of them 1 float off), sizes with and without a
 * float4 tail, over several blocks, special values, aliasing, the *_dev twins and the argument checks.
 *
 * Tolerances: one IEEE float operation equals the float64 result rounded to float (double rounding through the
 * 53-bit double is innocuous for +, * of floats), so single-operation ops are compared bit for bit with
 * (float)(float64 reference). axpy rounds twice (product, then sum); each rounding errs by at most 2^-24 of a value
 * bounded by |y| + |alpha x|, hence 2^-23 relative to that scale. */
#include "elementwise.cuh"
#include "emu_bits.h"

using namespace emu_check;

/* 3078 = 4 * 769 + 2: the float4 path runs 769 items over 4 blocks of 256 and a tail of 2; the scalar path 13
 * blocks. 5 and 1023 leave tails of 1 and 3, 4 none, 1 and 3 have no float4 item at all. */
static const long long kSizes[] = {1, 3, 4, 5, 1023, 3078};

static char what_buf[160];
static const char *what(const char *fn, long long n, const char *offsets) {
    std::snprintf(what_buf, sizeof what_buf, "%s n=%lld offsets %s", fn, n, offsets);
    return what_buf;
}

/* Offsets (in floats) of the two inputs and the output: all aligned, or exactly one of them off. */
static const int kOffsets[4][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

template <class Launch, class Ref>
static void binary_case(const char *fn, long long n, const int *off, Launch launch, Ref ref) {
    const Vec a = random((std::size_t)n), b = random((std::size_t)n);
    Span A(a, off[0]), B(b, off[1]), out((std::size_t)n, off[2]);
    EXPECT_OK(launch(A.p(), B.p(), out.p(), n));
    Vec want((std::size_t)n);
    for (std::size_t i = 0; i < want.size(); ++i) want[i] = ref(a[i], b[i]);
    char offsets[8];
    std::snprintf(offsets, sizeof offsets, "%d%d%d", off[0], off[1], off[2]);
    EXPECT_BITS(what(fn, n, offsets), out.raw(), to_float(want));
    EXPECT(out.guards_intact(), "%s wrote out of bounds", what(fn, n, offsets));
}

template <class Launch, class Ref>
static void unary_case(const char *fn, long long n, const int *off, Launch launch, Ref ref) {
    const Vec a = random((std::size_t)n);
    Span A(a, off[0]), out((std::size_t)n, off[2]);
    EXPECT_OK(launch(A.p(), out.p(), n));
    Vec want((std::size_t)n);
    for (std::size_t i = 0; i < want.size(); ++i) want[i] = ref(a[i]);
    char offsets[8];
    std::snprintf(offsets, sizeof offsets, "%d-%d", off[0], off[2]);
    EXPECT_BITS(what(fn, n, offsets), out.raw(), to_float(want));
    EXPECT(out.guards_intact(), "%s wrote out of bounds", what(fn, n, offsets));
}

/* jace_axpy / jace_axpy_sign and their _dev twins on y += alpha * op(x). */
static void axpy_case(long long n, int off_x, int off_y) {
    const double alpha_d = above_midpoint(0.37f);
    const float alpha = (float)alpha_d;
    const DevDouble alpha_dev(alpha_d);
    const Vec x = random((std::size_t)n), y = random((std::size_t)n);
    char offsets[8];
    std::snprintf(offsets, sizeof offsets, "%d%d", off_x, off_y);

    Span X(x, off_x), Y(y, off_y), Ydev(y, off_y);
    EXPECT_OK(jace_axpy(alpha, X.p(), Y.p(), n, nullptr));
    Vec ref((std::size_t)n), scale((std::size_t)n);
    for (std::size_t i = 0; i < ref.size(); ++i) {
        ref[i] = y[i] + (double)alpha * x[i];
        scale[i] = std::fabs(y[i]) + std::fabs((double)alpha * x[i]);
    }
    EXPECT_NEAR_VEC(what("jace_axpy", n, offsets), Y.get(), ref, 0x1p-23, scale);
    EXPECT(Y.guards_intact(), "%s wrote out of bounds", what("jace_axpy", n, offsets));
    EXPECT_OK(jace_axpy_dev(alpha_dev.p(), X.p(), Ydev.p(), n, nullptr));
    EXPECT_BITS(what("jace_axpy_dev vs jace_axpy", n, offsets), Ydev.raw(), Y.raw());

    /* alpha * sign(x) is exact, so one rounding: bit for bit. */
    Y.set(y);
    Ydev.set(y);
    EXPECT_OK(jace_axpy_sign(alpha, X.p(), Y.p(), n, nullptr));
    for (std::size_t i = 0; i < ref.size(); ++i) ref[i] = y[i] + (double)alpha * (x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0);
    EXPECT_BITS(what("jace_axpy_sign", n, offsets), Y.raw(), to_float(ref));
    EXPECT(Y.guards_intact(), "%s wrote out of bounds", what("jace_axpy_sign", n, offsets));
    EXPECT_OK(jace_axpy_sign_dev(alpha_dev.p(), X.p(), Ydev.p(), n, nullptr));
    EXPECT_BITS(what("jace_axpy_sign_dev vs jace_axpy_sign", n, offsets), Ydev.raw(), Y.raw());
}

/* jace_scale_by reads its factor in device memory and must equal jace_scale with that factor. */
static void scale_by_case(long long n, int off) {
    const float s = -1.3f;
    const Vec a = random((std::size_t)n);
    Dev S(Vec{s});
    Span A(a, off), out((std::size_t)n, off), twin((std::size_t)n, off);
    EXPECT_OK(jace_scale_by(A.p(), S.p, out.p(), n, nullptr));
    EXPECT_OK(jace_scale(A.p(), s, twin.p(), n, nullptr));
    const char *offsets = off ? "1-1" : "0-0";
    EXPECT_BITS(what("jace_scale_by vs jace_scale", n, offsets), out.raw(), twin.raw());
    EXPECT(out.guards_intact(), "%s wrote out of bounds", what("jace_scale_by", n, offsets));
}

static void fill_case(long long n, int off) {
    Span X((std::size_t)n, off);
    EXPECT_OK(jace_fill(X.p(), n, 0.3f, nullptr));
    EXPECT_BITS(what("jace_fill", n, off ? "1" : "0"), X.raw(), std::vector<float>((std::size_t)n, 0.3f));
    EXPECT(X.guards_intact(), "%s wrote out of bounds", what("jace_fill", n, off ? "1" : "0"));
}

static void channel_bias_case(int outer, int channels, int inner, int off) {
    const std::size_t total = (std::size_t)outer * channels * inner;
    const Vec x = random(total), bias = random((std::size_t)channels);
    Span X(x, off), out(total, off);
    Dev B(bias);
    EXPECT_OK(jace_add_channel_bias(X.p(), B.p, out.p(), outer, channels, inner, nullptr));
    Vec ref(total);
    for (std::size_t t = 0; t < total; ++t) ref[t] = x[t] + bias[(t / (std::size_t)inner) % (std::size_t)channels];
    char w[96];
    std::snprintf(w, sizeof w, "jace_add_channel_bias %dx%dx%d offset %d", outer, channels, inner, off);
    EXPECT_BITS(w, out.raw(), to_float(ref));
    EXPECT(out.guards_intact(), "%s wrote out of bounds", w);
}

/* Each of jace_add_channel_bias_kernel's four forms launched directly: the launcher takes the 64-bit division form
 * (FAST false) only past 2^31 vectors, too large for a test, so here it runs on a small tensor too. A grid of 2 blocks
 * of 64 threads, so that each thread's loop steps several times. */
template <int VEC, bool FAST>
static void channel_bias_form_case(int outer, int channels, int inner) {
    const std::size_t total = (std::size_t)outer * channels * inner;
    const Vec x = random(total), bias = random((std::size_t)channels);
    Dev X(x), B(bias), out(total);
    const jace_fast_divisor run = jace_make_fast_divisor((unsigned)(inner / VEC)),
                            by_channels = jace_make_fast_divisor((unsigned)channels);
    const float *xp = X.p, *bp = B.p;
    float *op = out.p;
    const long long vectors = (long long)total / VEC;
    jace_emu::launch([&] { jace_add_channel_bias_kernel<VEC, FAST>(xp, bp, op, vectors, run, by_channels); }, dim3(2),
                     dim3(64));
    require(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    Vec ref(total);
    for (std::size_t t = 0; t < total; ++t) ref[t] = x[t] + bias[(t / (std::size_t)inner) % (std::size_t)channels];
    char w[112];
    std::snprintf(w, sizeof w, "jace_add_channel_bias_kernel<%d, %s> %dx%dx%d", VEC, FAST ? "fast" : "64-bit", outer,
                  channels, inner);
    EXPECT_BITS(w, to_float(out.get()), to_float(ref));
}

/* NaN, signed zeros, infinities and subnormals, on the float4 path (8 elements) and the scalar one (offset 1). */
static void specials_case(int off) {
    const float nan = NAN, inf = INFINITY, tiny = 1e-45f;
    const Vec x{nan, -0.f, 0.f, inf, -inf, tiny, -tiny, 2.f};
    const std::size_t n = x.size();
    Span X(x, off), out(n, off);
    /* relu matches the CPU backend's Math.max(x, 0f): NaN stays NaN, -0 becomes +0. */
    EXPECT_OK(jace_relu(X.p(), out.p(), (long long)n, nullptr));
    EXPECT_BITS("jace_relu specials", out.raw(), (std::vector<float>{nan, 0.f, 0.f, inf, 0.f, tiny, 0.f, 2.f}));
    /* relu_backward passes dy where x > 0 only (not for NaN), else +0. */
    Span dy(Vec(n, -2.5), off);
    EXPECT_OK(jace_relu_backward(X.p(), dy.p(), out.p(), (long long)n, nullptr));
    EXPECT_BITS("jace_relu_backward specials",
                out.raw(), (std::vector<float>{0.f, 0.f, 0.f, -2.5f, 0.f, -2.5f, 0.f, -2.5f}));
    /* sign(+-0) = +-0 (so -0 + -0 stays -0), sign(NaN) = NaN. */
    Span Y(Vec(n, -0.0), off);
    EXPECT_OK(jace_axpy_sign(1.5f, X.p(), Y.p(), (long long)n, nullptr));
    EXPECT_BITS("jace_axpy_sign specials",
                Y.raw(), (std::vector<float>{nan, -0.f, 0.f, 1.5f, -1.5f, 1.5f, -1.5f, 1.5f}));
}

/* Outputs may alias inputs. */
static void alias_case(int off) {
    const long long n = 1023;
    const Vec a = random((std::size_t)n), b = random((std::size_t)n);
    Span A(a, off), B(b, off);
    EXPECT_OK(jace_add(A.p(), B.p(), A.p(), n, nullptr));
    Vec ref((std::size_t)n);
    for (std::size_t i = 0; i < ref.size(); ++i) ref[i] = a[i] + b[i];
    EXPECT_BITS("jace_add in place", A.raw(), to_float(ref));
    EXPECT_OK(jace_scale(A.p(), 0.5f, A.p(), n, nullptr));
    for (auto &r : ref) r = (double)(float)r * 0.5;
    EXPECT_BITS("jace_scale in place", A.raw(), to_float(ref));

    /* Every other op allowed in place (jace.h: an output exactly one of its inputs) against its out-of-place run. */
    const Vec x = random((std::size_t)n), y = random((std::size_t)n);
    Span S(Vec{1.25}, 0);
    DevDoubles ALPHA(Vec{-0.75});
    auto check = [&](const char *what, auto run_separate, auto run_in_place) {
        Span X(x, off), Y(y, off), out((std::size_t)n, off);
        EXPECT_OK(run_separate(X.p(), Y.p(), out.p()));
        EXPECT_OK(run_in_place(X.p(), Y.p()));
        EXPECT_BITS(what, Y.raw(), out.raw());
    };
    check("jace_mul in place of b", [&](float *a, float *b, float *o) { return jace_mul(a, b, o, n, nullptr); },
          [&](float *a, float *b) { return jace_mul(a, b, b, n, nullptr); });
    check("jace_scale_by in place",
          [&](float *, float *b, float *o) { return jace_scale_by(b, S.p(), o, n, nullptr); },
          [&](float *, float *b) { return jace_scale_by(b, S.p(), b, n, nullptr); });
    check("jace_relu in place", [&](float *, float *b, float *o) { return jace_relu(b, o, n, nullptr); },
          [&](float *, float *b) { return jace_relu(b, b, n, nullptr); });
    check("jace_relu_backward in place of dy",
          [&](float *a, float *b, float *o) { return jace_relu_backward(a, b, o, n, nullptr); },
          [&](float *a, float *b) { return jace_relu_backward(a, b, b, n, nullptr); });
    check("jace_relu_backward in place of x",
          [&](float *a, float *b, float *o) { return jace_relu_backward(b, a, o, n, nullptr); },
          [&](float *a, float *b) { return jace_relu_backward(b, a, b, n, nullptr); });
    check("jace_add_channel_bias in place",
          [&](float *, float *b, float *o) { return jace_add_channel_bias(b, S.p(), o, 1, 1, (int)n, nullptr); },
          [&](float *, float *b) { return jace_add_channel_bias(b, S.p(), b, 1, 1, (int)n, nullptr); });
    /* y += alpha * x with x = y: the out-of-place twin is out = y, then out += alpha * y. */
    auto axpy_twin = [&](auto axpy) {
        return [=](float *, float *b, float *o) {
            jace_status st = jace_memcpy_dtod_async(o, b, n * (long long)sizeof(float), nullptr);
            return st != JACE_SUCCESS ? st : axpy(b, o);
        };
    };
    check("jace_axpy with x = y", axpy_twin([&](float *b, float *o) { return jace_axpy(-0.75f, b, o, n, nullptr); }),
          [&](float *, float *b) { return jace_axpy(-0.75f, b, b, n, nullptr); });
    check("jace_axpy_dev with x = y",
          axpy_twin([&](float *b, float *o) { return jace_axpy_dev(ALPHA.p, b, o, n, nullptr); }),
          [&](float *, float *b) { return jace_axpy_dev(ALPHA.p, b, b, n, nullptr); });
    check("jace_axpy_sign with x = y",
          axpy_twin([&](float *b, float *o) { return jace_axpy_sign(-0.75f, b, o, n, nullptr); }),
          [&](float *, float *b) { return jace_axpy_sign(-0.75f, b, b, n, nullptr); });
}

static void argument_checks() {
    Dev buf(8);
    float *p = buf.p;
    const double *d = (const double *)(void *)buf.p;
    EXPECT_INVALID("jace_fill", jace_fill(nullptr, 4, 0.f, nullptr));
    EXPECT_INVALID("jace_fill", jace_fill(p, 0, 0.f, nullptr));
    EXPECT_INVALID("jace_add", jace_add(nullptr, p, p, 4, nullptr));
    EXPECT_INVALID("jace_add", jace_add(p, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_add", jace_add(p, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_add", jace_add(p, p, p, -1, nullptr));
    EXPECT_INVALID("jace_mul", jace_mul(nullptr, p, p, 4, nullptr));
    EXPECT_INVALID("jace_mul", jace_mul(p, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_mul", jace_mul(p, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_mul", jace_mul(p, p, p, 0, nullptr));
    EXPECT_INVALID("jace_scale", jace_scale(nullptr, 1.f, p, 4, nullptr));
    EXPECT_INVALID("jace_scale", jace_scale(p, 1.f, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_scale", jace_scale(p, 1.f, p, 0, nullptr));
    EXPECT_INVALID("jace_scale_by", jace_scale_by(nullptr, p, p, 4, nullptr));
    EXPECT_INVALID("jace_scale_by", jace_scale_by(p, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_scale_by", jace_scale_by(p, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_scale_by", jace_scale_by(p, p, p, -4, nullptr));
    EXPECT_INVALID("jace_axpy", jace_axpy(1.f, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_axpy", jace_axpy(1.f, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_axpy", jace_axpy(1.f, p, p, 0, nullptr));
    EXPECT_INVALID("jace_axpy_dev", jace_axpy_dev(nullptr, p, p, 4, nullptr));
    EXPECT_INVALID("jace_axpy_dev", jace_axpy_dev(d, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_axpy_dev", jace_axpy_dev(d, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_axpy_dev", jace_axpy_dev(d, p, p, 0, nullptr));
    EXPECT_INVALID("jace_axpy_sign", jace_axpy_sign(1.f, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_axpy_sign", jace_axpy_sign(1.f, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_axpy_sign", jace_axpy_sign(1.f, p, p, -1, nullptr));
    EXPECT_INVALID("jace_axpy_sign_dev", jace_axpy_sign_dev(nullptr, p, p, 4, nullptr));
    EXPECT_INVALID("jace_axpy_sign_dev", jace_axpy_sign_dev(d, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_axpy_sign_dev", jace_axpy_sign_dev(d, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_axpy_sign_dev", jace_axpy_sign_dev(d, p, p, 0, nullptr));
    EXPECT_INVALID("jace_add_channel_bias", jace_add_channel_bias(nullptr, p, p, 1, 1, 1, nullptr));
    EXPECT_INVALID("jace_add_channel_bias", jace_add_channel_bias(p, nullptr, p, 1, 1, 1, nullptr));
    EXPECT_INVALID("jace_add_channel_bias", jace_add_channel_bias(p, p, nullptr, 1, 1, 1, nullptr));
    EXPECT_INVALID("jace_add_channel_bias", jace_add_channel_bias(p, p, p, 0, 1, 1, nullptr));
    EXPECT_INVALID("jace_add_channel_bias", jace_add_channel_bias(p, p, p, 1, -1, 1, nullptr));
    EXPECT_INVALID("jace_add_channel_bias", jace_add_channel_bias(p, p, p, 1, 1, 0, nullptr));
    EXPECT_INVALID("jace_relu", jace_relu(nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_relu", jace_relu(p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_relu", jace_relu(p, p, 0, nullptr));
    EXPECT_INVALID("jace_relu_backward", jace_relu_backward(nullptr, p, p, 4, nullptr));
    EXPECT_INVALID("jace_relu_backward", jace_relu_backward(p, nullptr, p, 4, nullptr));
    EXPECT_INVALID("jace_relu_backward", jace_relu_backward(p, p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_relu_backward", jace_relu_backward(p, p, p, -2, nullptr));
}

int main() {
    for (long long n : kSizes) {
        for (const int *off : kOffsets) {
            binary_case("jace_add", n, off, [](const float *a, const float *b, float *o, long long len) {
                return jace_add(a, b, o, len, nullptr);
            }, [](double a, double b) { return a + b; });
            binary_case("jace_mul", n, off, [](const float *a, const float *b, float *o, long long len) {
                return jace_mul(a, b, o, len, nullptr);
            }, [](double a, double b) { return a * b; });
            binary_case("jace_relu_backward", n, off, [](const float *x, const float *dy, float *o, long long len) {
                return jace_relu_backward(x, dy, o, len, nullptr);
            }, [](double x, double dy) { return x > 0 ? dy : 0.0; });
            if (off[1] != 0) continue; /* unary ops: input and output offsets only */
            unary_case("jace_scale", n, off, [](const float *a, float *o, long long len) {
                return jace_scale(a, 1.7f, o, len, nullptr);
            }, [](double a) { return (double)1.7f * a; });
            unary_case("jace_relu", n, off, [](const float *a, float *o, long long len) {
                return jace_relu(a, o, len, nullptr);
            }, [](double a) { return a > 0 ? a : 0.0; });
        }
        for (int off : {0, 1}) {
            fill_case(n, off);
            scale_by_case(n, off);
            axpy_case(n, off, 0);
            if (off) axpy_case(n, 0, off);
        }
    }
    channel_bias_case(1, 1, 1, 0);
    channel_bias_case(2, 3, 5, 1);
    channel_bias_case(3, 7, 300, 0); /* 6300 elements over 25 blocks */
    channel_bias_case(4, 300, 1, 1);
    channel_bias_case(5, 6, 8, 0);  /* float4 path, channels wrapping within a sample */
    channel_bias_case(5, 6, 8, 1);  /* inner a multiple of 4, pointers not aligned: scalar path */
    channel_bias_case(4, 5, 6, 0);  /* aligned, inner not a multiple of 4: scalar path */
    channel_bias_form_case<4, true>(5, 6, 12);
    channel_bias_form_case<4, false>(5, 6, 12);
    channel_bias_form_case<1, true>(5, 6, 7);
    channel_bias_form_case<1, false>(5, 6, 7);
    specials_case(0);
    specials_case(1);
    alias_case(0);
    alias_case(1);
    argument_checks();
    return finish("test_elementwise");
}
