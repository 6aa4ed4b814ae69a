/* Emulator test of the sums written to a device double (cuda/scalar_sums.cuh): jace_relative_deviation_mean over row
 * masks, divisors and targets, and jace_sum_to_scalar signed and absolute over 1 to 8 parts with signed zeros, NaN
 * and infinities, bit for bit against the Java loops (CpuDeviation.relativeMean, CpuReduce.sumToScalar); a graph of
 * both reading its tensors at each replay; and the argument checks. */
#include "emu_bits.h"

using namespace emu_check;

namespace {

/* CpuDeviation.relativeMean. */
double java_mean(const Vec &dev, const Vec &norm, int n, const std::vector<int> &rows, double divisor, double eps) {
    volatile double sum = 0.0;
    for (int s : rows)
        for (int i = 0; i < n; i++) sum = sum + dev[(std::size_t)s * n + i] / (norm[(std::size_t)i] + eps);
    return sum / divisor;
}

/* CpuReduce.sumToScalar. */
double java_sum(const std::vector<float> &parts, bool absolute, double scale) {
    volatile double sum = 0.0;
    for (float p : parts) sum = sum + (absolute ? std::fabs((double)p) : (double)p);
    return scale * sum;
}

Vec norms(int n) {
    Vec norm = random((std::size_t)n, 0, 5);
    norm[0] = 0;
    if (n > 1) norm[1] = (double)1e-30f;
    return norm;
}

void mean_cases() {
    const std::vector<std::vector<int>> all_rows = {{}, {0}, {1, 2, 3}, {0, 2, 4, 6}, {6}, {0, 1, 2, 3, 4, 5, 6}};
    const int k = 7;
    DevDoubles out(2);
    for (int n : {1, 64, 257}) {
        const Vec dev = random((std::size_t)k * n, 0, 3), norm = norms(n);
        Dev DEV(dev), NORM(norm);
        for (const auto &rows : all_rows)
            for (double divisor : {(double)std::max<std::size_t>(rows.size(), 1) * n, 7.0, -3.0, 0.0})
                for (double eps : {1e-12, 1e-7, 0.0}) {
                    EXPECT_OK(jace_relative_deviation_mean(DEV.p, NORM.p, k, n, rows.data(), (int)rows.size(),
                                                           divisor, eps, out.p + 1, nullptr));
                    char what[128];
                    std::snprintf(what, sizeof what, "relative mean n%d, %zu rows, / %g, eps %g", n, rows.size(),
                                  divisor, eps);
                    /* out[0] keeps its poison: the kernel writes only its target. */
                    EXPECT_BITWISE(what, out.get(), (Vec{NAN, java_mean(dev, norm, n, rows, divisor, eps)}));
                }
    }
    /* Bit 63 of the row mask. */
    const int n = 3;
    const Vec dev = random(64 * n, 0, 3), norm = norms(n);
    Dev DEV(dev), NORM(norm);
    for (const std::vector<int> &rows : {std::vector<int>{63}, std::vector<int>{0, 31, 32, 63}}) {
        EXPECT_OK(jace_relative_deviation_mean(DEV.p, NORM.p, 64, n, rows.data(), (int)rows.size(), 2.0, 1e-12,
                                               out.p, nullptr));
        EXPECT_BITWISE("relative mean k64 rows up to 63", Vec{out.get()[0]}, Vec{java_mean(dev, norm, n, rows, 2.0,
                                                                                           1e-12)});
    }
}

void sum_cases() {
    const std::vector<std::vector<float>> all_parts = {
        {0.3f}, {-0.0f}, {-0.0f, -0.0f}, {1.5f, -2.25f, 1e-8f}, {NAN, 1.0f}, {INFINITY, -INFINITY},
        {1e30f, 1e30f, -1e30f, 3.0f, -7.0f, 0.1f, 0.2f, 0.3f}, {-1e-45f, 2.0f, -3.5f, 65504.0f, -0.0f, 7.25f, 1.0f}};
    DevDoubles out(1);
    for (const auto &parts : all_parts) {
        /* Each part in its own allocation, as one-element tensors are, with a second element that must not count. */
        std::vector<Dev *> buffers;
        std::vector<const float *> pointers;
        for (float p : parts) {
            buffers.push_back(new Dev(Vec{p, 1000.0}));
            pointers.push_back(buffers.back()->p);
        }
        for (int absolute : {0, 1})
            for (double scale : {1.0, 0.5, -1.0 / 3, 0.0, -0.0}) {
                EXPECT_OK(jace_sum_to_scalar(pointers.data(), (int)parts.size(), absolute, scale, out.p, nullptr));
                char what[128];
                std::snprintf(what, sizeof what, "sum_to_scalar of %zu parts (first %g)%s x %g", parts.size(),
                              parts[0], absolute ? " absolute" : "", scale);
                EXPECT_BITWISE(what, out.get(), Vec{java_sum(parts, absolute != 0, scale)});
            }
        for (Dev *b : buffers) delete b;
    }
    /* Several parts in one buffer, one repeated. */
    Dev many(Vec{0.25, -0.5, 0.75});
    const float *pointers[] = {many.p + 2, many.p, many.p + 1, many.p + 2};
    EXPECT_OK(jace_sum_to_scalar(pointers, 4, 0, 2.0, out.p, nullptr));
    EXPECT_BITWISE("sum_to_scalar of parts sharing a buffer", out.get(), Vec{2.0 * (0.75 + 0.25 - 0.5 + 0.75)});
}

/* CudaScalarSumsTest.aGraphOfBothSumsReadsItsTensorsAtEachReplay. */
void replayed() {
    const int k = 3, n = 70;
    const std::vector<int> rows = {0, 2};
    Dev dev((std::size_t)k * n), norm((std::size_t)n), a(1), c(1);
    DevDoubles out(2);
    cudaStream_t stream = nullptr;
    EXPECT_OK(jace_stream_create(&stream));
    EXPECT_OK(jace_stream_begin_capture(stream));
    EXPECT_OK(jace_relative_deviation_mean(dev.p, norm.p, k, n, rows.data(), 2, 10.0, 1e-12, out.p, stream));
    const float *parts[] = {a.p, c.p};
    EXPECT_OK(jace_sum_to_scalar(parts, 2, 1, 0.5, out.p + 1, stream));
    cudaGraphExec_t graph = nullptr;
    EXPECT_OK(jace_stream_end_capture(stream, &graph));
    EXPECT(std::isnan(out.get()[0]), "the capture ran the kernel");
    for (int replay = 0; replay < 3; replay++) {
        const Vec d = random((std::size_t)k * n), nm = random((std::size_t)n), p = random(2);
        dev.set(d);
        norm.set(nm);
        a.set(Vec{p[0]});
        c.set(Vec{p[1]});
        EXPECT_OK(jace_graph_launch(graph, stream));
        EXPECT_OK(jace_stream_synchronize(stream));
        EXPECT_BITWISE("replay " + std::to_string(replay), out.get(),
                       (Vec{java_mean(d, nm, n, rows, 10.0, 1e-12),
                            java_sum({(float)p[0], (float)p[1]}, true, 0.5)}));
    }
    EXPECT_OK(jace_graph_destroy(graph));
    EXPECT_OK(jace_stream_destroy(stream));
}

void argument_checks() {
    Dev dev(6), norm(3), one(1);
    DevDoubles out(1);
    const int rows[] = {0, 1}, twice[] = {1, 1};
    const char *fn = "jace_relative_deviation_mean";
    auto mean = [&](const float *d, const float *nm, int k, int n, const int *r, int num, double *o) {
        return jace_relative_deviation_mean(d, nm, k, n, r, num, 1.0, 1e-12, o, nullptr);
    };
    EXPECT_REFUSED(fn, "deviation is NULL", mean(nullptr, norm.p, 2, 3, rows, 2, out.p));
    EXPECT_REFUSED(fn, "norm is NULL", mean(dev.p, nullptr, 2, 3, rows, 2, out.p));
    EXPECT_REFUSED(fn, "out is NULL", mean(dev.p, norm.p, 2, 3, rows, 2, nullptr));
    EXPECT_REFUSED(fn, "n must be > 0", mean(dev.p, norm.p, 2, 0, rows, 2, out.p));
    EXPECT_REFUSED(fn, "k must be > 0", mean(dev.p, norm.p, -1, 3, rows, 0, out.p));
    EXPECT_REFUSED(fn, "k must be <= 64", mean(dev.p, norm.p, 65, 3, rows, 2, out.p));
    EXPECT_REFUSED(fn, "num_rows must be in [0, 2]", mean(dev.p, norm.p, 2, 3, rows, -1, out.p));
    EXPECT_REFUSED(fn, "rows is NULL", mean(dev.p, norm.p, 2, 3, nullptr, 2, out.p));
    EXPECT_REFUSED(fn, "rows[1] = 1", mean(dev.p, norm.p, 2, 3, twice, 2, out.p));
    EXPECT_OK(mean(dev.p, norm.p, 2, 3, nullptr, 0, out.p));

    fn = "jace_sum_to_scalar";
    const float *parts[9] = {one.p, one.p, one.p, one.p, one.p, one.p, one.p, one.p, one.p};
    const float *holes[] = {one.p, nullptr};
    EXPECT_REFUSED(fn, "parts is NULL", jace_sum_to_scalar(nullptr, 1, 0, 1.0, out.p, nullptr));
    EXPECT_REFUSED(fn, "out is NULL", jace_sum_to_scalar(parts, 1, 0, 1.0, nullptr, nullptr));
    EXPECT_REFUSED(fn, "num_parts must be in [1, 8], got 0", jace_sum_to_scalar(parts, 0, 0, 1.0, out.p, nullptr));
    EXPECT_REFUSED(fn, "num_parts must be in [1, 8], got 9", jace_sum_to_scalar(parts, 9, 0, 1.0, out.p, nullptr));
    EXPECT_REFUSED(fn, "parts[1] is NULL", jace_sum_to_scalar(holes, 2, 1, 1.0, out.p, nullptr));
    one.set(Vec{-2});
    EXPECT_OK(jace_sum_to_scalar(parts, 8, 7, 1.0, out.p, nullptr)); /* any nonzero `absolute` */
    EXPECT_BITWISE("absolute = 7 sums absolute values", out.get(), Vec{16.0});
}

}  // namespace

int main() {
    mean_cases();
    sum_cases();
    replayed();
    argument_checks();
    return finish("test_scalar_sums");
}
