/* Emulator test of the float <-> bfloat16 conversions (cuda/bf16_convert.cuh via native/src/bf16_convert.cu): the
 * 4-wide and the one-element path (all pointers aligned, or one of them an element off), sizes with and without a
 * tail, over several blocks; rounding to nearest even against a reference that picks the nearer of a float's two
 * bfloat16 neighbours in float64 (ties to the even one, past the largest finite value to infinity); every bfloat16
 * back to float exactly; nothing written outside the output; and the argument checks. */
#include <cstdint>

#include "emu_bits.h"

using namespace emu_check;

/* 3078 = 4 * 769 + 2: the 4-wide path runs 769 items over 4 blocks of 256 and a tail of 2; 1 and 3 have no 4-wide
 * item at all. */
static const long long kSizes[] = {1, 3, 4, 5, 1023, 3078};

/* Element offsets of the input and the output: both aligned, or one an element off (the one-element path). */
static const int kOffsets[3][2] = {{0, 0}, {1, 0}, {0, 1}};

/* n bfloat16 at element offset `off` of an allocation with 4 guard elements either side, which keep the emulator's
 * poison (all bits set) unless a kernel writes out of bounds. */
struct Bf16Span {
    DeviceArray<std::uint16_t> d;
    int off;
    std::size_t n;
    Bf16Span(std::size_t count, int offset) : d(count + 8), off(offset), n(count) {}
    unsigned short *p() const { return d.p + 4 + off; }
    void set(const std::vector<std::uint16_t> &bits) { to_device(p(), bits.data(), bits.size() * 2); }
    std::vector<std::uint16_t> raw() const {
        std::vector<std::uint16_t> b(n);
        to_host(b.data(), p(), n * 2);
        return b;
    }
    bool guards_intact() const {
        std::vector<std::uint16_t> all(n + 8);
        to_host(all.data(), d.p, all.size() * 2);
        for (std::size_t i = 0; i < all.size(); ++i)
            if ((i < 4 + (std::size_t)off || i >= 4 + off + n) && all[i] != 0xFFFFu) return false;
        return true;
    }
};

static float float_of_bits(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

static double bf16_value(std::uint16_t b) { return (double)float_of_bits((std::uint32_t)b << 16); }

/* x rounded to bfloat16 by the definition: the nearer of the bfloat16 toward zero (x's upper 16 bits) and the next
 * one away from zero, measured in float64, the even one on a tie; the step past the largest finite bfloat16 is taken
 * as finite (2^128) so that what rounds up there becomes infinity. NaN: any NaN (the caller checks). */
static std::uint16_t reference_bf16(float x) {
    const std::uint32_t u = bits_of(x);
    const std::uint16_t toward_zero = (std::uint16_t)(u >> 16);
    if ((u & 0x7fffffffu) >= 0x7f800000u || (u & 0xffffu) == 0) return toward_zero; /* NaN, infinity, exact */
    const int exponent = (toward_zero >> 7) & 0xff;
    const double ulp = std::ldexp(1.0, (exponent == 0 ? 1 : exponent) - 127 - 7);
    const double low = std::fabs(bf16_value(toward_zero)), high = low + ulp, ax = std::fabs((double)x);
    const double below = ax - low, above = high - ax;
    const bool up = above < below || (above == below && (toward_zero & 1) != 0);
    return up ? (std::uint16_t)(toward_zero + 1) : toward_zero;
}

/* Random floats over every exponent (random bits, NaN excluded), then the special values and ties. */
static std::vector<float> inputs(std::size_t n) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t u;
        do {
            u = (std::uint32_t)rng()();
        } while ((u & 0x7fffffffu) > 0x7f800000u);
        x[i] = float_of_bits(u);
    }
    const float specials[] = {
        0.f, -0.f, INFINITY, -INFINITY, 1e-45f, -1e-45f, 1.f,
        float_of_bits(0x3f808000u), /* 1 + 2^-8: a tie, to 1 (even) */
        float_of_bits(0x3f818000u), /* 1 + 3 * 2^-8: a tie, up to 1 + 2^-6 (even) */
        float_of_bits(0x3f808001u), /* just past the tie: up */
        float_of_bits(0x3f807fffu), /* just short of it: down */
        float_of_bits(0x7f7f7fffu), /* just short of halfway past the largest finite bfloat16: stays finite */
        float_of_bits(0x7f7f8000u), /* halfway: to infinity */
        float_of_bits(0xff7fffffu), /* -FLT_MAX: to -infinity */
        float_of_bits(0x00008000u), /* a subnormal tie: to 0 (even) */
        float_of_bits(0x00018000u), /* a subnormal tie: up (even) */
        float_of_bits(0x007fffffu), /* the largest subnormal: up to the smallest normal */
    };
    for (std::size_t i = 0; i < sizeof specials / sizeof specials[0] && i < n; ++i) x[i] = specials[i];
    return x;
}

static char what_buf[160];
static const char *what(const char *fn, long long n, int off_in, int off_out) {
    std::snprintf(what_buf, sizeof what_buf, "%s n=%lld offsets %d-%d", fn, n, off_in, off_out);
    return what_buf;
}

