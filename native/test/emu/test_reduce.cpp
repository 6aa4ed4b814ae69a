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

int main() {
    for (long long n : {1LL, 3LL, 4LL, 1023LL, 1024LL, 5000LL}) {
        sum_case(n, false);
        sum_case(n, true);
    }
    sum_axis_case(2, 4096, 3);  /* block per output */
    sum_axis_case(3, 17, 40);   /* thread per output */
    sum_axis_case(5, 70, 7);    /* warp per output */
    sum_axis_case(1, 1, 1);
    channel_sum_case(3, 5, 49);
    channel_sum_case(1, 1, 1);
    channel_sum_case(2, 3, 700);

    EXPECT(jace_sum(nullptr, 4, 1.0f, nullptr, nullptr) == JACE_ERROR_INVALID_ARGUMENT, "NULL x accepted");
    return finish("test_reduce");
}
