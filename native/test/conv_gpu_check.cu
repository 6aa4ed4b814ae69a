/*
 * conv_gpu_check.cu — GPU check of the nine direct-convolution entry points against float64 references
 * (make -f native/conv.mk test-conv-gpu; needs a CUDA device, prints SKIP and exits 0 without one).
 *
 * For trivial/C2/mirror/C4/D4, lifting and group, FP32/TF32/BF16, odd/even k, odd sizes, batch 1:
 * error = max|gpu - ref| / max(|x| * |w|) per output, where |x| * |w| is the same convolution of the absolute values:
 * the sum the rounding error of each output is bounded by. Dividing by max|ref| instead fails correct results
 * wherever a small case's terms cancel (seen in the CPU emulator: a 1x1 mirror-group case with two terms of opposite
 * sign gave 1.2e-2 under TF32 input rounding). Tolerances: FP32 1e-5; TF32 2e-3 and BF16 1.6e-2, twice the
 * bound of rounding both inputs (2 * 2^-11 and 2 * 2^-8); worst values are printed. TF32 and BF16 results are also
 * held to FP32's 1e-5 against the float64 result of the inputs rounded as the kernels round them (to_smem): a
 * product of two rounded operands is exact in FP32, so an operand left unrounded (1e-4 off) fails there.
 * Before them all, a probe of the facts the TF32 and BF16 kernels' warp-level multiply rests on (mma_sync_probe.cu:
 * mma.sync's fragment positions, ldmatrix.trans, round_tf32 to nearest even), whose FAIL lines name what the device
 * reads otherwise. Also: backward_filter is bitwise deterministic, the three passes captured in a CUDA graph and
 * replayed give the eager calls' bits, JACE_CONV_KERNELS=implicit-gemm runs the implicit GEMM where the packed kernels would (and where the
 * narrow kernel would, for outputs of at most 16 channels, which the small cases above mostly are),
 * JACE_CONV_KERNELS=wgmma (and wgmma-192, wgmma-256) passes the checks and changes TF32's and BF16's bits on the
 * emulator's Hopper only, and bad arguments are refused with the function's name. The wgmma kernels come last, on
 * Hopper after a probe of what they assume of the device (wgmma_probe.cu): they have not run on a GPU, and a kernel
 * that faults there (an address outside its shared memory) fails every CUDA call of the process after it, so it would
 * take the other kernels' checks and timings with it. Last of all, after the argument checks, the wgmma main loop fed
 * by tensor copies (conv_wgmma_tma.cuh), after its own probe (tma_probe), which a wait nothing completes makes fault:
 * on a plain GEMM, and as the convolutions under JACE_CONV_KERNELS=wgmma-tma (check_tma_convolutions).
 * `conv_gpu_check bench` times five D4 group-conv layers per precision instead of checking, each entry point with the
 * default kernels and again with JACE_CONV_KERNELS=implicit-gemm (`bench implicit-gemm ...` lines), and then, on
 * Hopper, all layers again: TF32's entry points with JACE_CONV_KERNELS=wgmma, wgmma-128, wgmma-192 and wgmma-256
 * (`bench wgmma ...` lines: the tile height wgmma chooses, then each forced; backward_filter has no 192-row tiles, so
 * no `bench wgmma-192` line; before a layer's wgmma timings, `wgmma tiles ...` lines name the tiles wgmma chooses:
 * rows, backward_filter's K splits), and BF16's entry points with JACE_CONV_KERNELS=wgmma; last, the wgmma main loop
 * on a plain 8192-cube GEMM and on the two large layers' forward GEMM shapes (`bench wgmma-plain ...` lines: fed by
 * cp.async in 128- and 256-row tiles, then by tensor copies, `128-row tma`), its ceiling beside cuBLAS's, and after it
 * each layer's entry points on the tensor-copy loop at TF32 and BF16 (`bench wgmma-tma ...` lines);
 * `conv_gpu_check profile` runs only the largest layer's entry points, once per precision (on Hopper TF32's again
 * under JACE_CONV_KERNELS=wgmma-128, wgmma-192 and wgmma-256, BF16's under wgmma, then the wgmma main loop on a plain
 * GEMM, then the entry points under wgmma-tma), for a profiler (ncu);
 * `conv_gpu_check quick` checks without the random cases and the large plain layer: every kernel path (each group and
 * input kind, each precision, split-K, the packed and channels-last kernels' tile shapes) in a fraction of the time,
 * as the CPU emulator's other schedules run it;
 * `conv_gpu_check zfill` runs only zfill_probe.cu's question (may a zero-filling cp.async name an unmapped address?),
 * in a process of its own since a fault there would end the others' checks.
 * Built standalone (conv.cu + this file) with -DJACE_CONV_STANDALONE, which provides jace_fail.
 */
#include <cuda_runtime.h>

#include <cstdarg>
#include <memory>

#include "conv_reference.h"
#include "conv_wgmma.h"
#include "jace.h"
#include "jace_internal.h"
#include "mma_sync_probe.h"
#include "wgmma_probe.h"
#include "zfill_probe.h"

#ifdef JACE_CONV_STANDALONE
static thread_local char g_err[2048];
jace_status jace_fail(jace_status status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(g_err, sizeof g_err, fmt, ap);
    va_end(ap);
    return status;
}
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
static double worst[3][3];         /* [precision][fwd, bwd_data, bwd_filter] */
static double worst_rounded[3][3]; /* the same against the result of inputs rounded to the precision (TF32, BF16) */

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

/* v's elements rounded as the kernels round an operand at precision prec (round_to_precision). */
static Vec round_to(int prec, Vec v) {
    for (auto &e : v) e = round_to_precision(prec, e);
    return v;
}

static Vec absolute(Vec v) {
    for (auto &e : v) e = std::fabs(e);
    return v;
}

/* got against ref, the float64 result of the exact inputs, within prec's tolerance; and where `rounded` (TF32 and
 * BF16), against that of the inputs rounded to prec, within FP32's: each product of two rounded operands is exact in
 * FP32, so only the FP32 sums differ, and an operand the kernel failed to round (or rounded otherwise) shows. */
