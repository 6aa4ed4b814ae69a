/* conv_reference.h — float64 brute-force references for the convolution checks (numpy rot90/flip semantics). */
#ifndef JACE_CONV_REFERENCE_H
#define JACE_CONV_REFERENCE_H

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "jace.h"

typedef std::vector<double> Vec;

/* ------------------------------------------------------------------ numpy semantics on k x k (or h x w) planes */

/* rot90(x, 1, axes=(-2,-1)) of a square s x s plane: y[i][j] = x[j][s-1-i] */
static void np_rot90(const double *x, double *y, int s) {
    for (int i = 0; i < s; ++i)
        for (int j = 0; j < s; ++j) y[i * s + j] = x[j * s + (s - 1 - i)];
}
/* flip(x, axis=-1) of an h x w plane: y[i][j] = x[i][w-1-j] */
static void np_flip(const double *x, double *y, int h, int w) {
    for (int i = 0; i < h; ++i)
        for (int j = 0; j < w; ++j) y[i * w + j] = x[i * w + (w - 1 - j)];
}
/* rot90^rot(flip^flip(x)) of a square s x s plane */
static void act_plane(int rot, int flip, const double *x, double *y, int s) {
    std::vector<double> a(x, x + s * s), b(s * s);
    if (flip) {
        np_flip(a.data(), b.data(), s, s);
        a.swap(b);
    }
    for (int t = 0; t < rot; ++t) {
        np_rot90(a.data(), b.data(), s);
        a.swap(b);
    }
    std::memcpy(y, a.data(), sizeof(double) * s * s);
}

/* ------------------------------------------------------------------ groups (tables derived from the action) */

struct Group {
    std::string name;
    jace_group g;
};

static Group make_group(const char *name, const std::vector<std::pair<int, int>> &elems) {
    Group G;
    G.name = name;
    std::memset(&G.g, 0, sizeof(G.g));
    int n = (int)elems.size();
    G.g.order = n;
    for (int e = 0; e < n; ++e) {
        G.g.rotation[e] = elems[e].first;
        G.g.flip[e] = elems[e].second;
    }
    const int s = 5;
    std::vector<double> pat(s * s);
    for (int i = 0; i < s * s; ++i) pat[i] = i * 1.0 + 0.5; /* asymmetric: all entries distinct */
    std::vector<std::vector<double>> img(n, std::vector<double>(s * s));
    for (int e = 0; e < n; ++e) act_plane(elems[e].first, elems[e].second, pat.data(), img[e].data(), s);
    for (int a = 0; a < n; ++a) {
        for (int b = 0; b < n; ++b) {
            std::vector<double> ab(s * s);
            act_plane(elems[a].first, elems[a].second, img[b].data(), ab.data(), s);
            int found = -1;
            for (int c = 0; c < n; ++c)
                if (ab == img[c]) found = c;
            if (found < 0) {
                std::printf("group %s not closed\n", name);
                std::exit(2);
            }
            G.g.compose[a * n + b] = found;
            if (found == 0) G.g.inverse[a] = b;
        }
    }
    return G;
}

/* ------------------------------------------------------------------ brute-force references */

struct Dims {
    int n, cin, cout, h, w, k, pad, ho, wo, G, gin;
    bool group_input;
};

/* Wexp [cout*G, cin*gin, k, k] materialised with explicit rot90/flip: Wexp[o*G+g, c*gin+hp] = g . w[o, c, g^-1 hp] */
static Vec materialise(const Dims &d, const jace_group &grp, const Vec &w) {
    int kk2 = d.k * d.k;
    Vec we((size_t)d.cout * d.G * d.cin * d.gin * kk2);
    for (int o = 0; o < d.cout; ++o)
        for (int g = 0; g < d.G; ++g)
            for (int c = 0; c < d.cin; ++c)
                for (int hp = 0; hp < d.gin; ++hp) {
                    int hsrc = d.group_input ? grp.compose[grp.inverse[g] * d.G + hp] : 0;
                    const double *src = &w[(((size_t)o * d.cin + c) * d.gin + hsrc) * kk2];
                    double *dst = &we[(((size_t)(o * d.G + g)) * d.cin * d.gin + c * d.gin + hp) * kk2];
                    act_plane(grp.rotation[g], grp.flip[g], src, dst, d.k);
                }
    return we;
}

