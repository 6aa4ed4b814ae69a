/* Emulator test of 2-D pooling (cuda/pool2d.cuh via jace_max_pool2d, jace_avg_pool2d and their backward passes):
 * odd and non-square planes, overlapping windows (stride < window), gaps (stride > window), uncovered trailing
 * rows, the global window, ties (first maximum in row-major window order wins, as CpuPool2d), signed zeros and
 * NaN (a window's first NaN wins), against float64 references; then the argument checks. */
#include "emu_check.h"

#include <string>

using namespace emu_check;

struct Geom {
    int planes, h, w, window, stride, oh, ow;
};

static Geom geom(int planes, int h, int w, int window, int stride) {
    return Geom{planes, h, w, window, stride, (h - window) / stride + 1, (w - window) / stride + 1};
}

/* Index of the first maximum of window (oy, ox) of plane p in row-major window order (CpuPool2d.argmax):
 * a later value wins only when strictly greater, and a window holding a NaN gives its first NaN. */
static std::size_t argmax(const Vec &x, const Geom &g, int p, int oy, int ox) {
    std::size_t best = ((std::size_t)p * g.h + (std::size_t)oy * g.stride) * g.w + (std::size_t)ox * g.stride;
    for (int r = 0; r < g.window; ++r)
        for (int c = 0; c < g.window; ++c) {
            const std::size_t i = ((std::size_t)p * g.h + oy * g.stride + r) * g.w + ox * g.stride + c;
            if (x[i] > x[best] || (std::isnan(x[i]) && !std::isnan(x[best]))) best = i;
        }
    return best;
}

static std::string name(const char *fn, const Geom &g, const char *note) {
    char s[128];
    std::snprintf(s, sizeof s, "%s planes=%d %dx%d window=%d stride=%d%s", fn, g.planes, g.h, g.w, g.window,
                  g.stride, note);
    return s;
}

/* Bitwise equality: max pooling copies values, and the sign of a zero maximum must be the first one's. */
static bool same_bits(const Vec &a, const Vec &b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const float fa = (float)a[i], fb = (float)b[i];
        if (std::isnan(fa) && std::isnan(fb)) continue;
        if (std::memcmp(&fa, &fb, sizeof fa) != 0) return false;
    }
    return true;
}

static void max_case(const Geom &g, const Vec &x, const char *note) {
    const std::size_t nin = (std::size_t)g.planes * g.h * g.w, nout = (std::size_t)g.planes * g.oh * g.ow;
    Vec dy = random(nout);
    dy[0] = -0.0; /* a gradient sum starting from +0: +0 at its maximum, as CpuPool2d gives */
    Dev X(x), out(nout), DY(dy), dx(nin);
    EXPECT_OK(jace_max_pool2d(X.p, out.p, g.planes, g.h, g.w, g.window, g.stride, nullptr));
    EXPECT_OK(jace_max_pool2d_backward(X.p, DY.p, dx.p, g.planes, g.h, g.w, g.window, g.stride, nullptr));
    Vec ref(nout), dref(nin, 0.0), dscale(nin, 0.0);
    for (int p = 0; p < g.planes; ++p)
        for (int oy = 0; oy < g.oh; ++oy)
            for (int ox = 0; ox < g.ow; ++ox) {
                const std::size_t o = ((std::size_t)p * g.oh + oy) * g.ow + ox, a = argmax(x, g, p, oy, ox);
                ref[o] = x[a];
                dref[a] += dy[o];
                dscale[a] += std::fabs(dy[o]);
            }
    EXPECT(same_bits(out.get(), ref), "%s: output differs from the first maxima", name("jace_max_pool2d", g, note).c_str());
    /* dx sums at most ceil(window/stride)^2 float gradients per element: a few roundings of the |dy| sum. */
    EXPECT_NEAR_VEC(name("jace_max_pool2d_backward", g, note).c_str(), dx.get(), dref, 1e-6, dscale);
    if (g.stride >= g.window) { /* one window at most over each input: dx is 0 + its dy, exactly */
        EXPECT(same_bits(dx.get(), dref), "%s: dx differs from 0 + dy at the first maxima",
               name("jace_max_pool2d_backward", g, note).c_str());
    }
}