static void expect(const char *tag, const char *what, int prec, int which, const Vec &got, const Vec &ref,
                   const Vec &scale, const Vec *rounded = nullptr) {
    static const double tol[3] = {1e-5, 2e-3, 1.6e-2};
    if (rounded != nullptr) {
        const double er = scaled_error(got, *rounded, scale);
        worst_rounded[prec][which] = std::max(worst_rounded[prec][which], er);
        ++checks;
        if (!(er <= tol[0])) {
            ++failures;
            std::printf("FAIL %s %s prec %d: rel err %.3g against the rounded inputs' result (tol %.0e)\n", tag, what,
                        prec, er, tol[0]);
        }
    }
    double e = scaled_error(got, ref, scale);
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

/* One layer at every precision, or at `only` (0 FP32, 1 TF32, 2 BF16) alone; rounded_refs: also against the rounded
 * inputs' results (three more float64 references per reduced precision, left out for the large plain layer, whose
 * kernels the smaller cases cover). */
static void run(const Group &G, bool group_input, int n, int cin, int cout, int h, int w, int k, int pad,
                bool rounded_refs = true, int only = -1) {
    const jace_group &grp = G.g;
    Dims d{n, cin, cout, h, w, k, pad, h + 2 * pad - k + 1, w + 2 * pad - k + 1, grp.order,
           group_input ? grp.order : 1, group_input};
    if (d.ho < 1 || d.wo < 1) return;
    jace_conv_shape s{n, cin, cout, h, w, k, pad};
    const char *kernels = std::getenv("JACE_CONV_KERNELS");
    char tag[240];
    std::snprintf(tag, sizeof tag, "%s %s n%d cin%d cout%d h%d w%d k%d pad%d%s%.32s", G.name.c_str(),
                  group_input ? "group" : "lifting", n, cin, cout, h, w, k, pad,
                  kernels != nullptr ? " JACE_CONV_KERNELS=" : "", kernels != nullptr ? kernels : "");
    Vec x = round_f32(randv((size_t)n * cin * d.gin * h * w));
    Vec wt = round_f32(randv((size_t)cout * cin * d.gin * k * k));
    Vec dy = round_f32(randv((size_t)n * cout * d.G * d.ho * d.wo));
    Vec we = materialise(d, grp, wt);
    Vec y_ref = plain_conv(d, cin * d.gin, cout * d.G, x, we);
    Vec dx_ref = plain_conv_bwd_data(d, cin * d.gin, cout * d.G, dy, we);
    Vec dw_ref = materialise_adjoint(d, grp, plain_conv_bwd_filter(d, cin * d.gin, cout * d.G, x, dy));
    Vec ax = absolute(x), awe = absolute(we), ady = absolute(dy);
    Vec y_scale = plain_conv(d, cin * d.gin, cout * d.G, ax, awe);
    Vec dx_scale = plain_conv_bwd_data(d, cin * d.gin, cout * d.G, ady, awe);
    Vec dw_scale = materialise_adjoint(d, grp, plain_conv_bwd_filter(d, cin * d.gin, cout * d.G, ax, ady));
    Dev X(x), W(wt), DY(dy);
    for (int prec = 0; prec < 3; ++prec) {
        if (only >= 0 && prec != only) continue;
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
        const bool rounded = rounded_refs && prec != JACE_PRECISION_FP32;
        Vec y_round, dx_round, dw_round;
        if (rounded) {
            const Vec xr = round_to(prec, x), wr = materialise(d, grp, round_to(prec, wt)), dyr = round_to(prec, dy);
            y_round = plain_conv(d, cin * d.gin, cout * d.G, xr, wr);
            dx_round = plain_conv_bwd_data(d, cin * d.gin, cout * d.G, dyr, wr);
            dw_round = materialise_adjoint(d, grp, plain_conv_bwd_filter(d, cin * d.gin, cout * d.G, xr, dyr));
        }
        expect(tag, "forward", prec, 0, Y.get(), y_ref, y_scale, rounded ? &y_round : nullptr);
        expect(tag, "backward_data", prec, 1, DX.get(), dx_ref, dx_scale, rounded ? &dx_round : nullptr);
        Vec dw1 = DW.get(), dw2 = DW2.get();
        expect(tag, "backward_filter", prec, 2, dw1, dw_ref, dw_scale, rounded ? &dw_round : nullptr);
        ++checks;
        if (std::memcmp(dw1.data(), dw2.data(), dw1.size() * sizeof(double)) != 0) {
            ++failures;
            std::printf("FAIL %s prec %d: backward_filter not deterministic\n", tag, prec);
        }
    }
}

/* One D4 group-conv layer (N, C fibres of |G| = 8 channels in and out, HxW maps, k x k, same padding) on random
 * data, for the bench and profile modes. */
struct Layer {
    int n, c, hw, k;
    jace_conv_shape shape() const { return jace_conv_shape{n, c, c, hw, hw, k, k / 2}; }
    size_t maps() const { return (size_t)n * c * 8 * hw * hw; }
    size_t filter() const { return (size_t)c * c * 8 * k * k; }
    double flops() const { return 2.0 * n * hw * hw * (c * 8.0) * (c * 8.0) * k * k; }
};

/* bench's layers: a small one (n64 c16 32x32 k3), then GroupConvBench's two large ones (128x128x128x7x3,
 * 32x32x32x28x3), on which the TF32 target is judged, then two whose forward and backward_data split K on 132 SMs:
 * `jace bench`'s group conv (16x16x16x28x3, 2 splits) and GroupConvBench's batch of one (1x8x8x28x3, 2 splits);
 * profile runs the largest. */
static const Layer kLayers[] = {{64, 16, 32, 3}, {128, 128, 7, 3}, {32, 32, 28, 3}, {16, 16, 28, 3}, {1, 8, 28, 3}};
static const char *kPrecision[3] = {"FP32", "TF32", "BF16"};
static const char *kOp[3] = {"forward", "backward_data", "backward_filter"};

/* The three D4 group-conv entry points of a layer whose passes all take the packed and channels-last kernels, captured
 * into a CUDA graph (their workspaces, zeroing and copies becoming graph nodes) and replayed twice, give the bits of the
 * same calls made eagerly on the same stream, at every precision or at `only`; `label` names the kernels in FAIL
 * lines. */
static void check_graph(const char *label = "", int only = -1) {
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    const jace_conv_shape s{2, 8, 8, 9, 9, 3, 1}; /* 64 channels in and out */
    const size_t maps = (size_t)2 * 64 * 9 * 9, filter = (size_t)8 * 8 * 8 * 3 * 3;
    Dev X(randv(maps)), W(randv(filter)), DY(randv(maps));
    Dev Y(maps), DX(maps), DW(filter), GY(maps), GDX(maps), GDW(filter);
    cudaStream_t st;
    CU(cudaStreamCreateWithFlags(&st, cudaStreamNonBlocking));
    CU(cudaDeviceSynchronize()); /* Dev's cudaMemset may still be queued on the legacy stream, which st does not wait for */
    auto calls = [&](jace_precision P, const Dev &y, const Dev &dx, const Dev &dw) {
        jace_status a = jace_group_conv_forward(X.p, W.p, y.p, &D4.g, &s, P, st);
        jace_status b = jace_group_conv_backward_data(DY.p, W.p, dx.p, &D4.g, &s, P, st);
        jace_status c = jace_group_conv_backward_filter(X.p, DY.p, dw.p, &D4.g, &s, P, st);
        return a != JACE_SUCCESS ? a : b != JACE_SUCCESS ? b : c;
    };
    for (int prec = 0; prec < 3; ++prec) {
        if (only >= 0 && prec != only) continue;
        const jace_precision P = (jace_precision)prec;
        ++checks;
        jace_status eager = calls(P, Y, DX, DW);
        CU(cudaStreamSynchronize(st));
        cudaGraph_t graph = nullptr;
        CU(cudaStreamBeginCapture(st, cudaStreamCaptureModeThreadLocal));
        jace_status captured = calls(P, GY, GDX, GDW);
        CU(cudaStreamEndCapture(st, &graph));
        if (eager != JACE_SUCCESS || captured != JACE_SUCCESS) {
            ++failures;
            std::printf("FAIL graph%s %s: status eager %d, captured %d: %s\n", label, kPrecision[prec], eager,
                        captured, last_error());
            CU(cudaGraphDestroy(graph));
            continue;
        }
        cudaGraphExec_t exec;
        CU(cudaGraphInstantiate(&exec, graph, 0));
        for (int replay = 0; replay < 2; ++replay) {
            for (const Dev *d : {&GY, &GDX, &GDW}) CU(cudaMemsetAsync(d->p, 0xff, d->n * sizeof(float), st));
            CU(cudaGraphLaunch(exec, st));
            CU(cudaStreamSynchronize(st));
            const Dev *want[3] = {&Y, &DX, &DW}, *got[3] = {&GY, &GDX, &GDW};
            for (int i = 0; i < 3; ++i) {
                Vec a = want[i]->get(), b = got[i]->get();
                ++checks;
                if (std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) != 0) {
                    ++failures;
                    std::printf("FAIL graph%s %s %s replay %d: not the eager call's bits\n", label, kPrecision[prec],
                                kOp[i], replay);
                }
            }
        }
        CU(cudaGraphExecDestroy(exec));
        CU(cudaGraphDestroy(graph));
    }
    CU(cudaStreamDestroy(st));
}

/* Whether the device is the CPU emulator's (its name says so), whose wgmma sums a k step's products before adding them:
 * kernels that sum otherwise give other bits there. */
static bool on_emulator() {
    cudaDeviceProp prop;
    CU(cudaGetDeviceProperties(&prop, 0));
    return std::strstr(prop.name, "emulator") != nullptr;
}

/* On the emulator, the grids of the kernel named `kernel` at its launches run so far (jace_emu_grids_run); 0 on a GPU,
 * whose runtime does not define the function. */
extern "C" unsigned long long jace_emu_grids_run(const char *kernel) __attribute__((weak));
static unsigned long long grids_run(const char *kernel) {
    return jace_emu_grids_run != nullptr ? jace_emu_grids_run(kernel) : 0;
}

/* A D4 group-conv entry point (0 forward, 1 backward_data, 2 backward_filter) of shape s (by default 2 x 32 -> 40
 * channels, 6x6, k3) under the JACE_CONV_KERNELS value set by the caller, then on the same inputs with the variable
 * unset: both statuses, whether the outputs have the same bits or close values, and the grids of a kernel counted in
 * the first. */
