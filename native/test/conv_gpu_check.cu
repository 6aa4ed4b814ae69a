/*
 * conv_gpu_check.cu — GPU check of the nine direct-convolution entry points against float64 references
 * (make -f native/conv.mk test-conv-gpu; needs a CUDA device, prints SKIP and exits 0 without one).
 *
 * For trivial/C2/mirror/C4/D4, lifting and group, FP32/TF32/BF16, odd/even k, odd sizes, batch 1:
 * error = max|gpu - ref| / max|ref| per output, against FP32 1e-5, TF32 5e-3, BF16 5e-2. (Input rounding alone
 * reaches 1.3e-3 (TF32) and 1.5e-2 (BF16) on small random cases with cancellation — see the emulated-precision
 * lines of conv_reference_check — so 1e-3 / 1e-2 would flag rounding, not bugs; worst values are printed.)
 * Also: backward_filter is bitwise deterministic, bad arguments are refused with the function's name, and
 * `bench` times one D4 group-conv layer per precision.
 * Built standalone (conv.cu + this file) with -DJACE_CONV_STANDALONE, which provides jace_fail/jace_clear_error.
 */
#include <cuda_runtime.h>

#include <cstdarg>

#include "conv_reference.h"
#include "jace.h"
#include "jace_internal.h"

#ifdef JACE_CONV_STANDALONE
static thread_local char g_err[2048];
jace_status jace_fail(jace_status status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(g_err, sizeof g_err, fmt, ap);
    va_end(ap);
    return status;
}
void jace_clear_error(void) { g_err[0] = 0; }
static const char *last_error() { return g_err; }
#else
static const char *last_error() { return jace_last_error(); }
#endif