static void to_bf16_case(long long n, int off_x, int off_out) {
    const std::vector<float> x = inputs((std::size_t)n);
    Span X(Vec(x.begin(), x.end()), off_x);
    Bf16Span out((std::size_t)n, off_out);
    EXPECT_OK(jace_to_bf16(X.p(), out.p(), n, nullptr));
    const std::vector<std::uint16_t> got = out.raw();
    long long wrong = -1;
    for (std::size_t i = 0; i < got.size() && wrong < 0; ++i) {
        const bool nan_ok = (got[i] & 0x7fffu) > 0x7f80u && std::isnan(x[i]);
        if (!nan_ok && got[i] != reference_bf16(x[i])) wrong = (long long)i;
    }
    EXPECT(wrong < 0, "%s: element %lld (%a) became 0x%04x, expected 0x%04x", what("jace_to_bf16", n, off_x, off_out),
           wrong, wrong < 0 ? 0.0 : (double)x[(std::size_t)wrong], wrong < 0 ? 0u : (unsigned)got[(std::size_t)wrong],
           wrong < 0 ? 0u : (unsigned)reference_bf16(x[(std::size_t)wrong]));
    EXPECT(out.guards_intact(), "%s wrote out of bounds", what("jace_to_bf16", n, off_x, off_out));
}

static void from_bf16_case(long long n, int off_x, int off_out) {
    std::vector<std::uint16_t> bits((std::size_t)n);
    for (auto &b : bits) b = (std::uint16_t)rng()();
    Bf16Span X((std::size_t)n, off_x);
    X.set(bits);
    Span out((std::size_t)n, off_out);
    EXPECT_OK(jace_from_bf16(X.p(), out.p(), n, nullptr));
    std::vector<float> want((std::size_t)n);
    for (std::size_t i = 0; i < want.size(); ++i) want[i] = float_of_bits((std::uint32_t)bits[i] << 16);
    EXPECT_BITS(what("jace_from_bf16", n, off_x, off_out), out.raw(), want);
    EXPECT(out.guards_intact(), "%s wrote out of bounds", what("jace_from_bf16", n, off_x, off_out));
}

/* Every one of the 65536 bfloat16 back to float, exactly (NaN payloads and signs included), and to bfloat16 again
 * unchanged but for NaN, which stays a NaN of the same sign. */
static void every_bf16_round_trip() {
    const long long n = 65536;
    std::vector<std::uint16_t> bits((std::size_t)n);
    for (long long i = 0; i < n; ++i) bits[(std::size_t)i] = (std::uint16_t)i;
    Bf16Span X((std::size_t)n, 0), back((std::size_t)n, 0);
    X.set(bits);
    Span floats((std::size_t)n, 0);
    EXPECT_OK(jace_from_bf16(X.p(), floats.p(), n, nullptr));
    EXPECT_OK(jace_to_bf16(floats.p(), back.p(), n, nullptr));
    const std::vector<float> f = floats.raw();
    const std::vector<std::uint16_t> b = back.raw();
    long long wrong = -1;
    for (std::size_t i = 0; i < bits.size() && wrong < 0; ++i) {
        const bool nan = (bits[i] & 0x7fffu) > 0x7f80u;
        const bool same = nan ? (b[i] & 0x7fffu) > 0x7f80u && (b[i] & 0x8000u) == (bits[i] & 0x8000u)
                              : b[i] == bits[i];
        if (bits_of(f[i]) != (std::uint32_t)bits[i] << 16 || !same) wrong = (long long)i;
    }
    EXPECT(wrong < 0, "bfloat16 0x%04llx: float %a, back 0x%04x", wrong,
           wrong < 0 ? 0.0 : (double)f[(std::size_t)wrong], wrong < 0 ? 0u : (unsigned)b[(std::size_t)wrong]);
}

static void argument_checks() {
    Dev f(16);
    DeviceArray<std::uint16_t> h(16);
    EXPECT_INVALID("jace_to_bf16", jace_to_bf16(nullptr, h.p, 4, nullptr));
    EXPECT_INVALID("jace_to_bf16", jace_to_bf16(f.p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_to_bf16", jace_to_bf16(f.p, h.p, 0, nullptr));
    EXPECT_INVALID("jace_from_bf16", jace_from_bf16(nullptr, f.p, 4, nullptr));
    EXPECT_INVALID("jace_from_bf16", jace_from_bf16(h.p, nullptr, 4, nullptr));
    EXPECT_INVALID("jace_from_bf16", jace_from_bf16(h.p, f.p, -1, nullptr));
    unsigned short *odd = (unsigned short *)((char *)h.p + 1);
    EXPECT_REFUSED("jace_to_bf16", "is not 2-byte aligned; bfloat16 buffers need 2-byte alignment",
                   jace_to_bf16(f.p, odd, 4, nullptr));
    EXPECT_REFUSED("jace_from_bf16", "is not 2-byte aligned; bfloat16 buffers need 2-byte alignment",
                   jace_from_bf16(odd, f.p, 4, nullptr));
    /* 8 floats at f and 8 bfloat16 at f + 4 floats (16 bytes on): the output shares the floats' upper half. */
    unsigned short *inside = (unsigned short *)(f.p + 4);
    EXPECT_REFUSED("jace_to_bf16", "out (16 bytes at", jace_to_bf16(f.p, inside, 8, nullptr));
    EXPECT_REFUSED("jace_from_bf16", "out (32 bytes at", jace_from_bf16(inside, f.p, 8, nullptr));
}

int main() {
    for (long long n : kSizes) {
        for (const int *off : kOffsets) {
            to_bf16_case(n, off[0], off[1]);
            from_bf16_case(n, off[0], off[1]);
        }
    }
    every_bf16_round_trip();
    argument_checks();
    return finish("test_bf16_convert");
}