struct Override {
    jace_status chosen, standard;
    bool same;
    bool close;               /* within 1e-4 of the largest magnitude of the second pass's output */
    unsigned long long grids; /* of the kernel `counted` names, run by the first pass (on a GPU 0) */
};

/* A D4 group-conv pass (`which`: 0 forward, 1 backward_data, 2 backward_filter) under the JACE_CONV_KERNELS of the
 * caller, then on the same inputs under `against` (nullptr: unset, the default kernels): both statuses, whether
 * their bits are the same or close, and on the emulator how many grids of the kernel named `counted` the first pass
 * ran. */
static Override pass_under_override(jace_precision prec, int which, jace_conv_shape s = {2, 4, 5, 6, 6, 3, 1},
                                    const char *against = nullptr, const char *counted = "") {
    static const std::vector<Group> groups = standard_groups();
    const int ho = s.h + 2 * s.pad - s.k + 1, wo = s.w + 2 * s.pad - s.k + 1;
    const size_t xs = (size_t)s.n * s.cin * 8 * s.h * s.w, ws = (size_t)s.cout * s.cin * 8 * s.k * s.k;
    const size_t ys = (size_t)s.n * s.cout * 8 * ho * wo, out = which == 0 ? ys : which == 1 ? xs : ws;
    Dev X(randv(xs)), W(randv(ws)), DY(randv(ys)), A(out), B(out);
    const auto pass = [&](float *o) {
        const jace_group *g = &groups[4].g;
        return which == 0   ? jace_group_conv_forward(X.p, W.p, o, g, &s, prec, nullptr)
               : which == 1 ? jace_group_conv_backward_data(DY.p, W.p, o, g, &s, prec, nullptr)
                            : jace_group_conv_backward_filter(X.p, DY.p, o, g, &s, prec, nullptr);
    };
    Override o;
    const unsigned long long before = grids_run(counted);
    o.chosen = pass(A.p);
    CU(cudaDeviceSynchronize());
    o.grids = grids_run(counted) - before;
    if (against != nullptr) {
        setenv("JACE_CONV_KERNELS", against, 1);
    } else {
        unsetenv("JACE_CONV_KERNELS");
    }
    o.standard = pass(B.p);
    CU(cudaDeviceSynchronize());
    const Vec a = A.get(), b = B.get();
    o.same = std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
    double apart = 0, largest = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        apart = std::max(apart, std::fabs(a[i] - b[i]));
        largest = std::max(largest, std::fabs(b[i]));
    }
    o.close = apart <= 1e-4 * largest;
    return o;
}

/* JACE_CONV_KERNELS=implicit-gemm: a layer that the packed and channels-last kernels take by default (32 -> 40 D4
 * channels) passes run()'s checks on the implicit GEMM, and its FP32 forward is not the default's bits (another order
 * of summation: the variable was followed; backward_filter's sums come in the same order on both paths, so there the
 * emulator's count of the implicit GEMM's grids tells, and on a GPU only the bench's times); an unknown value is
 * refused, naming the variable and the values it takes, before anything is written. */
static void check_kernel_override() {
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    setenv("JACE_CONV_KERNELS", "implicit-gemm", 1);
    run(D4, true, 2, 4, 5, 6, 6, 3, 1);
    const Override o = pass_under_override(JACE_PRECISION_FP32, 0);
    ++checks;
    if (o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS || o.same) {
        ++failures;
        const bool ran = o.chosen == JACE_SUCCESS && o.standard == JACE_SUCCESS;
        std::printf("FAIL JACE_CONV_KERNELS=implicit-gemm: status %d (default %d), %s\n", o.chosen, o.standard,
                    ran ? "the default kernels' bits" : last_error());
    }
    if (on_emulator()) {
        setenv("JACE_CONV_KERNELS", "implicit-gemm", 1);
        const Override f = pass_under_override(JACE_PRECISION_FP32, 2, {2, 4, 5, 6, 6, 3, 1}, nullptr,
                                               "conv_igemm_kernel");
        ++checks;
        if (f.chosen != JACE_SUCCESS || f.standard != JACE_SUCCESS || f.grids == 0) {
            ++failures;
            std::printf("FAIL JACE_CONV_KERNELS=implicit-gemm backward_filter: status %d (default %d), %s\n",
                        f.chosen, f.standard,
                        f.chosen == JACE_SUCCESS && f.standard == JACE_SUCCESS ? "no grid of conv_igemm_kernel"
                                                                               : last_error());
        }
    }
    Dev X(randv((size_t)2 * 32 * 36)), Y(randv((size_t)2 * 40 * 36));
    const jace_conv_shape s{2, 4, 5, 6, 6, 3, 1};
    Dev DW(5 * 4 * 8 * 9); /* NaN bits: unwritten */
    const Vec before = DW.get();
    setenv("JACE_CONV_KERNELS", "packed", 1);
    const jace_status refused =
        jace_group_conv_backward_filter(X.p, Y.p, DW.p, &D4.g, &s, JACE_PRECISION_FP32, nullptr);
    unsetenv("JACE_CONV_KERNELS");
    CU(cudaDeviceSynchronize());
    ++checks;
    const Vec after = DW.get();
    const bool written = std::memcmp(after.data(), before.data(), after.size() * sizeof(double)) != 0;
    if (refused != JACE_ERROR_INVALID_ARGUMENT || written ||
        std::strstr(last_error(), "jace_group_conv_backward_filter: JACE_CONV_KERNELS is 'packed'; expected auto") ==
            nullptr) {
        ++failures;
        std::printf("FAIL JACE_CONV_KERNELS=packed: status %d, message '%s'%s\n", refused, last_error(),
                    written ? ", dw written" : "");
    }
}

/* JACE_CONV_KERNELS=unsplit: a layer whose forward and backward_data split K by default (check_graph's, 3 tiles of 64
 * rows, 2 splits on 132 SMs) passes run()'s checks with K whole, and its FP32 forward and backward_data are not the
 * default's bits (another order of summation: the variable was followed); backward_filter, which it leaves split, is
 * (its sums come in the same order). */
static void check_unsplit() {
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    const jace_conv_shape s{2, 8, 8, 9, 9, 3, 1};
    setenv("JACE_CONV_KERNELS", "unsplit", 1);
    run(D4, true, s.n, s.cin, s.cout, s.h, s.w, s.k, s.pad);
    for (int which = 0; which < 3; ++which) {
        setenv("JACE_CONV_KERNELS", "unsplit", 1);
        const Override o = pass_under_override(JACE_PRECISION_FP32, which, s);
        ++checks;
        if (o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS || o.same != (which == 2)) {
            ++failures;
            std::printf("FAIL JACE_CONV_KERNELS=unsplit %s: status %d (default %d), %s\n", kOp[which], o.chosen,
                        o.standard, o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS ? last_error()
                        : o.same ? "the default kernels' bits" : "other bits than the default's");
        }
    }
}

/* The narrow kernel (conv_narrow.cuh) takes forward and backward_data where their output has at most 16 channels:
 * under unsplit, K whole, a D4 lifting layer's backward_data of 9 channels (16 columns of window) runs its 800 lines
 * through 16 chunks of staged filter and passes run()'s checks; on the emulator, a D4 group conv of one channel in and
 * out (8 columns each way) runs conv_narrow_kernel in both passes by default, and none under implicit-gemm, whose
 * results it matches to 1e-4 of their largest magnitude (on a GPU, which counts no grids, only that). */
static void check_narrow() {
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    setenv("JACE_CONV_KERNELS", "unsplit", 1);
    run(D4, false, 1, 9, 20, 9, 9, 5, 2);
    unsetenv("JACE_CONV_KERNELS");
    const jace_conv_shape s{2, 1, 1, 7, 9, 3, 1};
    for (int which = 0; which < 2; ++which) {
        const Override chosen =
            pass_under_override(JACE_PRECISION_FP32, which, s, "implicit-gemm", "conv_narrow_kernel");
        setenv("JACE_CONV_KERNELS", "implicit-gemm", 1);
        const Override gemm = pass_under_override(JACE_PRECISION_FP32, which, s, nullptr, "conv_narrow_kernel");
        const bool ok = chosen.chosen == JACE_SUCCESS && chosen.standard == JACE_SUCCESS && gemm.chosen == JACE_SUCCESS;
        const bool counted = !on_emulator() || (chosen.grids > 0 && gemm.grids == 0);
        ++checks;
        if (!ok || !counted || !chosen.close) {
            ++failures;
            std::printf("FAIL narrow %s: status %d (implicit-gemm %d), %llu grids of conv_narrow_kernel by default, "
                        "%llu under implicit-gemm, %s\n", kOp[which], chosen.chosen, chosen.standard, chosen.grids,
                        gemm.grids, !ok ? last_error() : chosen.close ? "results alike" : "results apart");
        }
    }
}