static void avg_case(const Geom &g) {
    const std::size_t nin = (std::size_t)g.planes * g.h * g.w, nout = (std::size_t)g.planes * g.oh * g.ow;
    const Vec x = random(nin), dy = random(nout);
    Dev X(x), out(nout), DY(dy), dx(nin);
    EXPECT_OK(jace_avg_pool2d(X.p, out.p, g.planes, g.h, g.w, g.window, g.stride, nullptr));
    EXPECT_OK(jace_avg_pool2d_backward(DY.p, dx.p, g.planes, g.h, g.w, g.window, g.stride, nullptr));
    const double area = (double)g.window * g.window;
    Vec ref(nout, 0.0), scale(nout, 0.0), dref(nin, 0.0), dscale(nin, 0.0);
    for (int p = 0; p < g.planes; ++p)
        for (int oy = 0; oy < g.oh; ++oy)
            for (int ox = 0; ox < g.ow; ++ox) {
                const std::size_t o = ((std::size_t)p * g.oh + oy) * g.ow + ox;
                for (int r = 0; r < g.window; ++r)
                    for (int c = 0; c < g.window; ++c) {
                        const std::size_t i = ((std::size_t)p * g.h + oy * g.stride + r) * g.w + ox * g.stride + c;
                        ref[o] += x[i] / area;
                        scale[o] += std::fabs(x[i]) / area;
                        dref[i] += dy[o] / area;
                        dscale[i] += std::fabs(dy[o]) / area;
                    }
            }
    /* Float sums of window^2 (forward) or ceil(window/stride)^2 (backward) terms: the error is bounded by
     * terms * 2^-24 of the absolute sum; 2e-6 covers the 5x5 window (25 terms, 1.5e-6). */
    EXPECT_NEAR_VEC(name("jace_avg_pool2d", g, "").c_str(), out.get(), ref, 2e-6, scale);
    EXPECT_NEAR_VEC(name("jace_avg_pool2d_backward", g, "").c_str(), dx.get(), dref, 2e-6, dscale);
}

/* Small integers: most windows hold ties, so the tie rule decides both the forward value's origin and dx. */
static Vec ties(std::size_t n) {
    Vec v = random(n, 0, 3);
    for (auto &e : v) e = std::floor(e);
    return v;
}

static void expect_invalid(jace_status st, const char *fn, const char *what) {
    EXPECT(st == JACE_ERROR_INVALID_ARGUMENT && std::strstr(jace_last_error(), fn) != nullptr,
           "%s: %s gave status %d, message \"%s\"", fn, what, (int)st, jace_last_error());
}

static void argument_checks() {
    Dev a(64), b(64), c(64);
    const char *mp = "jace_max_pool2d", *mb = "jace_max_pool2d_backward";
    const char *ap = "jace_avg_pool2d", *ab = "jace_avg_pool2d_backward";
    expect_invalid(jace_max_pool2d(nullptr, b.p, 1, 4, 4, 2, 2, nullptr), mp, "NULL x");
    expect_invalid(jace_max_pool2d(a.p, nullptr, 1, 4, 4, 2, 2, nullptr), mp, "NULL out");
    expect_invalid(jace_max_pool2d_backward(nullptr, b.p, c.p, 1, 4, 4, 2, 2, nullptr), mb, "NULL x");
    expect_invalid(jace_max_pool2d_backward(a.p, nullptr, c.p, 1, 4, 4, 2, 2, nullptr), mb, "NULL dy");
    expect_invalid(jace_max_pool2d_backward(a.p, b.p, nullptr, 1, 4, 4, 2, 2, nullptr), mb, "NULL dx");
    expect_invalid(jace_avg_pool2d(nullptr, b.p, 1, 4, 4, 2, 2, nullptr), ap, "NULL x");
    expect_invalid(jace_avg_pool2d(a.p, nullptr, 1, 4, 4, 2, 2, nullptr), ap, "NULL out");
    expect_invalid(jace_avg_pool2d_backward(nullptr, c.p, 1, 4, 4, 2, 2, nullptr), ab, "NULL dy");
    expect_invalid(jace_avg_pool2d_backward(b.p, nullptr, 1, 4, 4, 2, 2, nullptr), ab, "NULL dx");
    /* Each geometry argument non-positive in turn, then a window larger than h or w. */
    const int bad[][5] = {{0, 4, 4, 2, 2}, {1, 0, 4, 2, 2}, {1, 4, 0, 2, 2}, {1, 4, 4, 0, 2}, {1, 4, 4, 2, 0},
                          {-1, 4, 4, 2, 2}, {1, 4, 4, 2, -3}, {1, 3, 5, 4, 1}, {1, 5, 3, 4, 1}};
    for (const auto &s : bad) {
        char what[64];
        std::snprintf(what, sizeof what, "planes=%d h=%d w=%d window=%d stride=%d", s[0], s[1], s[2], s[3], s[4]);
        expect_invalid(jace_max_pool2d(a.p, b.p, s[0], s[1], s[2], s[3], s[4], nullptr), mp, what);
        expect_invalid(jace_max_pool2d_backward(a.p, b.p, c.p, s[0], s[1], s[2], s[3], s[4], nullptr), mb, what);
        expect_invalid(jace_avg_pool2d(a.p, b.p, s[0], s[1], s[2], s[3], s[4], nullptr), ap, what);
        expect_invalid(jace_avg_pool2d_backward(b.p, c.p, s[0], s[1], s[2], s[3], s[4], nullptr), ab, what);
    }
}

