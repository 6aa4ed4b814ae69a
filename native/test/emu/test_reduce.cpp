/* Emulator test of the deterministic reductions (cuda/reduce.cuh via jace_sum, jace_sum_axis, jace_channel_sum):
 * every launch path (one block; block, thread and warp per output), against float64 sums. */
#include "emu_check.h"

using namespace emu_check;

static void sum_case(long long n, bool misaligned) {
    Vec x = random((std::size_t)n + 1);
    Dev X(x), out(1);
    const float scale = 0.5f;
    EXPECT_OK(jace_sum(X.p + (misaligned ? 1 : 0), n, scale, out.p, nullptr));
    double ref = 0, abs_ref = 0;
    for (long long i = 0; i < n; ++i) {
        ref += x[(std::size_t)(i + (misaligned ? 1 : 0))];
        abs_ref += std::fabs(x[(std::size_t)(i + (misaligned ? 1 : 0))]);
    }
    char what[96];
    std::snprintf(what, sizeof what, "jace_sum n=%lld%s", n, misaligned ? " misaligned" : "");
    EXPECT_NEAR_VEC(what, out.get(), Vec{ref * scale}, 1e-6, Vec{abs_ref * scale});
}

static void sum_axis_case(int outer, int axis_len, int inner) {
    Vec x = random((std::size_t)outer * axis_len * inner);
    Dev X(x), out((std::size_t)outer * inner);
    EXPECT_OK(jace_sum_axis(X.p, outer, axis_len, inner, 2.0f, out.p, nullptr));
    Vec ref((std::size_t)outer * inner), scale(ref.size());
    for (int o = 0; o < outer; ++o)
        for (int a = 0; a < axis_len; ++a)
            for (int i = 0; i < inner; ++i) {
                const double v = x[((std::size_t)o * axis_len + a) * inner + i];
                ref[(std::size_t)o * inner + i] += 2 * v;
                scale[(std::size_t)o * inner + i] += 2 * std::fabs(v);
            }
    char what[96];
    std::snprintf(what, sizeof what, "jace_sum_axis %dx%dx%d", outer, axis_len, inner);
    EXPECT_NEAR_VEC(what, out.get(), ref, 1e-6, scale);
}

static void channel_sum_case(int outer, int channels, int inner) {
    Vec x = random((std::size_t)outer * channels * inner);
    Dev X(x), out((std::size_t)channels);
    EXPECT_OK(jace_channel_sum(X.p, outer, channels, inner, out.p, nullptr));
    Vec ref((std::size_t)channels), scale(ref.size());
    for (int o = 0; o < outer; ++o)
        for (int c = 0; c < channels; ++c)
            for (int i = 0; i < inner; ++i) {
                const double v = x[((std::size_t)o * channels + c) * inner + i];
                ref[(std::size_t)c] += v;
                scale[(std::size_t)c] += std::fabs(v);
            }
    char what[96];
    std::snprintf(what, sizeof what, "jace_channel_sum %dx%dx%d", outer, channels, inner);
    EXPECT_NEAR_VEC(what, out.get(), ref, 1e-6, scale);
}

/* Every path accumulates in double: each thread (lane, block thread) first adds a 1 (a float4 of 1s on jace_sum's
 * vector path), then about 100 terms of 2^-25 (ones_then_tiny, j in the summed order). */
static void double_accumulation_cases() {
    for (bool misaligned : {false, true}) { /* vector path: 1024 threads x 100 float4s; scalar path: 400 each */
        const long long n = 1024LL * 4 * 100;
        Vec x = ones_then_tiny((std::size_t)n + 1, misaligned ? 1025 : 4096);
        if (misaligned) x[0] = 0;
        Dev X(x), out(1);
        EXPECT_OK(jace_sum(X.p + (misaligned ? 1 : 0), n, 1.0f, out.p, nullptr));
        double ref = 0;
        for (long long i = 0; i < n; ++i) ref += x[(std::size_t)(i + (misaligned ? 1 : 0))];
        EXPECT_NEAR_VEC(misaligned ? "jace_sum in double (scalar path)" : "jace_sum in double (float4 path)",
                        out.get(), Vec{ref}, 1e-6);
    }
    /* jace_sum_axis [1, axis_len, inner], the ones first along the axis: thread (inner 32), warp (32 lanes, inner 2)
     * and block (256 threads, axis >= 4096) per output. */
    const int paths[][3] = {{100, 32, 1}, {3200, 2, 32}, {25600, 2, 256}};
    for (const auto &path : paths) {
        const int axis_len = path[0], inner = path[1], ones = path[2];
        Vec x((std::size_t)axis_len * inner);
        const Vec along = ones_then_tiny((std::size_t)axis_len, (std::size_t)ones);
        for (int a = 0; a < axis_len; ++a)
            for (int i = 0; i < inner; ++i) x[(std::size_t)a * inner + i] = along[(std::size_t)a];
        Dev X(x), out((std::size_t)inner);
        EXPECT_OK(jace_sum_axis(X.p, 1, axis_len, inner, 1.0f, out.p, nullptr));
        double ref = 0;
        for (double v : along) ref += v;
        char what[96];
        std::snprintf(what, sizeof what, "jace_sum_axis 1x%dx%d in double", axis_len, inner);
        EXPECT_NEAR_VEC(what, out.get(), Vec((std::size_t)inner, ref), 1e-6);
    }
    /* jace_channel_sum [1, 2, 51200]: 512 threads per channel, 100 terms each. */
    const int inner = 512 * 100;
    const Vec row = ones_then_tiny((std::size_t)inner, 512);
    Vec x = row;
    x.insert(x.end(), row.begin(), row.end());
    Dev X(x), out(2);
    EXPECT_OK(jace_channel_sum(X.p, 1, 2, inner, out.p, nullptr));
    double ref = 0;
    for (double v : row) ref += v;
    EXPECT_NEAR_VEC("jace_channel_sum in double", out.get(), Vec(2, ref), 1e-6);
}

int main() {
    for (long long n : {1LL, 3LL, 4LL, 1023LL, 1024LL, 5000LL, 40003LL}) { /* 40003: whole batches of 8 a thread */
        sum_case(n, false);
        sum_case(n, true);
    }
    sum_axis_case(2, 4096, 3);  /* block per output */
    sum_axis_case(3, 17, 40);   /* thread per output */
    sum_axis_case(30, 5, 37);   /* thread per output, rows of outputs across blocks */
    sum_axis_case(2, 3, 300);   /* thread per output, a row of outputs over two blocks */
    sum_axis_case(5, 70, 7);    /* warp per output */
    sum_axis_case(2, 600, 3);   /* warp per output, 18 or 19 values a lane: batches of 8 and a short one */
    sum_axis_case(1, 1, 1);
    channel_sum_case(3, 5, 49);
    channel_sum_case(1, 1, 1);
    channel_sum_case(2, 3, 700);
    double_accumulation_cases();

    EXPECT(jace_sum(nullptr, 4, 1.0f, nullptr, nullptr) == JACE_ERROR_INVALID_ARGUMENT, "NULL x accepted");
    return finish("test_reduce");
}