/* Whether the device has 132 SMs, which the expected tiles and splits of the checks named `what` assume; a NOTE
 * where not. */
static bool has_132_sms(const char *what) {
    int sms = 0;
    CU(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    if (sms != 132) std::printf("NOTE %s not checked: %d SMs, not 132\n", what, sms);
    return sms == 132;
}

/* jace_conv_splits reports the K splits of the default kernels: on 132 SMs (the emulator's, an H100 SXM's or an
 * H200's) forward and backward_data keep K whole on the bench's large layers (392 tiles of 128 rows, at least two a
 * SM), split it in 2 on `jace bench`'s group conv (196 tiles of 64 rows: ceil(2 x 132 / 196); 72 K tiles) and on
 * a batch of one (13 tiles of 64 rows would take 21 splits, but 36 K tiles make 2 of at least 16); a lifting conv
 * with 3 input channels keeps forward's whole (2 x 196 tiles) and splits backward_data's, 3 columns on the narrow
 * kernel (25 blocks of 128 runs of 4 pixels), in 22 (ceil(4 x 132 / 25)) of 30 of its 640 lines (K / k). */
static void check_splits() {
    if (!has_132_sms("splits")) return;
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    const struct {
        jace_conv_shape s;
        bool group_input;
        int which, splits;
    } cases[] = {{{128, 128, 128, 7, 7, 3, 1}, true, 0, 1}, {{128, 128, 128, 7, 7, 3, 1}, true, 1, 1},
                 {{32, 32, 32, 28, 28, 3, 1}, true, 0, 1},   {{32, 32, 32, 28, 28, 3, 1}, true, 1, 1},
                 {{16, 16, 16, 28, 28, 3, 1}, true, 0, 2},   {{16, 16, 16, 28, 28, 3, 1}, true, 1, 2},
                 {{1, 8, 8, 28, 28, 3, 1}, true, 0, 2},      {{1, 8, 8, 28, 28, 3, 1}, true, 1, 2},
                 {{16, 3, 16, 28, 28, 5, 2}, false, 0, 1},   {{16, 3, 16, 28, 28, 5, 2}, false, 1, 22}};
    for (const auto &c : cases) {
        int splits = -1;
        const jace_status st = jace_conv_splits("conv_gpu_check", c.which, &D4.g, c.group_input, &c.s, &splits);
        ++checks;
        if (st != JACE_SUCCESS || splits != c.splits) {
            ++failures;
            std::printf("FAIL splits %s n%d c%d %dx%d k%d %s: status %d, %d splits; want %d\n",
                        c.group_input ? "group" : "lifting", c.s.n, c.s.cin, c.s.h, c.s.w, c.s.k, kOp[c.which], st,
                        splits, c.splits);
        }
    }
}

/* Whether the device is a Hopper one (compute capability 9.0), where JACE_CONV_KERNELS=wgmma changes TF32's forward
 * and backward_data. */
static bool hopper() {
    int dev = 0, major = 0, minor = 0;
    CU(cudaGetDevice(&dev));
    CU(cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
    CU(cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev));
    return major == 9 && minor == 0;
}

/* Entry point `which` at `precision` under JACE_CONV_KERNELS=kernels against the default kernels' bits: equal where
 * there is no wgmma, different on the emulator's Hopper, noted where equal on a GPU's (check_wgmma). */
static void check_wgmma_bits(const char *kernels, jace_precision precision, int which, bool emulator) {
    setenv("JACE_CONV_KERNELS", kernels, 1);
    const Override o = pass_under_override(precision, which);
    const char *op = kOp[which], *prec = kPrecision[precision];
    ++checks;
    const bool wrong_bits = hopper() ? emulator && o.same : !o.same;
    if (o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS || wrong_bits) {
        ++failures;
        std::printf("FAIL JACE_CONV_KERNELS=%s %s %s: status %d (default %d), %s\n", kernels, prec, op, o.chosen,
                    o.standard, o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS ? last_error()
                    : o.same ? "the default kernels' bits on the emulator's Hopper"
                             : "other bits than the default kernels' on a device without wgmma");
    } else if (o.same && hopper()) {
        std::printf("NOTE JACE_CONV_KERNELS=%s %s %s: the default kernels' bits (both kernels' tensor cores summed "
                    "alike; the bench's times tell them apart)\n", kernels, prec, op);
    }
}

/* JACE_CONV_KERNELS=wgmma, =wgmma-192 and =wgmma-256 (which the small layers here would not choose; backward_filter
 * keeps its own height under wgmma-192): run()'s TF32 and BF16 checks (the variable changes no FP32 pass) of layers
 * the packed and channels-last kernels take by default (many M tiles and a partial N tile, channels that are no
 * multiple of 16, two N tiles, padding, and one whose backward_data crops) and check_graph's capture and replays; then
 * a forward and a backward_filter of each precision whose bits equal the default kernels' where there is no wgmma
 * (those kernels run), and differ from them on the emulator's Hopper (whose wgmma sums a k step's products before
 * adding them: the variable was followed). On a GPU's Hopper the two kernels may sum alike: the same bits are noted,
 * not failed. */
static void check_wgmma() {
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    for (const char *kernels : {"wgmma", "wgmma-192", "wgmma-256"}) {
        setenv("JACE_CONV_KERNELS", kernels, 1);
        const std::string label = std::string(" ") + kernels;
        for (jace_precision prec : {JACE_PRECISION_TF32, JACE_PRECISION_BF16}) {
            run(D4, true, 1, 4, 9, 40, 40, 1, 0, true, prec);
            run(D4, true, 2, 4, 5, 6, 6, 3, 1, true, prec);
            run(D4, true, 1, 5, 20, 10, 9, 3, 2, true, prec);
            run(D4, true, 1, 4, 6, 7, 7, 1, 1, true, prec); /* backward_data's padding crops: not wgmma */
            check_graph(label.c_str(), prec);
        }
    }
    const bool emulator = on_emulator();
    for (const char *kernels : {"wgmma", "wgmma-192", "wgmma-256"})
        for (const jace_precision precision : {JACE_PRECISION_TF32, JACE_PRECISION_BF16})
            for (int which = 0; which < 3; which += 2) check_wgmma_bits(kernels, precision, which, emulator);
    /* k1 pad1: backward_data's padding crops (pad' = -1), which the input's channels-last copy cannot hold, so it
     * keeps the default kernels (their bits) while forward takes wgmma (on the emulator's Hopper, other bits). */
    if (hopper() && emulator) {
        for (int which = 0; which < 2; ++which) {
            setenv("JACE_CONV_KERNELS", "wgmma", 1);
            const Override o = pass_under_override(JACE_PRECISION_TF32, which, {1, 4, 6, 7, 7, 1, 1});
            ++checks;
            if (o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS || o.same != (which == 1)) {
                ++failures;
                std::printf("FAIL JACE_CONV_KERNELS=wgmma k1 pad1 %s: status %d (default %d), %s\n", kOp[which],
                            o.chosen, o.standard, o.chosen != JACE_SUCCESS || o.standard != JACE_SUCCESS
                            ? last_error() : o.same ? "the default kernels' bits" : "other bits than the default's");
            }
        }
    }
}

/* jace_conv_wgmma_tiles reports the tiles the convolution takes under JACE_CONV_KERNELS=wgmma: on 132 SMs (the
 * emulator's, an H100 SXM's or an H200's) the bench's large layers' as bench/RESULTS.md gives them (forward and
 * backward_data 192 rows, backward_filter 128 rows unsplit on n128 c128 7x7, 256 rows in 7 splits on n32 c32 28x28),
 * and 0 rows for a backward_data whose padding crops (it keeps the default kernels). */
static void check_wgmma_tiles() {
    if (!has_132_sms("wgmma tiles")) return;
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    const struct {
        jace_conv_shape s;
        int which, rows, splits;
    } cases[] = {{{128, 128, 128, 7, 7, 3, 1}, 0, 192, 1},  {{128, 128, 128, 7, 7, 3, 1}, 1, 192, 1},
                 {{128, 128, 128, 7, 7, 3, 1}, 2, 128, 1},  {{32, 32, 32, 28, 28, 3, 1}, 0, 192, 1},
                 {{32, 32, 32, 28, 28, 3, 1}, 1, 192, 1},   {{32, 32, 32, 28, 28, 3, 1}, 2, 256, 7},
                 {{1, 4, 6, 7, 7, 1, 1}, 1, 0, 1}};
    for (const auto &c : cases) {
        int rows = -1, splits = -1;
        const jace_status st = jace_conv_wgmma_tiles("conv_gpu_check", c.which, &D4.g, true, &c.s, &rows, &splits);
        ++checks;
        if (st != JACE_SUCCESS || rows != c.rows || splits != c.splits) {
            ++failures;
            std::printf("FAIL wgmma tiles n%d c%d %dx%d k%d pad%d %s: status %d, %d rows, %d splits; want %d, %d\n",
                        c.s.n, c.s.cin, c.s.h, c.s.w, c.s.k, c.s.pad, kOp[c.which], st, rows, splits, c.rows,
                        c.splits);
        }
    }
}

/* A K-major m x k matrix for jace_conv_wgmma_plain_gemm on the device, its values v rounded to prec as the kernels'
 * operands are (TF32 in floats, BF16 as the high halves of the rounded floats); `values` gets the rounded values. */
struct PlainOperand {
    void *p = nullptr;
    PlainOperand(int prec, const Vec &v, Vec &values) {
        values.resize(v.size());
        std::vector<unsigned> bits(v.size());
        for (size_t i = 0; i < v.size(); ++i) {
            const float f = (float)round_to_precision(prec, v[i]);
            values[i] = f;
            std::memcpy(&bits[i], &f, sizeof f);
        }
        const size_t bytes = v.size() * (prec == JACE_PRECISION_BF16 ? 2 : 4);
        CU(cudaMalloc(&p, bytes));
        if (prec == JACE_PRECISION_BF16) {
            std::vector<unsigned short> half(v.size());
            for (size_t i = 0; i < v.size(); ++i) half[i] = (unsigned short)(bits[i] >> 16);
            CU(cudaMemcpy(p, half.data(), bytes, cudaMemcpyHostToDevice));
        } else {
            CU(cudaMemcpy(p, bits.data(), bytes, cudaMemcpyHostToDevice));
        }
    }
    PlainOperand(const PlainOperand &) = delete;
    PlainOperand &operator=(const PlainOperand &) = delete;
    ~PlainOperand() { cudaFree(p); }
};

/* The wgmma main loop on a plain GEMM: fed by cp.async in tiles of `rows` rows (jace_conv_wgmma_plain_gemm), or by
 * tensor copies in 128-row tiles (tma: jace_conv_wgmma_tma_plain_gemm); `label` as the bench and FAIL lines name it. */
struct PlainLoop {
    int rows;
    bool tma;
    const char *label;
    jace_status run(int prec, int m, int n, int k, const void *a, const void *b, float *c) const {
        return tma ? jace_conv_wgmma_tma_plain_gemm("conv_gpu_check", (jace_precision)prec, m, n, k, a, b, c, nullptr)
                   : jace_conv_wgmma_plain_gemm("conv_gpu_check", (jace_precision)prec, rows, m, n, k, a, b, c,
                                                nullptr);
    }
};
static const PlainLoop kPlainLoops[] = {{128, false, "128-row"}, {256, false, "256-row"}, {128, true, "128-row tma"}};

/* The wgmma main loop on plain GEMMs, the ceiling that the bench times, on Hopper: C^T = A B^T at TF32 and BF16 in
 * each loop fed by cp.async (tma false) or the one fed by tensor copies (tma true), two tiles of rows and two of
 * columns, against the float64 product of the rounded operands (within FP32's 1e-5: each product is exact), every
 * output written. The cp.async loop takes 3 K tiles (BF16's second step short); the tensor copies' loop 8 (its 6-stage
 * ring goes round once more). Then k not a multiple of the K tile refused with the function's name. */
static void check_wgmma_plain(bool tma) {
    const int n = 256;
    for (int prec : {(int)JACE_PRECISION_TF32, (int)JACE_PRECISION_BF16})
        for (const PlainLoop &loop : kPlainLoops) {
            if (loop.tma != tma) continue;
            const int m = 2 * loop.rows, k = loop.tma ? 8 * (prec == JACE_PRECISION_BF16 ? 64 : 32) : 48;
            Vec av, bv;
            PlainOperand a(prec, randv((size_t)m * k), av), b(prec, randv((size_t)n * k), bv);
            Dev c((size_t)m * n);
            ++checks;
            const jace_status st = loop.run(prec, m, n, k, a.p, b.p, c.p);
            if (st != JACE_SUCCESS) {
                ++failures;
                std::printf("FAIL wgmma plain gemm %s %s: status %d, %s\n", kPrecision[prec], loop.label, st,
                            last_error());
                continue;
            }
            CU(cudaDeviceSynchronize());
            const Vec got = c.get();
            Vec ref((size_t)m * n), scale((size_t)m * n);
            for (int j = 0; j < n; ++j)
                for (int i = 0; i < m; ++i) {
                    double sum = 0, abs = 0;
                    for (int kk = 0; kk < k; ++kk) {
                        sum += av[(size_t)i * k + kk] * bv[(size_t)j * k + kk];
                        abs += std::fabs(av[(size_t)i * k + kk] * bv[(size_t)j * k + kk]);
                    }
                    ref[(size_t)j * m + i] = sum;
                    scale[(size_t)j * m + i] = abs;
                }
            const double err = scaled_error(got, ref, scale);
            if (!(err < 1e-5)) {
                ++failures;
                std::printf("FAIL wgmma plain gemm %s %s m%d n%d k%d: err %.3g (tol 1e-05)\n", kPrecision[prec],
                            loop.label, m, n, k, err);
            }
        }
    const PlainLoop &loop = kPlainLoops[tma ? 2 : 0];
    const int k = tma ? 48 : 40;
    ++checks;
    const jace_status st = loop.run(JACE_PRECISION_TF32, 128, 128, k, nullptr, nullptr, nullptr);
    if (st != JACE_ERROR_INVALID_ARGUMENT || std::strstr(last_error(), "conv_gpu_check") == nullptr) {
        ++failures;
        std::printf("FAIL wgmma plain gemm %s k%d: status %d, %s\n", loop.label, k, st, last_error());
    }
}

/* Pass `which` at `prec` under JACE_CONV_KERNELS=wgmma-tma, then under wgmma, on the n4 20x20 layer: both succeed; on
 * the emulator the first ran one grid of the tensor-copy kernel of the pass (the data kernel for forward and
 * backward_data, the filter kernel for backward_filter), and backward_filter's bits are not wgmma's, whose K
 * tiles and splits are others (on a GPU the same bits are noted). */
static void check_tma_pass(jace_precision prec, int which, bool emulator) {
    const char *kernel = which == 2 ? "conv_wgmma_tma_filter_kernel" : "conv_wgmma_tma_data_kernel";
    setenv("JACE_CONV_KERNELS", "wgmma-tma", 1);
    const Override o = pass_under_override(prec, which, {4, 4, 4, 20, 20, 3, 1}, "wgmma", kernel);
    ++checks;
    const bool ran = o.chosen == JACE_SUCCESS && o.standard == JACE_SUCCESS;
    if (!ran || (emulator && (o.grids != 1 || (which == 2 && o.same)))) {
        ++failures;
        std::printf("FAIL JACE_CONV_KERNELS=wgmma-tma %s %s: status %d (wgmma %d), %s%llu grids of %s\n",
                    kPrecision[prec], kOp[which], o.chosen, o.standard,
                    !ran ? last_error() : which == 2 && o.same ? "wgmma's bits on the emulator, " : "", o.grids,
                    kernel);
    } else if (which == 2 && o.same) {
        std::printf("NOTE JACE_CONV_KERNELS=wgmma-tma %s backward_filter: wgmma's bits (the bench's times tell "
                    "them apart)\n", kPrecision[prec]);
    }
}

/* JACE_CONV_KERNELS=wgmma-tma: the three passes on the tensor-copy loop pass run()'s TF32 and BF16 checks and
 * check_graph's capture and replays. backward_filter on layers whose images' pixels are padded to the K tile (6x6:
 * 48 -> 64), whose rows are (11 -> 12 TF32, 16 BF16), with two row tiles (160 channels of dy), two column tiles (136
 * of x) and a 5x5 filter, and whose K splits start inside an image (n4 20x20); forward and backward_data on the same
 * layers: rows of 6, 7, 9, 11 and 20 outputs (segments of 8 with columns dropped; a last tile past the images), two
 * column tiles (136 and 160 output channels), 40 and 136 input channels (a tap's last K tile zero past them), padding 0
 * to 2 and a 5x5 filter. On the n4 20x20 layer backward_filter's bits are not wgmma's, whose K tiles and splits are
 * others (the variable was followed: on the emulator a failure, on a GPU a note, as check_wgmma_bits');
 * forward's and backward_data's sums are wgmma's, k step for k step (a tap's K tile zero past its channels adds
 * zeros), so on the emulator the grids each pass runs of the tensor-copy kernels tell that it took them. The quick
 * run leaves out the second and fourth layers' run() checks, so there backward_filter's two row tiles and its splits
 * inside an image go unchecked (the full run checks them). */
static void check_tma_convolutions(bool quick) {
    const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    const bool emulator = on_emulator();
    for (jace_precision prec : {JACE_PRECISION_TF32, JACE_PRECISION_BF16}) {
        setenv("JACE_CONV_KERNELS", "wgmma-tma", 1);
        run(D4, true, 2, 4, 5, 6, 6, 3, 1, true, prec);
        if (!quick) run(D4, true, 1, 5, 20, 10, 9, 3, 2, true, prec);
        run(D4, true, 1, 17, 4, 7, 7, 5, 2, true, prec);
        if (!quick) run(D4, true, 4, 4, 4, 20, 20, 3, 1, true, prec);
        check_graph(" wgmma-tma", prec);
        for (int which = 0; which < 3; ++which) check_tma_pass(prec, which, emulator);
    }
    unsetenv("JACE_CONV_KERNELS");
}

/* The tensor-copy loop last of all, its device facts first: it has not run on a GPU, and a wait that nothing
 * completes traps (tma.cuh), a fault that fails every later CUDA call of the process. Where the probe failed, its
 * FAIL lines say why, and neither the GEMM nor the convolutions under wgmma-tma are run. */
static void check_tensor_copies(bool quick) {
    checks += 2; /* the TF32 and the BF16 probe */
    const int probe_failures = tma_probe(last_error);
    failures += probe_failures;
    if (probe_failures == 0) {
        check_wgmma_plain(true);
        check_tma_convolutions(quick);
    } else {
        std::printf("NOTE wgmma plain gemm 128-row tma and JACE_CONV_KERNELS=wgmma-tma not run: the tma probe "
                    "failed\n");
    }
}

/* A layer's device buffers; the inputs hold random values, not zeros: tensor cores draw less power on zeros, and the
 * clocks then run higher. */
struct LayerBuffers {
    Dev x, y, w, dx, dw;
    explicit LayerBuffers(const Layer &l)
        : x(randv(l.maps())), y(randv(l.maps())), w(randv(l.filter())), dx(l.maps()), dw(l.filter()) {}
};

/* One entry point (0 forward, 1 backward_data, 2 backward_filter) of the D4 group conv on the layer. */
static jace_status call(int which, int prec, const LayerBuffers &b, const jace_conv_shape &s) {
    static const std::vector<Group> groups = standard_groups();
    const Group &D4 = groups[4];
    jace_precision P = (jace_precision)prec;
    if (which == 0) return jace_group_conv_forward(b.x.p, b.w.p, b.y.p, &D4.g, &s, P, nullptr);
    if (which == 1) return jace_group_conv_backward_data(b.y.p, b.w.p, b.dx.p, &D4.g, &s, P, nullptr);
    return jace_group_conv_backward_filter(b.x.p, b.y.p, b.dw.p, &D4.g, &s, P, nullptr);
}

/* Whether an entry point's call succeeded; a failure is counted and printed as `FAIL <label> D4 group conv ...`. */
static bool called(const char *label, jace_status st, const Layer &l, int prec, int which) {
    if (st == JACE_SUCCESS) return true;
    ++failures;
    std::printf("FAIL %s D4 group conv n%d c%d %dx%d k%d %s %s: status %d: %s\n", label, l.n, l.c, l.hw, l.hw, l.k,
                kPrecision[prec], kOp[which], st, last_error());
    return false;
}

/* One entry point's line: 3 warm-up calls, then the mean of 20 between two events; `label` "bench" for the default
 * kernels, "bench implicit-gemm" under JACE_CONV_KERNELS=implicit-gemm, "bench unsplit" under
 * JACE_CONV_KERNELS=unsplit, "bench wgmma" under JACE_CONV_KERNELS=wgmma. */
static void time_entry_point(const char *label, const Layer &l, const LayerBuffers &b, int prec, int which,
                             cudaEvent_t e0, cudaEvent_t e1) {
    const jace_conv_shape s = l.shape();
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) ok = called(label, call(which, prec, b, s), l, prec, which);
    if (!ok) return;
    const int reps = 20;
    CU(cudaEventRecord(e0));
    for (int i = 0; i < reps && ok; ++i) ok = called(label, call(which, prec, b, s), l, prec, which);
    CU(cudaEventRecord(e1));
    CU(cudaEventSynchronize(e1));
    if (!ok) return;
    float ms;
    CU(cudaEventElapsedTime(&ms, e0, e1));
    ms /= reps;
    std::printf("%s D4 group conv n%d c%d %dx%d k%d %s %-16s %8.3f ms %8.1f TFLOP/s\n", label, l.n, l.c, l.hw, l.hw,
                l.k, kPrecision[prec], kOp[which], ms, l.flops() / ms / 1e9);
}