#define CU(call)                                                                                          \
    do {                                                                                                  \
        cudaError_t e_ = (call);                                                                          \
        if (e_ != cudaSuccess) {                                                                          \
            std::printf("CUDA error %s at %s:%d: %s\n", cudaGetErrorName(e_), __FILE__, __LINE__, #call); \
            std::exit(1);                                                                                 \
        }                                                                                                 \
    } while (0)

static int failures = 0, checks = 0;
static double worst[3][3]; /* [precision][fwd, bwd_data, bwd_filter] */

struct Dev {
    float *p = nullptr;
    size_t n = 0;
    explicit Dev(const Vec &v) : n(v.size()) {
        std::vector<float> f(v.begin(), v.end());
        CU(cudaMalloc(&p, n * sizeof(float) + 4));
        CU(cudaMemcpy(p, f.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    }
    explicit Dev(size_t count) : n(count) {
        CU(cudaMalloc(&p, n * sizeof(float) + 4));
        CU(cudaMemset(p, 0xff, n * sizeof(float))); /* NaN: catches unwritten outputs */
    }
    Vec get() const {
        std::vector<float> f(n);
        CU(cudaMemcpy(f.data(), p, n * sizeof(float), cudaMemcpyDeviceToHost));
        return Vec(f.begin(), f.end());
    }
    ~Dev() { cudaFree(p); }
};

static Vec round_f32(Vec v) {
    for (auto &e : v) e = (double)(float)e;
    return v;
}

static void expect(const char *tag, const char *what, int prec, int which, const Vec &got, const Vec &ref) {
    static const double tol[3] = {1e-5, 5e-3, 5e-2};
    double e = max_rel(got, ref);
    bool nan = false;
    for (double v : got) nan |= std::isnan(v);
    worst[prec][which] = std::max(worst[prec][which], nan ? INFINITY : e);
    ++checks;
    if (nan || !(e <= tol[prec])) {
        ++failures;
        std::printf("FAIL %s %s prec %d: rel err %.3g (tol %.0e)%s\n", tag, what, prec, e, tol[prec],
                    nan ? " NaN/unwritten" : "");
    }
}

static void run(const Group &G, bool group_input, int n, int cin, int cout, int h, int w, int k, int pad) {
    const jace_group &grp = G.g;
    Dims d{n, cin, cout, h, w, k, pad, h + 2 * pad - k + 1, w + 2 * pad - k + 1, grp.order,
           group_input ? grp.order : 1, group_input};
    if (d.ho < 1 || d.wo < 1) return;
    jace_conv_shape s{n, cin, cout, h, w, k, pad};
    char tag[200];
    std::snprintf(tag, sizeof tag, "%s %s n%d cin%d cout%d h%d w%d k%d pad%d", G.name.c_str(),
                  group_input ? "group" : "lifting", n, cin, cout, h, w, k, pad);
    Vec x = round_f32(randv((size_t)n * cin * d.gin * h * w));
    Vec wt = round_f32(randv((size_t)cout * cin * d.gin * k * k));
    Vec dy = round_f32(randv((size_t)n * cout * d.G * d.ho * d.wo));
    Vec we = materialise(d, grp, wt);
    Vec y_ref = plain_conv(d, cin * d.gin, cout * d.G, x, we);
    Vec dx_ref = plain_conv_bwd_data(d, cin * d.gin, cout * d.G, dy, we);
    Vec dw_ref = materialise_adjoint(d, grp, plain_conv_bwd_filter(d, cin * d.gin, cout * d.G, x, dy));
    Dev X(x), W(wt), DY(dy);
    for (int prec = 0; prec < 3; ++prec) {
        jace_precision P = (jace_precision)prec;
        Dev Y(y_ref.size()), DX(dx_ref.size()), DW(dw_ref.size()), DW2(dw_ref.size());
        jace_status a, b, c, c2;
        if (group_input) {
            a = jace_group_conv_forward(X.p, W.p, Y.p, &grp, &s, P, nullptr);
            b = jace_group_conv_backward_data(DY.p, W.p, DX.p, &grp, &s, P, nullptr);
            c = jace_group_conv_backward_filter(X.p, DY.p, DW.p, &grp, &s, P, nullptr);
            c2 = jace_group_conv_backward_filter(X.p, DY.p, DW2.p, &grp, &s, P, nullptr);
        } else if (grp.order == 1) {
            a = jace_conv2d_forward(X.p, W.p, Y.p, &s, P, nullptr);
            b = jace_conv2d_backward_data(DY.p, W.p, DX.p, &s, P, nullptr);
            c = jace_conv2d_backward_filter(X.p, DY.p, DW.p, &s, P, nullptr);
            c2 = jace_conv2d_backward_filter(X.p, DY.p, DW2.p, &s, P, nullptr);
        } else {
            a = jace_lifting_conv_forward(X.p, W.p, Y.p, &grp, &s, P, nullptr);
            b = jace_lifting_conv_backward_data(DY.p, W.p, DX.p, &grp, &s, P, nullptr);
            c = jace_lifting_conv_backward_filter(X.p, DY.p, DW.p, &grp, &s, P, nullptr);
            c2 = jace_lifting_conv_backward_filter(X.p, DY.p, DW2.p, &grp, &s, P, nullptr);
        }
        if (a || b || c || c2) {
            ++failures;
            std::printf("FAIL %s prec %d: status %d %d %d %d: %s\n", tag, prec, a, b, c, c2, last_error());
            continue;
        }
        CU(cudaDeviceSynchronize());
        expect(tag, "forward", prec, 0, Y.get(), y_ref);
        expect(tag, "backward_data", prec, 1, DX.get(), dx_ref);
        Vec dw1 = DW.get(), dw2 = DW2.get();
        expect(tag, "backward_filter", prec, 2, dw1, dw_ref);
        ++checks;
        if (std::memcmp(dw1.data(), dw2.data(), dw1.size() * sizeof(double)) != 0) {
            ++failures;
            std::printf("FAIL %s prec %d: backward_filter not deterministic\n", tag, prec);
        }
    }
}

static void bench() {
    std::vector<Group> gs = standard_groups();
    const Group &D4 = gs[4];
    int n = 64, c = 16, hw = 32, k = 3;
    jace_conv_shape s{n, c, c, hw, hw, k, 1};
    size_t xs = (size_t)n * c * 8 * hw * hw, ws = (size_t)c * c * 8 * k * k;
    float *x, *w, *y, *dx, *dw;
    CU(cudaMalloc(&x, xs * 4));
    CU(cudaMalloc(&y, xs * 4));
    CU(cudaMalloc(&dx, xs * 4));
    CU(cudaMalloc(&w, ws * 4));
    CU(cudaMalloc(&dw, ws * 4));
    CU(cudaMemset(x, 0, xs * 4));
    CU(cudaMemset(w, 0, ws * 4));
    cudaEvent_t e0, e1;
    CU(cudaEventCreate(&e0));
    CU(cudaEventCreate(&e1));
    double flops = 2.0 * n * hw * hw * (c * 8.0) * (c * 8.0) * k * k;
    for (int prec = 0; prec < 3; ++prec) {
        for (int which = 0; which < 3; ++which) {
            auto call = [&]() {
                jace_precision P = (jace_precision)prec;
                if (which == 0) return jace_group_conv_forward(x, w, y, &D4.g, &s, P, nullptr);
                if (which == 1) return jace_group_conv_backward_data(y, w, dx, &D4.g, &s, P, nullptr);
                return jace_group_conv_backward_filter(x, y, dw, &D4.g, &s, P, nullptr);
            };
            for (int i = 0; i < 3; ++i) call();
            CU(cudaEventRecord(e0));
            const int reps = 20;
            for (int i = 0; i < reps; ++i) call();
            CU(cudaEventRecord(e1));
            CU(cudaEventSynchronize(e1));
            float ms;
            CU(cudaEventElapsedTime(&ms, e0, e1));
            ms /= reps;
            static const char *names[3] = {"forward", "backward_data", "backward_filter"};
            std::printf("bench D4 group conv n%d c%d %dx%d k%d prec %d %-16s %8.3f ms %8.1f TFLOP/s\n", n, c, hw, hw, k,
                        prec, names[which], ms, flops / ms / 1e9);
        }
    }
    cudaFree(x);
    cudaFree(y);
    cudaFree(dx);
    cudaFree(w);
    cudaFree(dw);
}

int main(int argc, char **argv) {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
        std::printf("SKIP conv_gpu_check: no CUDA device\n");
        return 0;
    }
    std::vector<Group> gs = standard_groups();
    std::uniform_int_distribution<int> U(0, 1 << 30);
    auto pick = [&](int lo, int hi) { return lo + U(rng) % (hi - lo + 1); };
    for (const Group &G : gs)
        for (int gi = 0; gi < 2; ++gi) {
            bool gin = gi == 1;
            if (gin && G.g.order == 1) continue;
            run(G, gin, 1, 1, 1, 1, 1, 1, 0);
            run(G, gin, 1, 3, 5, 7, 9, 3, 1);
            run(G, gin, 2, 5, 3, 11, 11, 5, 2);
            run(G, gin, 1, 2, 9, 6, 6, 4, 0);
            run(G, gin, 1, 3, 2, 8, 5, 7, 3);
            run(G, gin, 2, 7, 11, 13, 13, 1, 0);
            run(G, gin, 1, 9, 70, 9, 9, 3, 1); /* N > one tile */
            for (int t = 0; t < 6; ++t) {
                int k = std::vector<int>{1, 2, 3, 5, 7}[pick(0, 4)];
                int pad = pick(0, k / 2 + 1);
                int h = pick(std::max(1, k - 2 * pad), 17), w = pick(std::max(1, k - 2 * pad), 17);
                run(G, gin, pick(1, 3), pick(1, 9), pick(1, 9), h, w, k, pad);
            }
        }
    /* a larger layer: many M tiles, long K, split-K on the filter gradient */
    run(gs[4], true, 4, 8, 8, 20, 20, 3, 1);
    run(gs[0], false, 8, 33, 47, 30, 30, 5, 2);

    /* argument checks */
    jace_conv_shape s{1, 1, 1, 4, 4, 3, 1};
    jace_status st = jace_lifting_conv_forward(nullptr, nullptr, nullptr, &gs[3].g, &s, JACE_PRECISION_FP32, nullptr);
    ++checks;
    if (st != JACE_ERROR_INVALID_ARGUMENT || std::strstr(last_error(), "jace_lifting_conv_forward") == nullptr) {
        ++failures;
        std::printf("FAIL NULL x: status %d, message '%s'\n", st, last_error());
    }
    jace_conv_shape bad{1, 1, 1, 2, 2, 5, 0};
    float *dummy;
    CU(cudaMalloc(&dummy, 256));
    st = jace_group_conv_backward_filter(dummy, dummy, dummy, &gs[3].g, &bad, JACE_PRECISION_FP32, nullptr);
    ++checks;
    if (st != JACE_ERROR_INVALID_ARGUMENT || std::strstr(last_error(), "jace_group_conv_backward_filter") == nullptr) {
        ++failures;
        std::printf("FAIL empty output: status %d, message '%s'\n", st, last_error());
    }
    cudaFree(dummy);

    static const char *pn[3] = {"FP32", "TF32", "BF16"};
    for (int p = 0; p < 3; ++p)
        std::printf("worst rel err %s: forward %.3g, backward_data %.3g, backward_filter %.3g\n", pn[p], worst[p][0],
                    worst[p][1], worst[p][2]);
    if (argc > 1 && std::strcmp(argv[1], "bench") == 0) bench();
    std::printf("conv_gpu_check: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
