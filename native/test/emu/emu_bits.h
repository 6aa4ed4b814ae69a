/*
 * emu_bits.h — bit-level helpers for the emulator tests, on top of emu_check.h: buffers at an offset with poisoned
 * guards, exact comparisons of float bit patterns, and the argument-check expectation; DEVICE double buffers and
 * exact comparisons of doubles, for the values jace promises bit for bit in double (dual update, scalar sums).
 */
#ifndef JACE_EMU_BITS_H
#define JACE_EMU_BITS_H

#include <cstdint>
#include <string>

#include "emu_check.h"

namespace emu_check {

/* n floats at float offset `off` of an allocation with one float before (used when off = 1) and one after: off = 1
 * makes the pointer 4 bytes past a 16-byte boundary (a misaligned, scalar launch path). The floats outside the span
 * keep the emulator's poison unless a kernel writes out of bounds. */
struct Span {
    Dev d;
    int off;
    std::size_t n;
    Span(std::size_t count, int offset) : d(count + 2), off(offset), n(count) {}
    Span(const Vec &v, int offset) : Span(v.size(), offset) { set(v); }
    float *p() const { return d.p + off; }
    void set(const Vec &v) {
        std::vector<float> f(v.begin(), v.end());
        to_device(p(), f.data(), f.size() * sizeof(float));
    }
    std::vector<float> raw() const {
        std::vector<float> f(n);
        to_host(f.data(), p(), n * sizeof(float));
        return f;
    }
    Vec get() const {
        std::vector<float> f = raw();
        return Vec(f.begin(), f.end());
    }
    /* True when nothing was written outside [off, off + n). */
    bool guards_intact() const {
        std::vector<uint32_t> all(n + 2);
        to_host(all.data(), d.p, all.size() * sizeof(uint32_t));
        for (std::size_t i = 0; i < all.size(); ++i)
            if ((i < (std::size_t)off || i >= off + n) && all[i] != 0xFFFFFFFFu) return false;
        return true;
    }
};

/* A double buffer in emulated device memory (NaN-poisoned when fresh, as Dev). */
typedef DeviceArray<double> DevDoubles;

/* One double in device memory (the scalar of the *_dev entry points). */
struct DevDouble {
    DevDoubles d;
    explicit DevDouble(double v) : d(Vec{v}) {}
    const double *p() const { return d.p; }
};

/* A double 2^-10 ulp above the midpoint between float f and the next one up: rounding to nearest gives that next
 * float; truncation, or any perturbation of the value, gives f. The *_dev tests read their scalars from these. */
inline double above_midpoint(float f) {
    return (double)f + (0.5 + 0x1p-10) * ((double)std::nextafter(f, INFINITY) - (double)f);
}

inline uint32_t bits_of(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

inline uint64_t bits_of(double x) {
    uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
}

/* Index of the first element whose bits differ (any NaN matches any NaN; +-0 differ), or -1. */
template <typename T>
long long first_bit_difference(const std::vector<T> &got, const std::vector<T> &want) {
    if (got.size() != want.size()) return 0;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (!(std::isnan(got[i]) && std::isnan(want[i])) && bits_of(got[i]) != bits_of(want[i])) return (long long)i;
    return -1;
}

/* Each reference value rounded to float once. */
inline std::vector<float> to_float(const Vec &v) { return std::vector<float>(v.begin(), v.end()); }

/* got (floats) has exactly the bits of want (floats). */
#define EXPECT_BITS(what, got, want)                                                                        \
    do {                                                                                                    \
        const std::vector<float> g_ = (got), w_ = (want);                                                   \
        const long long i_ = ::emu_check::first_bit_difference(g_, w_);                                     \
        EXPECT(i_ < 0, "%s: element %lld is %.9g, expected %.9g", (what), i_,                               \
               i_ < (long long)g_.size() ? (double)g_[(std::size_t)i_] : NAN,                               \
               i_ < (long long)w_.size() ? (double)w_[(std::size_t)i_] : NAN);                              \
    } while (0)

/* The call fails with JACE_ERROR_INVALID_ARGUMENT and a message starting "fn:". */
#define EXPECT_INVALID(fn, call)                                                                            \
    do {                                                                                                    \
        const jace_status st_ = (call);                                                                     \
        EXPECT(st_ == JACE_ERROR_INVALID_ARGUMENT && ::emu_check::error_says(fn, ""),                       \
               "%s returned %d, message \"%s\"", #call, (int)st_, jace_last_error());                      \
    } while (0)

/* EXPECT_INVALID, and the message contains `part`. */
#define EXPECT_REFUSED(fn, part, call)                                                                  \
    do {                                                                                                \
        const jace_status st_ = (call);                                                                 \
        const char *e_ = jace_last_error();                                                             \
        EXPECT(st_ == JACE_ERROR_INVALID_ARGUMENT && ::emu_check::error_says(fn, part),                 \
               "%s returned %d, message \"%s\" (want \"%s: ..%s\")", #call, (int)st_, e_, fn, part);    \
    } while (0)

/* jace_last_error() starts with "fn:" and contains `part`. */
inline bool error_says(const char *fn, const char *part) {
    const char *e = jace_last_error();
    const std::size_t l = std::strlen(fn);
    return std::strncmp(e, fn, l) == 0 && e[l] == ':' && std::strstr(e, part) != nullptr;
}

/* got has exactly the bits of want (doubles, or floats widened). */
#define EXPECT_BITWISE(what, got, want)                                                                 \
    do {                                                                                                \
        const ::emu_check::Vec g_ = (got), w_ = (want);                                                 \
        const long long i_ = ::emu_check::first_bit_difference(g_, w_);                              \
        EXPECT(i_ < 0, "%s: element %lld is %a, expected %a", std::string(what).c_str(), i_,            \
               i_ < (long long)g_.size() ? g_[(std::size_t)i_] : NAN,                                   \
               i_ < (long long)w_.size() ? w_[(std::size_t)i_] : NAN);                                  \
    } while (0)

}  // namespace emu_check

#endif