/* Whether JACE_CONV_KERNELS=kernels gives entry point `which` tiles of its own: wgmma-192 leaves backward_filter
 * (which has no 192-row tiles) the height `wgmma` chooses, timed and profiled already. */
static bool own_tiles(const char *kernels, int which) {
    return which != 2 || std::strcmp(kernels, "wgmma-192") != 0;
}

/* The wgmma tiles JACE_CONV_KERNELS=wgmma gives each entry point of the layer, one `wgmma tiles ...` line each (rows
 * and backward_filter's K splits; 0 rows where the pass keeps other kernels), beside which the bench times them. */
static void print_wgmma_tiles(const Layer &l) {
    static const std::vector<Group> groups = standard_groups();
    const jace_conv_shape s = l.shape();
    for (int which = 0; which < 3; ++which) {
        int rows = 0, splits = 0;
        const jace_status st = jace_conv_wgmma_tiles("conv_gpu_check", which, &groups[4].g, true, &s, &rows, &splits);
        if (called("wgmma tiles", st, l, JACE_PRECISION_TF32, which)) {
            std::printf("wgmma tiles D4 group conv n%d c%d %dx%d k%d %s %d rows %d splits\n", l.n, l.c, l.hw, l.hw,
                        l.k, kOp[which], rows, splits);
        }
    }
}