/* Adjoint of materialise, built from the inverse element's explicit action. */
static Vec materialise_adjoint(const Dims &d, const jace_group &grp, const Vec &dwe) {
    int kk2 = d.k * d.k;
    Vec dw((size_t)d.cout * d.cin * d.gin * kk2, 0.0);
    std::vector<double> tmp(kk2);
    for (int o = 0; o < d.cout; ++o)
        for (int g = 0; g < d.G; ++g)
            for (int c = 0; c < d.cin; ++c)
                for (int hp = 0; hp < d.gin; ++hp) {
                    int hsrc = d.group_input ? grp.compose[grp.inverse[g] * d.G + hp] : 0;
                    int gi = grp.inverse[g];
                    const double *src = &dwe[(((size_t)(o * d.G + g)) * d.cin * d.gin + c * d.gin + hp) * kk2];
                    act_plane(grp.rotation[gi], grp.flip[gi], src, tmp.data(), d.k);
                    double *dst = &dw[(((size_t)o * d.cin + c) * d.gin + hsrc) * kk2];
                    for (int i = 0; i < kk2; ++i) dst[i] += tmp[i];
                }
    return dw;
}

/* plain cross-correlation y [n, co, ho, wo] of x [n, ci, h, w] with f [co, ci, k, k] */
static Vec plain_conv(const Dims &d, int ci, int co, const Vec &x, const Vec &f) {
    Vec y((size_t)d.n * co * d.ho * d.wo, 0.0);
    for (int b = 0; b < d.n; ++b)
        for (int o = 0; o < co; ++o)
            for (int i = 0; i < d.ho; ++i)
                for (int j = 0; j < d.wo; ++j) {
                    double s = 0;
                    for (int c = 0; c < ci; ++c)
                        for (int u = 0; u < d.k; ++u)
                            for (int v = 0; v < d.k; ++v) {
                                int ii = i + u - d.pad, jj = j + v - d.pad;
                                if (ii < 0 || ii >= d.h || jj < 0 || jj >= d.w) continue;
                                s += x[(((size_t)b * ci + c) * d.h + ii) * d.w + jj] *
                                     f[(((size_t)o * ci + c) * d.k + u) * d.k + v];
                            }
                    y[(((size_t)b * co + o) * d.ho + i) * d.wo + j] = s;
                }
    return y;
}

static Vec plain_conv_bwd_data(const Dims &d, int ci, int co, const Vec &dy, const Vec &f) {
    Vec dx((size_t)d.n * ci * d.h * d.w, 0.0);
    for (int b = 0; b < d.n; ++b)
        for (int o = 0; o < co; ++o)
            for (int i = 0; i < d.ho; ++i)
                for (int j = 0; j < d.wo; ++j) {
                    double g = dy[(((size_t)b * co + o) * d.ho + i) * d.wo + j];
                    for (int c = 0; c < ci; ++c)
                        for (int u = 0; u < d.k; ++u)
                            for (int v = 0; v < d.k; ++v) {
                                int ii = i + u - d.pad, jj = j + v - d.pad;
                                if (ii < 0 || ii >= d.h || jj < 0 || jj >= d.w) continue;
                                dx[(((size_t)b * ci + c) * d.h + ii) * d.w + jj] +=
                                    g * f[(((size_t)o * ci + c) * d.k + u) * d.k + v];
                            }
                }
    return dx;
}

