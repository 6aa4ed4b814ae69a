/* Emulator test of the exact FP32 GEMM (cuda/gemm.cuh via native/src/gemm.cu): the four transpose variants over
 * one element, partial 64x64 output tiles, several tiles in both directions, k below, at and over many 16-deep slices,
 * 1-float-off operands, the row limit and the argument checks.
 *
 * Each output is checked twice: against the float64 product, within kdim * 2^-24 of sum_k |a||b| (k sequential FMAs,
 * each rounding once at most 2^-24 of a partial sum bounded by that scale), and bit for bit against fmaf
 * accumulated in k order from 0, the order gemm.cuh promises (on a GPU too: fmaf is one fused IEEE operation). */
#include "emu_bits.h"

using namespace emu_check;

static void gemm_case(int ta, int tb, int m, int n, int kdim, int off) {
    const std::size_t M = (std::size_t)m, N = (std::size_t)n, K = (std::size_t)kdim;
    const Vec a = random(M * K), b = random(K * N);
    Span A(a, off), B(b, off), out(M * N, off);
    EXPECT_OK(jace_gemm(ta, tb, m, n, kdim, A.p(), B.p(), out.p(), nullptr));

    Vec ref(M * N), scale(M * N);
    std::vector<float> fma_ref(M * N);
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            double s = 0, sa = 0;
            float acc = 0.f;
            for (std::size_t k = 0; k < K; ++k) {
                const double x = ta ? a[k * M + i] : a[i * K + k], y = tb ? b[j * K + k] : b[k * N + j];
                s += x * y;
                sa += std::fabs(x * y);
                acc = std::fmaf((float)x, (float)y, acc);
            }
            ref[i * N + j] = s;
            scale[i * N + j] = sa;
            fma_ref[i * N + j] = acc;
        }
    char what[128];
    std::snprintf(what, sizeof what, "jace_gemm ta=%d tb=%d %dx%dx%d offset %d", ta, tb, m, n, kdim, off);
    EXPECT_NEAR_VEC(what, out.get(), ref, kdim * 0x1p-24, scale);
    EXPECT_BITS(what, out.raw(), fma_ref);
    EXPECT(out.guards_intact(), "%s wrote out of bounds", what);
}

static void argument_checks() {
    Dev buf(8);
    float *p = buf.p;
    EXPECT_INVALID("jace_gemm", jace_gemm(0, 0, 1, 1, 1, nullptr, p, p, nullptr));
    EXPECT_INVALID("jace_gemm", jace_gemm(0, 0, 1, 1, 1, p, nullptr, p, nullptr));
    EXPECT_INVALID("jace_gemm", jace_gemm(0, 0, 1, 1, 1, p, p, nullptr, nullptr));
    EXPECT_INVALID("jace_gemm", jace_gemm(0, 0, 0, 1, 1, p, p, p, nullptr));
    EXPECT_INVALID("jace_gemm", jace_gemm(0, 0, 1, -1, 1, p, p, p, nullptr));
    EXPECT_INVALID("jace_gemm", jace_gemm(0, 0, 1, 1, 0, p, p, p, nullptr));
    /* One row past the 65535 tiles gridDim.y allows; refused before anything is read. */
    EXPECT_INVALID("jace_gemm", jace_gemm(1, 1, 65535 * 64 + 1, 1, 1, p, p, p, nullptr));
}

int main() {
    for (int ta : {0, 1})
        for (int tb : {0, 1})
            for (int off : {0, 1}) {
                gemm_case(ta, tb, 1, 1, 1, off);
                gemm_case(ta, tb, 3, 5, 7, off);
                gemm_case(ta, tb, 64, 64, 16, off);   /* one full tile, one full slice */
                gemm_case(ta, tb, 130, 70, 37, off);  /* 3x2 tiles, partial in both; 3 slices, the last partial */
                gemm_case(ta, tb, 17, 129, 300, off); /* 19 slices */
            }
    argument_checks();
    return finish("test_gemm");
}