/* The K splits the default kernels give each entry point of the layer, one `splits ...` line each; returns them
 * (0 where the query failed). */
static std::vector<int> print_splits(const Layer &l) {
    static const std::vector<Group> groups = standard_groups();
    const jace_conv_shape s = l.shape();
    std::vector<int> all(3, 0);
    for (int which = 0; which < 3; ++which) {
        int splits = 0;
        const jace_status st = jace_conv_splits("conv_gpu_check", which, &groups[4].g, true, &s, &splits);
        if (called("splits", st, l, JACE_PRECISION_FP32, which)) {
            std::printf("splits D4 group conv n%d c%d %dx%d k%d %s %d splits\n", l.n, l.c, l.hw, l.hw, l.k,
                        kOp[which], splits);
            all[which] = splits;
        }
    }
    return all;
}

/* The conversions that the CUDA backend's BF16 expand + cuDNN baseline (Java's Bf16CudnnConv) adds to one pass of
 * the layer as a plain convolution of 8c channels with the expanded filter: forward and backward_data round their
 * map and the filter to bfloat16 and widen their output map; backward_filter rounds two maps and widens the filter.
 * One `staging bf16 ...` line: the mean of 20 of each between two events. */
static void time_bf16_staging(const Layer &l, cudaEvent_t e0, cudaEvent_t e1) {
    const size_t expanded = (size_t)l.c * 8 * l.c * 8 * l.k * l.k;
    Dev maps(l.maps()), filter(expanded);
    unsigned short *half = nullptr;
    CU(cudaMalloc(&half, std::max(l.maps(), expanded) * sizeof(unsigned short)));
    const long long m = (long long)l.maps(), f = (long long)expanded;
    auto data_pass = [&] {
        return jace_to_bf16(maps.p, half, m, nullptr) == JACE_SUCCESS &&
               jace_to_bf16(filter.p, half, f, nullptr) == JACE_SUCCESS &&
               jace_from_bf16(half, maps.p, m, nullptr) == JACE_SUCCESS;
    };
    auto filter_pass = [&] {
        return jace_to_bf16(maps.p, half, m, nullptr) == JACE_SUCCESS &&
               jace_to_bf16(maps.p, half, m, nullptr) == JACE_SUCCESS &&
               jace_from_bf16(half, filter.p, f, nullptr) == JACE_SUCCESS;
    };
    float ms[2] = {0, 0};
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; ++pass) {
        const auto run = [&] { return pass == 0 ? data_pass() : filter_pass(); };
        for (int i = 0; i < 3 && ok; ++i) ok = run();
        CU(cudaEventRecord(e0));
        for (int i = 0; i < 20 && ok; ++i) ok = run();
        CU(cudaEventRecord(e1));
        CU(cudaEventSynchronize(e1));
        CU(cudaEventElapsedTime(&ms[pass], e0, e1));
        ms[pass] /= 20;
    }
    CU(cudaFree(half));
    if (!ok) {
        ++failures;
        std::printf("FAIL staging bf16 D4 group conv n%d c%d %dx%d k%d: %s\n", l.n, l.c, l.hw, l.hw, l.k, last_error());
        return;
    }
    std::printf("staging bf16 D4 group conv n%d c%d %dx%d k%d forward/backward_data %8.4f ms backward_filter %8.4f"
                " ms\n", l.n, l.c, l.hw, l.hw, l.k, ms[0], ms[1]);
}