static Vec plain_conv_bwd_filter(const Dims &d, int ci, int co, const Vec &x, const Vec &dy) {
    Vec df((size_t)co * ci * d.k * d.k, 0.0);
    for (int b = 0; b < d.n; ++b)
        for (int o = 0; o < co; ++o)
            for (int i = 0; i < d.ho; ++i)
                for (int j = 0; j < d.wo; ++j) {
                    double g = dy[(((size_t)b * co + o) * d.ho + i) * d.wo + j];
                    for (int c = 0; c < ci; ++c)
                        for (int u = 0; u < d.k; ++u)
                            for (int v = 0; v < d.k; ++v) {
                                int ii = i + u - d.pad, jj = j + v - d.pad;
                                if (ii < 0 || ii >= d.h || jj < 0 || jj >= d.w) continue;
                                df[(((size_t)o * ci + c) * d.k + u) * d.k + v] +=
                                    g * x[(((size_t)b * ci + c) * d.h + ii) * d.w + jj];
                            }
                }
    return df;
}

/* ------------------------------------------------------------------ group actions on images and group maps */

/* (g . x) for x [n, c, s, s] */
static Vec act_images(const jace_group &grp, int g, const Vec &x, int planes, int s) {
    Vec y(x.size());
    for (int i = 0; i < planes; ++i)
        act_plane(grp.rotation[g], grp.flip[g], &x[(size_t)i * s * s], &y[(size_t)i * s * s], s);
    return y;
}
/* (g . F)(h) = g . F(g^-1 h) for F [n, c, G, s, s] */
static Vec act_group_maps(const jace_group &grp, int g, const Vec &F, int nc, int s) {
    int G = grp.order;
    Vec y(F.size());
    for (int i = 0; i < nc; ++i)
        for (int h = 0; h < G; ++h) {
            int src = grp.compose[grp.inverse[g] * G + h];
            act_plane(grp.rotation[g], grp.flip[g], &F[((size_t)i * G + src) * s * s], &y[((size_t)i * G + h) * s * s],
                      s);
        }
    return y;
}

static std::mt19937_64 rng(12345);
static Vec randv(size_t n) {
    std::uniform_real_distribution<double> u(-1, 1);
    Vec v(n);
    for (auto &e : v) e = u(rng);
    return v;
}

/* v rounded as the kernels round an operand at precision prec (a jace_precision; conv_precision.cuh's to_smem): FP32
 * as is (in float), TF32 and BF16 to nearest even; Inf and NaN kept. */
static double round_to_precision(int prec, double v) {
    float f = (float)v;
    if (prec == JACE_PRECISION_FP32) return f;
    unsigned u;
    std::memcpy(&u, &f, sizeof u);
    if ((u & 0x7f800000u) != 0x7f800000u) {
        u = prec == JACE_PRECISION_TF32 ? (u + 0xfffu + ((u >> 13) & 1u)) & ~0x1fffu
                                        : (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u;
    }
    std::memcpy(&f, &u, sizeof f);
    return f;
}

/* max|got - ref| / max|scale|; scale is ref itself, or the same computation on absolute values (the sum a rounding
 * error is bounded by, which does not vanish where terms cancel). Infinite where an element of got is NaN (an
 * unwritten output of a buffer poisoned with NaN), which std::max alone would pass over. */
static double scaled_error(const Vec &got, const Vec &ref, const Vec &scale) {
    if (got.size() != ref.size() || scale.size() != ref.size()) return INFINITY;
    double err = 0, den = 1e-300;
    for (size_t i = 0; i < got.size(); ++i) {
        const double d = std::fabs(got[i] - ref[i]);
        err = std::isnan(d) ? INFINITY : std::max(err, d);
        den = std::max(den, std::fabs(scale[i]));
    }
    return err / den;
}

static double max_rel(const Vec &a, const Vec &b) { return scaled_error(a, b, b); }

static double dot(const Vec &a, const Vec &b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

static std::vector<Group> standard_groups() {
    /* D4 element k + 4f = r^k m^f (as the library documents) */
    return {
        make_group("trivial", {{0, 0}}),
        make_group("C2", {{0, 0}, {2, 0}}),
        make_group("mirror", {{0, 0}, {0, 1}}),
        make_group("C4", {{0, 0}, {1, 0}, {2, 0}, {3, 0}}),
        make_group("D4", {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {1, 1}, {2, 1}, {3, 1}}),
    };
}

#endif