int main() {
    const Geom geoms[] = {
        geom(3, 8, 8, 2, 2),   /* the common 2x2/2 */
        geom(2, 7, 9, 3, 2),   /* odd, non-square, overlapping */
        geom(2, 8, 11, 3, 2),  /* trailing row and column no window covers */
        geom(1, 9, 7, 2, 3),   /* stride > window: gaps between windows */
        geom(2, 5, 6, 2, 1),   /* 2x2 windows overlapping (stride 1) */
        geom(2, 6, 6, 3, 1),   /* stride 1: each element under up to 9 windows */
        geom(4, 5, 5, 5, 1),   /* one global window */
        geom(1, 1, 1, 1, 1),
        geom(70, 13, 10, 2, 2), /* several blocks, a plane across two */
        geom(2, 37, 41, 2, 2),  /* planes larger than a block */
        geom(2, 41, 37, 3, 2),
        geom(2, 11, 10, 3, 4),  /* gaps and a clipped trailing cell (one thread a stride x stride cell) */
        geom(3, 5, 7, 5, 5),    /* one window a plane, and a cell no window covers */
        geom(2, 9, 9, 3, 3),
        geom(1, 7, 5, 1, 1000), /* a stride past the plane: one window, in one clipped cell */
    };
    for (const Geom &g : geoms) {
        const std::size_t nin = (std::size_t)g.planes * g.h * g.w;
        max_case(g, random(nin), "");
        max_case(g, ties(nin), " ties");
        avg_case(g);
    }
    /* Signed zeros tie (+0 > -0 is false): the first zero's sign must come out. A NaN wins wherever it sits in its
     * window, first or after a number. */
    {
        const Geom g = geom(1, 4, 4, 2, 2);
        Vec x(16, -0.0);
        x[1] = x[4] = x[5] = 0.0;   /* window (0,0): -0 first */
        x[2] = 0.0;                 /* window (0,1): +0 first */
        x[10] = NAN;                /* window (1,1): NaN first */
        x[12] = -1; x[13] = NAN;    /* window (1,0): NaN after -1 */
        max_case(g, x, " zeros/NaN");
    }
    /* Several NaNs in one window: the first in row-major window order takes the gradient, not a later one. */
    {
        const Geom g = geom(1, 4, 4, 2, 2);
        Vec x = random(16);
        x[1] = x[4] = x[5] = NAN;   /* window (0,0): NaN second, third and fourth */
        x[11] = x[14] = NAN;        /* window (1,1): NaN second and third */
        max_case(g, x, " two NaNs");
    }
    /* More planes than a grid has rows of blocks (65535), each smaller than a warp. */
    {
        const Geom g = geom(65535 + 3, 2, 2, 2, 2);
        max_case(g, random((std::size_t)g.planes * 4), "");
        avg_case(g);
    }
    argument_checks();
    return finish("test_pool2d");
}
