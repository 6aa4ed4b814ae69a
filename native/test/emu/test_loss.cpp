/* Emulator test of the softmax cross-entropy (cuda/loss.cuh via native/src/loss.cu): fewer classes than lanes, a
 * full warp and several strides of it, one row and rows over several blocks (8 per block), logits far from 0,
 * labels at both ends, fractional (truncated toward zero) and out of range or NaN (documented: loss = logsumexp, no -1
 * term), 1-float-off buffers, argument checks.
 *
 * Tolerances, with u = 2^-24: each lane sums about k/32 float exponentials (about 2 ulp each on CUDA) and the warp
 * adds 5 levels, so s >= 1 carries a relative error of about (k/32 + 8)u, which is an absolute error in log(s); the
 * loss is therefore judged on the scale 1 + log(s) + |z_label - max| (1 for that absolute error, the rest for the
 * roundings of the terms). The gradient (p - [j = label]) / n takes the same relative error in p plus two roundings,
 * on the scale (p + [j = label]) / n. */
#include "emu_bits.h"

using namespace emu_check;

static const double u = 0x1p-24;

/* logits uniform in [center - 3, center + 3); labels[i] as given (may be out of range). */
static void ce_case(int n, int k, double center, const std::vector<double> &label_of, int off) {
    const std::size_t rows = (std::size_t)n, cols = (std::size_t)k;
    const Vec z = random(rows * cols, center - 3, center + 3);
    Vec labels(rows);
    for (std::size_t i = 0; i < rows; ++i) labels[i] = label_of[i % label_of.size()];
    Span Z(z, off), L(labels, off), loss(rows, off), dz(rows * cols, off);
    EXPECT_OK(jace_softmax_cross_entropy(Z.p(), L.p(), loss.p(), dz.p(), n, k, nullptr));

    Vec rl(rows), sl(rows), rd(rows * cols), sd(rows * cols);
    for (std::size_t i = 0; i < rows; ++i) {
        const double *row = &z[i * cols];
        const double m = *std::max_element(row, row + cols);
        double s = 0;
        for (std::size_t j = 0; j < cols; ++j) s += std::exp(row[j] - m);
        const bool valid = labels[i] > -1 && labels[i] < k; /* false for NaN */
        const int label = valid ? (int)labels[i] : -1;
        const double zl_m = valid ? row[label] - m : -m; /* a bad label picks no logit: loss = logsumexp */
        rl[i] = std::log(s) - zl_m;
        sl[i] = 1 + std::log(s) + std::fabs(zl_m);
        for (std::size_t j = 0; j < cols; ++j) {
            const double p = std::exp(row[j] - m) / s, hot = valid && (int)j == label ? 1 : 0;
            rd[i * cols + j] = (p - hot) / n;
            sd[i * cols + j] = (p + hot) / n;
        }
    }
    char what[128];
    std::snprintf(what, sizeof what, "jace_softmax_cross_entropy n=%d k=%d center %g offset %d", n, k, center, off);
    const double tol = (k / 32.0 + 8) * u;
    EXPECT_NEAR_VEC(what, loss.get(), rl, tol, sl);
    EXPECT_NEAR_VEC(what, dz.get(), rd, tol + 2 * u, sd);
    EXPECT(loss.guards_intact() && dz.guards_intact(), "%s wrote out of bounds", what);
}

/* A row's warp reads each logit before it writes that gradient: dlogits = logits gives the out-of-place bits. */
static void in_place_case(int n, int k) {
    const Vec z = random((std::size_t)n * k, -3, 3);
    Vec labels((std::size_t)n);
    for (int i = 0; i < n; ++i) labels[(std::size_t)i] = (i * 7) % k;
    Dev Z(z), L(labels), loss((std::size_t)n), loss2((std::size_t)n), dz((std::size_t)n * k);
    EXPECT_OK(jace_softmax_cross_entropy(Z.p, L.p, loss.p, dz.p, n, k, nullptr));
    EXPECT_OK(jace_softmax_cross_entropy(Z.p, L.p, loss2.p, Z.p, n, k, nullptr));
    char what[96];
    std::snprintf(what, sizeof what, "jace_softmax_cross_entropy dlogits = logits n=%d k=%d", n, k);
    EXPECT_BITS(what, to_float(Z.get()), to_float(dz.get()));
    EXPECT_BITS(what, to_float(loss2.get()), to_float(loss.get()));
}

static void argument_checks() {
    Dev buf(8);
    float *p = buf.p;
    const char *fn = "jace_softmax_cross_entropy";
    EXPECT_INVALID(fn, jace_softmax_cross_entropy(nullptr, p, p, p, 1, 2, nullptr));
    EXPECT_INVALID(fn, jace_softmax_cross_entropy(p, nullptr, p, p, 1, 2, nullptr));
    EXPECT_INVALID(fn, jace_softmax_cross_entropy(p, p, nullptr, p, 1, 2, nullptr));
    EXPECT_INVALID(fn, jace_softmax_cross_entropy(p, p, p, nullptr, 1, 2, nullptr));
    EXPECT_INVALID(fn, jace_softmax_cross_entropy(p, p, p, p, 0, 2, nullptr));
    EXPECT_INVALID(fn, jace_softmax_cross_entropy(p, p, p, p, 1, -2, nullptr));
}

int main() {
    for (int off : {0, 1}) {
        ce_case(1, 1, 0, {0}, off);               /* loss 0, gradient 0 */
        ce_case(3, 10, 0, {0, 9, 4}, off);        /* lanes 10..31 idle */
        ce_case(17, 32, 0, {31, 0, 7}, off);      /* 3 blocks, the last with one live warp */
        ce_case(9, 100, 0, {99, 50, 0, 3}, off);  /* 4 strides of the warp, the last partial */
        ce_case(4, 1000, 0, {999, 1, 500}, off);
        ce_case(8, 10, 1000, {3, 9, 0}, off);     /* the max shift keeps exp finite */
        ce_case(8, 40, -1000, {39, 2}, off);
        ce_case(5, 7, 0, {7, -1, 2}, off);        /* out-of-range labels */
        ce_case(8, 7, 0, {NAN, 1e10, -1e10, INFINITY, -0.5, 2.9, 6.99, -1}, off); /* NaN, past int, truncated */
    }
    in_place_case(17, 100);
    argument_checks();
    return finish("test_loss");
}