/* count values uniform in [-1, 1) from xorshift64: fast enough for the tens of millions of a large plain GEMM, which
 * randv's generator is not; random, not zeros, which draw less power. */
static Vec fast_random(size_t count) {
    Vec v(count);
    unsigned long long state = 0x9e3779b97f4a7c15ULL;
    for (auto &e : v) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        e = (double)(state >> 11) * 0x1.0p-52 - 1.0;
    }
    return v;
}

/* A plain m x n x k GEMM at prec for the timings and the profiler: A from a_values (m k values) and B from b_values
 * (n k) in two buffers, as cuBLAS's GEMM reads them (one buffer read twice could find more of it in L2), and C. */
struct PlainProblem {
    int prec, m, n, k;
    Vec rounded;
    PlainOperand a, b;
    Dev c;
    PlainProblem(int prec_, int m_, int n_, int k_, const Vec &a_values, const Vec &b_values)
        : prec(prec_), m(m_), n(n_), k(k_), a(prec_, a_values, rounded), b(prec_, b_values, rounded),
          c((size_t)m_ * n_) {}
    bool fits(const PlainLoop &loop) const { return m % loop.rows == 0; }
    jace_status run(const PlainLoop &loop) const { return loop.run(prec, m, n, k, a.p, b.p, c.p); }
};

/* The wgmma main loop's ceiling at TF32 and BF16 in each loop (kPlainLoops: cp.async in 128- and 256-row tiles,
 * tensor copies in 128-row tiles, last: a fault there leaves the others' lines) on an 8192-cube product, the size of
 * the cuBLAS GEMM ceiling, then on the forward GEMMs of the two large layers (m = n hw^2, n = 8c, k = 8c k^2: their
 * tiles and waves, without a convolution's addressing; no 256-row tiles where m is no multiple of 256): one
 * `bench wgmma-plain ...` line each, the mean of 10 calls between two events after 2 untimed. */
static void time_wgmma_plain(cudaEvent_t e0, cudaEvent_t e1) {
    const int cube = 8192;
    const Vec random = fast_random((size_t)cube * cube);
    std::vector<std::unique_ptr<PlainProblem>> problems;
    for (int prec : {(int)JACE_PRECISION_TF32, (int)JACE_PRECISION_BF16})
        problems.push_back(std::make_unique<PlainProblem>(prec, cube, cube, cube, random, random));
    for (const Layer &l : {kLayers[1], kLayers[2]}) {
        const int m = l.n * l.hw * l.hw, n = 8 * l.c, k = 8 * l.c * l.k * l.k;
        const Vec a = fast_random((size_t)m * k), b = fast_random((size_t)n * k);
        for (int prec : {(int)JACE_PRECISION_TF32, (int)JACE_PRECISION_BF16})
            problems.push_back(std::make_unique<PlainProblem>(prec, m, n, k, a, b));
    }
    for (const PlainLoop &loop : kPlainLoops)
        for (const auto &p : problems) {
            const PlainProblem &problem = *p;
            if (!problem.fits(loop)) continue;
            const int prec = problem.prec, m = problem.m, n = problem.n, k = problem.k;
            jace_status st = JACE_SUCCESS;
            for (int i = 0; i < 2 && st == JACE_SUCCESS; ++i) st = problem.run(loop);
            const int reps = 10;
            CU(cudaEventRecord(e0));
            for (int i = 0; i < reps && st == JACE_SUCCESS; ++i) st = problem.run(loop);
            CU(cudaEventRecord(e1));
            CU(cudaEventSynchronize(e1));
            if (st != JACE_SUCCESS) {
                ++failures;
                std::printf("FAIL bench wgmma-plain %s %s: status %d, %s\n", kPrecision[prec], loop.label, st,
                            last_error());
                continue;
            }
            float ms;
            CU(cudaEventElapsedTime(&ms, e0, e1));
            ms /= reps;
            std::printf("bench wgmma-plain %s m%d n%d k%d %s %8.4f ms %8.1f TFLOP/s\n", kPrecision[prec], m, n, k,
                        loop.label, ms, 2.0 * m * n * k / ms / 1e9);
        }
}

/* Times each entry point per precision on each layer with the default kernels, then with the implicit GEMM, then
 * (forward and backward_data, where the default splits K) with K whole, and, per layer, the bfloat16 staging of the
 * BF16 cuDNN baseline; then on Hopper each layer again, TF32's entry points with the wgmma kernels (after the tiles
 * those choose; the rule's height, then each forced), BF16's with them at the rule's height, the wgmma main loop
 * on a plain GEMM, and last the entry points on the tensor-copy loop (JACE_CONV_KERNELS=wgmma-tma) per layer at TF32
 * and BF16. The wgmma timings come last so that a wgmma kernel that faults on the device leaves the other timings
 * (above), and the tensor-copy ones after them. */
static void bench() {
    cudaEvent_t e0, e1;
    CU(cudaEventCreate(&e0));
    CU(cudaEventCreate(&e1));
    for (const Layer &l : kLayers) {
        LayerBuffers b(l);
        const std::vector<int> splits = print_splits(l);
        time_bf16_staging(l, e0, e1);
        for (int prec = 0; prec < 3; ++prec) {
            for (int which = 0; which < 3; ++which) {
                time_entry_point("bench", l, b, prec, which, e0, e1);
                setenv("JACE_CONV_KERNELS", "implicit-gemm", 1);
                time_entry_point("bench implicit-gemm", l, b, prec, which, e0, e1);
                if (which < 2 && splits[which] > 1) {
                    setenv("JACE_CONV_KERNELS", "unsplit", 1);
                    time_entry_point("bench unsplit", l, b, prec, which, e0, e1);
                }
                unsetenv("JACE_CONV_KERNELS");
            }
        }
    }
    if (hopper()) {
        for (const Layer &l : kLayers) {
            LayerBuffers b(l);
            print_wgmma_tiles(l);
            for (int which = 0; which < 3; ++which) {
                for (const char *kernels : {"wgmma", "wgmma-128", "wgmma-192", "wgmma-256"}) {
                    if (!own_tiles(kernels, which)) continue;
                    setenv("JACE_CONV_KERNELS", kernels, 1);
                    time_entry_point((std::string("bench ") + kernels).c_str(), l, b, JACE_PRECISION_TF32, which, e0,
                                     e1);
                }
                setenv("JACE_CONV_KERNELS", "wgmma", 1);
                time_entry_point("bench wgmma", l, b, JACE_PRECISION_BF16, which, e0, e1);
                unsetenv("JACE_CONV_KERNELS");
            }
        }
        time_wgmma_plain(e0, e1);
        setenv("JACE_CONV_KERNELS", "wgmma-tma", 1);
        for (const Layer &l : kLayers) {
            LayerBuffers b(l);
            for (const jace_precision prec : {JACE_PRECISION_TF32, JACE_PRECISION_BF16})
                for (int which = 0; which < 3; ++which) time_entry_point("bench wgmma-tma", l, b, prec, which, e0, e1);
        }
        unsetenv("JACE_CONV_KERNELS");
    }
    CU(cudaEventDestroy(e0));
    CU(cudaEventDestroy(e1));
}

/* One entry point's call for the profiler (`label` names it on failure), and its line, `done` first. */
static void profile_call(const char *label, const char *done, const Layer &l, const LayerBuffers &b, int prec,
                         int which) {
    if (called(label, call(which, prec, b, l.shape()), l, prec, which)) {
        CU(cudaDeviceSynchronize());
        std::printf("%s D4 group conv n%d c%d %dx%d k%d %s %s\n", done, l.n, l.c, l.hw, l.hw, l.k, kPrecision[prec],
                    kOp[which]);
    }
}

/* Each entry point once per precision on the largest layer, and on Hopper TF32's again under each wgmma tile height
 * (JACE_CONV_KERNELS=wgmma-128, wgmma-192 (forward and backward_data), wgmma-256) and BF16's under
 * JACE_CONV_KERNELS=wgmma, then the wgmma main loop on a 4096-cube plain GEMM per precision (128-row tiles, fed by
 * cp.async, then, for both precisions, by tensor copies), then the layer's entry points on the tensor-copy loop
 * (JACE_CONV_KERNELS=wgmma-tma) at TF32 and BF16, and nothing else: the launches for a profiler (ncu). */
static void profile() {
    const Layer &l = kLayers[1];
    LayerBuffers b(l);
    for (int prec = 0; prec < 3; ++prec)
        for (int which = 0; which < 3; ++which) profile_call("bench", "profiled", l, b, prec, which);
    if (!hopper()) return;
    for (const char *kernels : {"wgmma-128", "wgmma-192", "wgmma-256"}) {
        setenv("JACE_CONV_KERNELS", kernels, 1);
        for (int which = 0; which < 3; ++which) {
            if (!own_tiles(kernels, which)) continue;
            profile_call((std::string("bench ") + kernels).c_str(), (std::string("profiled ") + kernels).c_str(), l,
                         b, JACE_PRECISION_TF32, which);
        }
    }
    setenv("JACE_CONV_KERNELS", "wgmma", 1);
    for (int which = 0; which < 3; ++which) {
        profile_call("bench wgmma", "profiled wgmma", l, b, JACE_PRECISION_BF16, which);
    }
    unsetenv("JACE_CONV_KERNELS");
    const int n = 4096; /* 1024 tiles of 128 rows: the device full, in less of the profiler's replays than 8192 */
    const Vec random = fast_random((size_t)n * n);
    const PlainProblem problems[] = {{JACE_PRECISION_TF32, n, n, n, random, random},
                                     {JACE_PRECISION_BF16, n, n, n, random, random}};
    for (const PlainLoop &loop : {kPlainLoops[0], kPlainLoops[2]})
        for (const PlainProblem &problem : problems) {
            const int prec = problem.prec;
            const jace_status st = problem.run(loop);
            if (st != JACE_SUCCESS) {
                ++failures;
                std::printf("FAIL profile wgmma-plain %s %s: status %d, %s\n", kPrecision[prec], loop.label, st,
                            last_error());
                continue;
            }
            CU(cudaDeviceSynchronize());
            std::printf("profiled wgmma-plain %s m%d n%d k%d %s\n", kPrecision[prec], n, n, n, loop.label);
        }
    setenv("JACE_CONV_KERNELS", "wgmma-tma", 1);
    for (const jace_precision prec : {JACE_PRECISION_TF32, JACE_PRECISION_BF16})
        for (int which = 0; which < 3; ++which) {
            profile_call("bench wgmma-tma", "profiled wgmma-tma", l, b, prec, which);
        }
    unsetenv("JACE_CONV_KERNELS");
}

int main(int argc, char **argv) {
    /* Line by line into a log file too, so that a run stopped at its time limit keeps the rows it printed. */
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
        std::printf("SKIP conv_gpu_check: no CUDA device\n");
        return 0;
    }
    /* Each check and timing sets the variable itself; one from the caller would run the default kernels' under it. */
    if (const char *kernels = std::getenv("JACE_CONV_KERNELS"); kernels != nullptr && *kernels != '\0') {
        std::printf("NOTE JACE_CONV_KERNELS=%s in the environment: unset, so that the default kernels' checks and "
                    "timings are theirs\n", kernels);
        unsetenv("JACE_CONV_KERNELS");
    }
    if (argc > 1 && std::strcmp(argv[1], "zfill") == 0) {
        const int failed = zfill_probe();
        std::printf("conv_gpu_check zfill: %d failures\n", failed);
        return failed == 0 ? 0 : 1;
    }
    const bool bench_mode = argc > 1 && std::strcmp(argv[1], "bench") == 0;
    if (bench_mode || (argc > 1 && std::strcmp(argv[1], "profile") == 0)) {
        if (bench_mode) {
            bench();
        } else {
            profile();
        }
        std::printf("conv_gpu_check %s: %d failures\n", argv[1], failures);
        return failures == 0 ? 0 : 1;
    }
    const bool quick = argc > 1 && std::strcmp(argv[1], "quick") == 0;
    /* First the facts every TF32 and BF16 kernel rests on: a failure there explains theirs below. */
    checks += 5;
    failures += mma_sync_probe();
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
            run(G, gin, 1, 2, 3, 12, 10, 9, 4); /* k above the narrow kernel's 7: the implicit GEMM, few columns */
            for (int t = 0; t < (quick ? 0 : 6); ++t) {
                int k = std::vector<int>{1, 2, 3, 5, 7}[pick(0, 4)];
                int pad = pick(0, k / 2 + 1);
                int h = pick(std::max(1, k - 2 * pad), 17), w = pick(std::max(1, k - 2 * pad), 17);
                run(G, gin, pick(1, 3), pick(1, 9), pick(1, 9), h, w, k, pad);
            }
        }
    /* a larger layer: many M tiles, long K, split-K on the filter gradient */
    run(gs[4], true, 4, 8, 8, 20, 20, 3, 1);
    /* 133 row tiles, at least one per SM of an H200 (and the emulator): the packed kernel's 128-row tiles, 128
     * columns wide forward (72 output channels), 64 backward_data (32) */
    run(gs[4], true, 1, 4, 9, 130, 130, 1, 0);
    /* backward_filter's channels-last tiles 64 rows (32 output channels) by 128 columns (72 input channels) */
    run(gs[4], true, 1, 9, 4, 9, 9, 3, 1);
    if (!quick) run(gs[0], false, 8, 33, 47, 30, 30, 5, 2, false);

    check_graph();
    check_kernel_override();
    check_unsplit();
    check_narrow();
    check_splits();
    /* The wgmma kernels last (above), their premises first: a failure there explains theirs below. */
    if (hopper()) {
        checks += 2; /* the TF32 and the BF16 product */
        failures += wgmma_probe();
    }
    check_wgmma();
    check_wgmma_tiles();
    if (hopper()) check_wgmma_plain(false);

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
    if (hopper()) check_tensor_copies(quick);

    for (int p = 0; p < 3; ++p)
        std::printf("worst err / max(|x|*|w|) %s: forward %.3g, backward_data %.3g, backward_filter %.3g\n", kPrecision[p],
                    worst[p][0], worst[p][1], worst[p][2]);
    for (int p = 1; p < 3; ++p)
        std::printf("worst err / max(|x|*|w|) %s against inputs rounded to it: forward %.3g, backward_data %.3g, "
                    "backward_filter %.3g\n", kPrecision[p], worst_rounded[p][0], worst_rounded[p][1],
                    worst_rounded[p][2]);
    std::printf("conv_gpu_check%s: %d checks, %d failures\n", quick ? " quick" : "", checks, failures);
    return failures == 0 ? 0 : 1;
}
