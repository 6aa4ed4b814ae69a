/*
 * libcudnn.so.9 of the CPU emulator: the cuDNN legacy convolution functions jace binds (bindings/.../cudnn_h.java),
 * with cuDNN's documented semantics for NCHW float tensors (and bfloat16 ones computed in float: cuDNN's
 * PSEUDO_BFLOAT16_CONFIG, whose output is rounded to bfloat16 to nearest even), cross-correlation, stride and
 * dilation 1: descriptors that are checked against each other, cudnnFind* results in cuDNN's layout (three working
 * algorithms, the fastest needing more workspace than jace allows, and one that is not supported; some with another
 * math type than the descriptor's, and under CUDNN_FMA_MATH a Winograd one, see find; backward algorithm 0
 * non-deterministic as cuDNN's is, see convolve), workspaces that must be given, alpha and beta read from host memory
 * at the call and the output not read where beta is 0, CUDNN_FMA_MATH exact (but for its Winograd algorithm) and the
 * other math types rounding float inputs to TF32 (to nearest, as jace's own kernels do, or truncated on a test's
 * request: fake_rounding.h), by the math type set when a convolution is called. Convolutions run as work on the
 * emulated stream the handle was given. With this folder on JACE_CUDA_LIBS the Java CUDA backend takes its cuDNN path
 * (CudnnConv) on the emulator, so CI checks that jace calls cuDNN right; it says nothing about the real library's
 * speed, algorithms or rounding.
 */
#include <atomic>
#include <cstddef>
#include <cstring>
#include <new>
#include <vector>

#include "cuda_bf16.h"
#include "cuda_runtime.h"
#include "fake_rounding.h"
#include "injected_failures.h"
#include "own_runtime.h"

namespace {

constexpr int kSuccess = 0;
constexpr int kNotInitialized = 1001;
constexpr int kBadParam = 2000;
constexpr int kNotSupported = 3000;
constexpr int kInternalError = 4000;
constexpr int kDeviceAllocationFailed = 4004;
constexpr int kExecutionFailed = 5000;

constexpr int kTensorNchw = 0;
constexpr int kDataFloat = 0;
constexpr int kDataBfloat16 = 9;
constexpr int kCrossCorrelation = 1;
constexpr int kDefaultMath = 0;
constexpr int kTensorOpMath = 1;
constexpr int kFmaMath = 3;
constexpr int kNonDeterministic = 0;
constexpr int kDeterministic = 1;

/* Algorithm 0 needs no workspace; algorithm 1 needs kWorkspaceBytes; algorithm 3, "fastest", needs more than jace's
 * 1 GiB limit (as FFT algorithms can on large maps), which jace must skip; winograd(d), which find reports under
 * CUDNN_FMA_MATH only, needs kWorkspaceBytes; the others are not supported. Forward, algorithm 1 is faster than 0;
 * backward, 0 is faster than 1 and, as cuDNN's backward algorithm 0 (and backward filter algorithm 3),
 * non-deterministic. */
constexpr std::size_t kWorkspaceBytes = 4096;
constexpr std::size_t kHugeWorkspaceBytes = std::size_t{3} << 30;

struct Handle {
    cudaStream_t stream = nullptr;
};

jace_emu::InjectedFailures failures; /* asked for by jace_emu_cudnn_fail_calls */

/* Begins each cuDNN function: on the library's own runtime (own_runtime.h), and failing where a test asked
 * (jace_emu_cudnn_fail_calls). */
#define ENTER_CALL()                                                                   \
    jace_emu::OwnRuntime own_runtime_;                                                 \
    int injected_status_;                                                              \
    if (failures.fails(__func__, &injected_status_)) return injected_status_

enum class Direction { forward, backward_data, backward_filter };

/* CUDNN_CONVOLUTION_{FWD,BWD_DATA,BWD_FILTER}_ALGO_WINOGRAD_NONFUSED: 7 forward, 5 backward. Its transforms round
 * more than a direct sum; the emulation rounds its inputs to TF32 instead, so an FP32 caller that ran it would see
 * results off by far more than a float32 sum's rounding. */
int winograd(Direction d) { return d == Direction::forward ? 7 : 5; }

/* cuDNN's determinism of each algorithm: its backward algorithm 0 and backward filter algorithm 3 sum with atomics. */
int determinism(Direction d, int algo) {
    const bool atomics = d != Direction::forward && (algo == 0 || (d == Direction::backward_filter && algo == 3));
    return atomics ? kNonDeterministic : kDeterministic;
}

/* Runs of non-deterministic algorithms so far, per direction: run i sums its terms in an order rotated by i. */
std::atomic<unsigned> nondeterministic_runs[3];

/* Directions (bit 1 << Direction) whose cudnnFind* reports its fastest usable algorithm with CUDNN_FMA_MATH under a
 * non-FMA descriptor: jace_emu_cudnn_find_fma_first. */
std::atomic<int> fma_first_directions{0};

/* 1: cudnnFind* reports every algorithm as not supported; 2: algorithm 1 is not supported at all either
 * (jace_emu_cudnn_find_nothing_usable). */
std::atomic<int> find_nothing_usable{0};

/* While set, cudnnFind*'s fastest algorithm within jace's workspace limit could not allocate its memory
 * (jace_emu_cudnn_find_starved). */
std::atomic<bool> find_starved{false};

/* While set, every call on a convolution of bfloat16 tensors fails with CUDNN_STATUS_NOT_SUPPORTED, as a cuDNN without
 * bfloat16 convolutions would (jace_emu_cudnn_refuse_bf16). */
std::atomic<bool> refuse_bf16{false};

/* cudnnFind* calls that got as far as running the algorithms: jace_emu_cudnn_find_calls. */
std::atomic<int> find_calls{0};

/* The descriptors destroyed so far (jace_emu_cudnn_descriptor_destroys), and the handles and descriptors alive
 * (jace_emu_cudnn_live_objects). */
std::atomic<int> descriptor_destroys{0};
std::atomic<long long> live_objects{0};

struct Dims {
    int n = 0, c = 0, h = 0, w = 0;
};

struct Tensor {
    bool set = false;
    Dims d;
    int type = kDataFloat;
};

struct Filter {
    bool set = false;
    Dims d; /* k, c, r, s */
    int type = kDataFloat;
};

struct Conv {
    bool set = false;
    int pad_h = 0, pad_w = 0;
    int math = kDefaultMath;
};

/* cudnnConvolution*AlgoPerf_t: the same layout for the three directions. */
struct Perf {
    int algo;
    int status;
    float time;
    std::size_t memory;
    int determinism;
    int math_type;
    int reserved[3];
};
static_assert(sizeof(Perf) == 48, "cudnnConvolutionFwdAlgoPerf_t is 48 bytes");

template <typename Descriptor>
int destroy(void *desc) {
    delete static_cast<Descriptor *>(desc);
    descriptor_destroys++;
    live_objects--;
    return kSuccess;
}

/* The checked shape of one convolution: x [n, c, h, w], w [k, c, r, s], y [n, k, p, q], all float or all bfloat16. */
struct Shape {
    int n, c, h, w, k, r, s, p, q, pad_h, pad_w;
    bool tf32;
    Reduction reduction;
    bool bf16;
};

int set_dims(Dims &d, int n, int c, int h, int w) {
    if (n <= 0 || c <= 0 || h <= 0 || w <= 0) return kBadParam;
    d = Dims{n, c, h, w};
    return kSuccess;
}

int output_dims(const Conv *conv, const Tensor *x, const Filter *w, Dims &y) {
    if (conv == nullptr || x == nullptr || w == nullptr || !conv->set || !x->set || !w->set) return kBadParam;
    if (x->d.c != w->d.c) return kBadParam;
    y = Dims{x->d.n, w->d.n, x->d.h + 2 * conv->pad_h - w->d.h + 1, x->d.w + 2 * conv->pad_w - w->d.w + 1};
    return y.h > 0 && y.w > 0 ? kSuccess : kBadParam;
}

/* The shape of x (*) w = y, or kBadParam where y's descriptor does not hold the convolution's output, or
 * kNotSupported where the three are not of one data type (cuDNN's legacy convolutions have no mixed configuration). */
int shape(const Conv *conv, const Tensor *x, const Filter *w, const Tensor *y, Shape &out) {
    Dims expected;
    const int status = output_dims(conv, x, w, expected);
    if (status != kSuccess) return status;
    if (y == nullptr || !y->set || y->d.n != expected.n || y->d.c != expected.c || y->d.h != expected.h ||
        y->d.w != expected.w) {
        return kBadParam;
    }
    if (x->type != w->type || x->type != y->type || (refuse_bf16 && x->type == kDataBfloat16)) return kNotSupported;
    out = Shape{x->d.n, x->d.c, x->d.h, x->d.w, w->d.n, w->d.h, w->d.w, y->d.h, y->d.w, conv->pad_h, conv->pad_w,
                conv->math != kFmaMath, reduction(), x->type == kDataBfloat16};
    return kSuccess;
}

int workspace_bytes(int algo, std::size_t &bytes) {
    if (algo == 1 && find_nothing_usable == 2) return kNotSupported;
    switch (algo) {
        case 0: bytes = 0; return kSuccess;
        case 1: bytes = kWorkspaceBytes; return kSuccess;
        case 3: bytes = kHugeWorkspaceBytes; return kSuccess;
        case 5:
        case 7: bytes = kWorkspaceBytes; return kSuccess;
    }
    return kNotSupported;
}

/* cudnnFind* runs the algorithms with memory it allocates itself and blocks the host until they are done, so, as there,
 * it fails where allocating or synchronising is not allowed (in a stream capture). Each result carries the math type
 * it ran with, which the caller must set on the descriptor to get it, and which need not be the descriptor's: under a
 * non-FMA descriptor the fastest algorithm within jace's limit reports CUDNN_DEFAULT_MATH (CUDNN_TENSOR_OP_MATH under
 * CUDNN_DEFAULT_MATH), or CUDNN_FMA_MATH on a test's request; under CUDNN_FMA_MATH a faster tensor-op result and a
 * faster Winograd one come first, which an exact caller must skip (the convolutions round or not by the math type set
 * when they are called, and Winograd always). */
int find(const Handle *h, const Conv *conv, Direction d, int status_of_shape, int requested, int *returned,
         void *results) {
    if (status_of_shape != kSuccess) return status_of_shape;
    if (requested <= 0 || returned == nullptr || results == nullptr) return kBadParam;
    void *scratch = nullptr;
    if (cudaMalloc(&scratch, kWorkspaceBytes) != cudaSuccess) return kInternalError;
    const bool synchronised = cudaStreamSynchronize(h->stream) == cudaSuccess;
    if (cudaFree(scratch) != cudaSuccess || !synchronised) return kInternalError;
    ++find_calls;
    const int math = conv->math;
    const int fast = d == Direction::forward ? 1 : 0;
    const int slow = 1 - fast;
    const bool none = find_nothing_usable != 0;
    const auto perf = [d, none](int algo, int status, float time, int math_type) {
        std::size_t memory = 0;
        workspace_bytes(algo, memory);
        return Perf{algo, none ? kNotSupported : status, time, memory, determinism(d, algo), math_type, {0, 0, 0}};
    };
    const int fast_status = find_starved ? kDeviceAllocationFailed : kSuccess;
    std::vector<Perf> all;
    if (math == kFmaMath) {
        all = {perf(3, kSuccess, 0.25f, kFmaMath), perf(fast, kSuccess, 0.375f, kTensorOpMath),
               perf(winograd(d), kSuccess, 0.4375f, kFmaMath), perf(fast, fast_status, 0.5f, kFmaMath),
               perf(slow, kSuccess, 1.0f, kFmaMath), perf(2, kNotSupported, -1.0f, kFmaMath)};
    } else {
        const int other = (fma_first_directions & (1 << static_cast<int>(d))) != 0 ? kFmaMath
                          : math == kDefaultMath                                   ? kTensorOpMath
                                                                                   : kDefaultMath;
        all = {perf(3, kSuccess, 0.25f, math), perf(fast, fast_status, 0.5f, other),
               perf(slow, kSuccess, 1.0f, math), perf(2, kNotSupported, -1.0f, math)};
    }
    const int count = requested < (int)all.size() ? requested : (int)all.size();
    std::memcpy(results, all.data(), sizeof(Perf) * (std::size_t)count);
    *returned = count;
    return kSuccess;
}

/* Checks the algorithm and its workspace, then enqueues `body` (after it has scribbled over the workspace, which
 * cuDNN leaves undefined) on the handle's stream. */
template <typename Body>
int run(const Handle *h, int algo, void *workspace, std::size_t workspace_size, const void *alpha, const void *beta,
        Body body) {
    if (h == nullptr) return kNotInitialized;
    std::size_t needed;
    const int status = workspace_bytes(algo, needed);
    if (status != kSuccess) return status;
    if (workspace_size < needed || (needed > 0 && workspace == nullptr) || alpha == nullptr || beta == nullptr) {
        return kBadParam;
    }
    const float al = *static_cast<const float *>(alpha);
    const float be = *static_cast<const float *>(beta);
    jace_emu::launch(
        [=] {
            if (needed > 0) std::memset(workspace, 0xff, needed);
            body(al, be);
        },
        dim3(1), dim3(1), 0, h->stream);
    return cudaGetLastError() == cudaSuccess ? kSuccess : kExecutionFailed; /* the launch failed */
}

/* A convolution operand as the math type reads it: rounded to TF32 (fake_rounding.h) unless CUDNN_FMA_MATH; bfloat16
 * operands as floats (which TF32 holds exactly). */
std::vector<float> operand(const void *values, std::size_t count, const Shape &s) {
    std::vector<float> read(count);
    if (s.bf16) {
        const __nv_bfloat16 *b = static_cast<const __nv_bfloat16 *>(values);
        for (std::size_t i = 0; i < count; ++i) read[i] = __bfloat162float(b[i]);
    } else {
        std::memcpy(read.data(), values, count * sizeof(float));
    }
    if (s.tf32) {
        for (float &v : read) v = to_tf32(v, s.reduction);
    }
    return read;
}

std::size_t at(int i0, int d1, int i1, int d2, int i2, int d3, int i3) {
    return (((std::size_t)i0 * d1 + i1) * d2 + i2) * d3 + i3;
}

/* Calls tap(x index, w index, y index) for every term x[n, c, p - pad_h + r, q - pad_w + t] * w[k, c, r, t] of
 * y[n, k, p, q] whose input element lies inside x, each index running from `rotation` (mod its extent) on; the three
 * directions sum these terms into different outputs. The rotated orders are tabulated once: a modulo per index and
 * term made the emulated cuDNN the slowest part of the Java tests on the emulator. */
template <typename Tap>
void for_each_term(const Shape &s, unsigned rotation, Tap tap) {
    const auto order = [rotation](int count) {
        std::vector<int> indices((std::size_t)count);
        for (int i = 0; i < count; ++i) indices[(std::size_t)i] = (int)(((unsigned)i + rotation) % (unsigned)count);
        return indices;
    };
    const std::vector<int> ns = order(s.n), ks = order(s.k), ps = order(s.p), qs = order(s.q), cs = order(s.c),
                           rs = order(s.r), ts = order(s.s);
    for (const int n : ns)
        for (const int k : ks)
            for (const int p : ps)
                for (const int q : qs) {
                    const std::size_t yi = at(n, s.k, k, s.p, p, s.q, q);
                    for (const int c : cs)
                        for (const int r : rs) {
                            const int ih = p - s.pad_h + r;
                            if (ih < 0 || ih >= s.h) continue;
                            const std::size_t x_row = at(n, s.c, c, s.h, ih, s.w, 0);
                            const std::size_t w_row = at(k, s.c, c, s.r, r, s.s, 0);
                            for (const int t : ts) {
                                const int iw = q - s.pad_w + t;
                                if (iw < 0 || iw >= s.w) continue;
                                tap(x_row + (std::size_t)iw, w_row + (std::size_t)t, yi);
                            }
                        }
                }
}

/* out = alpha * sums + beta * out, out not read where beta is 0; a bfloat16 out gets the float result rounded to
 * bfloat16 to nearest even. */
void store(void *out, const std::vector<float> &sums, float al, float be, bool bf16) {
    if (!bf16) {
        float *o = static_cast<float *>(out);
        for (std::size_t i = 0; i < sums.size(); ++i) o[i] = be == 0.0f ? al * sums[i] : al * sums[i] + be * o[i];
        return;
    }
    __nv_bfloat16 *o = static_cast<__nv_bfloat16 *>(out);
    for (std::size_t i = 0; i < sums.size(); ++i) {
        o[i] = __float2bfloat16_rn(be == 0.0f ? al * sums[i] : al * sums[i] + be * __bfloat162float(o[i]));
    }
}

/* One direction of the convolution x (*) w = y, whose descriptors are given in that order whatever the direction:
 * forward y from (a, b) = (x, w), backward data dx from (dy, w), backward filter dw from (x, dy). A non-deterministic
 * algorithm's run i of its direction sums in an order rotated by i, so that, as with cuDNN's atomics, two runs on the
 * same inputs can differ in the last bits (consecutive runs sum in other orders wherever a summed extent is over 1). */
int convolve(Direction d, void *handle, const void *conv, const void *x_desc, const void *w_desc, const void *y_desc,
             int algo, void *workspace, std::size_t workspace_size, const void *alpha, const void *beta,
             const void *a, const void *b, void *out) {
    Shape s;
    const int status = shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(x_desc),
                             static_cast<const Filter *>(w_desc), static_cast<const Tensor *>(y_desc), s);
    if (status != kSuccess) return status;
    s.tf32 = s.tf32 || algo == winograd(d);
    return run(static_cast<const Handle *>(handle), algo, workspace, workspace_size, alpha, beta,
               [=](float al, float be) {
                   const unsigned rotation = determinism(d, algo) == kDeterministic
                                                 ? 0
                                                 : nondeterministic_runs[static_cast<int>(d)].fetch_add(1);
                   const std::size_t x_size = (std::size_t)s.n * s.c * s.h * s.w;
                   const std::size_t w_size = (std::size_t)s.k * s.c * s.r * s.s;
                   const std::size_t y_size = (std::size_t)s.n * s.k * s.p * s.q;
                   std::vector<float> sums(d == Direction::forward         ? y_size
                                           : d == Direction::backward_data ? x_size
                                                                           : w_size,
                                           0.0f);
                   const std::vector<float> a_read = operand(a, d == Direction::backward_data ? y_size : x_size, s);
                   const std::vector<float> b_read = operand(b, d == Direction::backward_filter ? y_size : w_size, s);
                   float *sum = sums.data();
                   const float *as = a_read.data(), *bs = b_read.data();
                   switch (d) {
                       case Direction::forward:
                           for_each_term(s, rotation, [=](std::size_t xi, std::size_t wi, std::size_t yi) {
                               sum[yi] += as[xi] * bs[wi];
                           });
                           break;
                       case Direction::backward_data:
                           for_each_term(s, rotation, [=](std::size_t xi, std::size_t wi, std::size_t yi) {
                               sum[xi] += as[yi] * bs[wi];
                           });
                           break;
                       case Direction::backward_filter:
                           for_each_term(s, rotation, [=](std::size_t xi, std::size_t wi, std::size_t yi) {
                               sum[wi] += bs[yi] * as[xi];
                           });
                           break;
                   }
                   store(out, sums, al, be, s.bf16);
               });
}

}  // namespace

extern "C" {

/* For the Java tests of cuDNN calls failing (a cudnnCreate failing as the real one does where its CUDA runtime needs a
 * newer driver, CUDNN_STATUS_NOT_INITIALIZED; a descriptor that cannot be destroyed; any call part way): after
 * `passing` calls that work, the next `failing` calls of `function` return `status` without doing anything; a null
 * function ends the failures asked for. Returns how many calls failed by the previous request. Not a cuDNN function. */
long long jace_emu_cudnn_fail_calls(const char *function, int passing, int failing, int status) {
    return failures.request(function, passing, failing, status);
}

/* How many calls the function named by the last jace_emu_cudnn_fail_calls made since, the failed ones included. Not a
 * cuDNN function. */
long long jace_emu_cudnn_calls_seen() { return failures.calls(); }

/* For the Java tests that must hold however the real library reduces its inputs (fake_rounding.h): convolutions called
 * while `on` is non-zero truncate TF32 inputs instead of rounding them to nearest. Not a cuDNN function. */
void jace_emu_cudnn_truncate_inputs(int on) { truncate_inputs = on != 0; }

/* For the Java tests of an algorithm found with another math type than the descriptor's: while bit 1 << d of
 * `directions` is set (1 forward, 2 backward data, 4 backward filter), cudnnFind* of direction d under a non-FMA
 * descriptor reports its fastest algorithm within jace's workspace limit with CUDNN_FMA_MATH, so that the convolution
 * is exact if and only if the caller sets the found math type. Not a cuDNN function. */
void jace_emu_cudnn_find_fma_first(int directions) { fma_first_directions = directions; }

/* For the Java tests of jace's fallback where no cudnnFind* result qualifies: while `mode` is 1, every result reports
 * CUDNN_STATUS_NOT_SUPPORTED (the algorithms still run when called); while it is 2, algorithm 1 is not supported at
 * all either (its workspace query and run fail too). Not a cuDNN function. */
void jace_emu_cudnn_find_nothing_usable(int mode) { find_nothing_usable = mode; }

/* For the Java tests of searches short of memory: while `on` is non-zero, cudnnFind*'s fastest algorithm within
 * jace's workspace limit reports CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED. Not a cuDNN function. */
void jace_emu_cudnn_find_starved(int on) { find_starved = on != 0; }

/* For the Java tests of a cuDNN without bfloat16 convolutions: while `on` is non-zero, every workspace query, search
 * and convolution of bfloat16 tensors fails with CUDNN_STATUS_NOT_SUPPORTED. Not a cuDNN function. */
void jace_emu_cudnn_refuse_bf16(int on) { refuse_bf16 = on != 0; }

/* For the Java tests of jace's reuse of earlier searches: the cudnnFind* calls so far that ran the algorithms. Not a
 * cuDNN function. */
int jace_emu_cudnn_find_calls() { return find_calls; }

/* For the Java tests of what a closed backend gives back: the handles and descriptors alive. Not a cuDNN function. */
long long jace_emu_cudnn_live_objects() { return live_objects; }

/* For the Java tests of releasing descriptors: the tensor, filter and convolution descriptors destroyed so far. Not a
 * cuDNN function. */
int jace_emu_cudnn_descriptor_destroys() { return descriptor_destroys; }

int cudnnCreate(void **handle) {
    ENTER_CALL();
    if (handle == nullptr) return kBadParam;
    *handle = new (std::nothrow) Handle();
    if (*handle == nullptr) return kInternalError;
    live_objects++;
    return kSuccess;
}

int cudnnDestroy(void *handle) {
    ENTER_CALL();
    if (handle == nullptr) return kBadParam;
    delete static_cast<Handle *>(handle);
    live_objects--;
    return kSuccess;
}

int cudnnSetStream(void *handle, cudaStream_t stream) {
    ENTER_CALL();
    if (handle == nullptr) return kBadParam;
    static_cast<Handle *>(handle)->stream = stream;
    return kSuccess;
}

/* Version 0: no real cuDNN version is claimed for the emulation. */
std::size_t cudnnGetVersion() { return 0; }

const char *cudnnGetErrorString(int status) {
    switch (status) {
        case kSuccess: return "CUDNN_STATUS_SUCCESS";
        case kNotInitialized: return "CUDNN_STATUS_NOT_INITIALIZED";
        case kBadParam: return "CUDNN_STATUS_BAD_PARAM";
        case kNotSupported: return "CUDNN_STATUS_NOT_SUPPORTED";
        case kInternalError: return "CUDNN_STATUS_INTERNAL_ERROR";
        case kDeviceAllocationFailed: return "CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED";
        case kExecutionFailed: return "CUDNN_STATUS_EXECUTION_FAILED";
    }
    return "CUDNN_STATUS_UNKNOWN (jace CPU emulator)";
}

int cudnnCreateTensorDescriptor(void **desc) {
    ENTER_CALL();
    if (desc == nullptr) return kBadParam;
    *desc = new Tensor();
    live_objects++;
    return kSuccess;
}

int cudnnSetTensor4dDescriptor(void *desc, int format, int type, int n, int c, int h, int w) {
    ENTER_CALL();
    if (desc == nullptr) return kBadParam;
    if (format != kTensorNchw || (type != kDataFloat && type != kDataBfloat16)) return kNotSupported;
    Tensor *t = static_cast<Tensor *>(desc);
    const int status = set_dims(t->d, n, c, h, w);
    t->set = status == kSuccess;
    t->type = type;
    return status;
}

int cudnnDestroyTensorDescriptor(void *desc) {
    ENTER_CALL();
    return destroy<Tensor>(desc);
}

int cudnnCreateFilterDescriptor(void **desc) {
    ENTER_CALL();
    if (desc == nullptr) return kBadParam;
    *desc = new Filter();
    live_objects++;
    return kSuccess;
}

int cudnnSetFilter4dDescriptor(void *desc, int type, int format, int k, int c, int h, int w) {
    ENTER_CALL();
    if (desc == nullptr) return kBadParam;
    if (format != kTensorNchw || (type != kDataFloat && type != kDataBfloat16)) return kNotSupported;
    Filter *f = static_cast<Filter *>(desc);
    const int status = set_dims(f->d, k, c, h, w);
    f->set = status == kSuccess;
    f->type = type;
    return status;
}

int cudnnDestroyFilterDescriptor(void *desc) {
    ENTER_CALL();
    return destroy<Filter>(desc);
}

int cudnnCreateConvolutionDescriptor(void **desc) {
    ENTER_CALL();
    if (desc == nullptr) return kBadParam;
    *desc = new Conv();
    live_objects++;
    return kSuccess;
}

int cudnnSetConvolution2dDescriptor(void *desc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w,
                                    int mode, int type) {
    ENTER_CALL();
    if (desc == nullptr || pad_h < 0 || pad_w < 0 || u <= 0 || v <= 0 || dilation_h <= 0 || dilation_w <= 0) {
        return kBadParam;
    }
    if (u != 1 || v != 1 || dilation_h != 1 || dilation_w != 1 || mode != kCrossCorrelation || type != kDataFloat) {
        return kNotSupported;
    }
    Conv *conv = static_cast<Conv *>(desc);
    conv->pad_h = pad_h;
    conv->pad_w = pad_w;
    conv->set = true;
    return kSuccess;
}

int cudnnSetConvolutionMathType(void *desc, int math) {
    ENTER_CALL();
    if (desc == nullptr || math < kDefaultMath || math > kFmaMath) return kBadParam;
    static_cast<Conv *>(desc)->math = math;
    return kSuccess;
}

int cudnnDestroyConvolutionDescriptor(void *desc) {
    ENTER_CALL();
    return destroy<Conv>(desc);
}

int cudnnGetConvolution2dForwardOutputDim(const void *conv, const void *x, const void *w, int *n, int *c, int *h,
                                          int *wo) {
    ENTER_CALL();
    if (n == nullptr || c == nullptr || h == nullptr || wo == nullptr) return kBadParam;
    Dims y;
    const int status = output_dims(static_cast<const Conv *>(conv), static_cast<const Tensor *>(x),
                                   static_cast<const Filter *>(w), y);
    if (status != kSuccess) return status;
    *n = y.n;
    *c = y.c;
    *h = y.h;
    *wo = y.w;
    return kSuccess;
}

int cudnnFindConvolutionForwardAlgorithm(void *handle, const void *x, const void *w, const void *conv, const void *y,
                                         int requested, int *returned, void *results) {
    ENTER_CALL();
    Shape s;
    const int status = handle == nullptr ? kNotInitialized
                                         : shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(x),
                                                 static_cast<const Filter *>(w), static_cast<const Tensor *>(y), s);
    return find(static_cast<const Handle *>(handle), static_cast<const Conv *>(conv), Direction::forward, status,
                requested, returned, results);
}

int cudnnFindConvolutionBackwardDataAlgorithm(void *handle, const void *w, const void *dy, const void *conv,
                                              const void *dx, int requested, int *returned, void *results) {
    ENTER_CALL();
    Shape s;
    const int status = handle == nullptr ? kNotInitialized
                                         : shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(dx),
                                                 static_cast<const Filter *>(w), static_cast<const Tensor *>(dy), s);
    return find(static_cast<const Handle *>(handle), static_cast<const Conv *>(conv), Direction::backward_data, status,
                requested, returned, results);
}

int cudnnFindConvolutionBackwardFilterAlgorithm(void *handle, const void *x, const void *dy, const void *conv,
                                                const void *dw, int requested, int *returned, void *results) {
    ENTER_CALL();
    Shape s;
    const int status = handle == nullptr ? kNotInitialized
                                         : shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(x),
                                                 static_cast<const Filter *>(dw), static_cast<const Tensor *>(dy), s);
    return find(static_cast<const Handle *>(handle), static_cast<const Conv *>(conv), Direction::backward_filter,
                status, requested, returned, results);
}

int cudnnGetConvolutionForwardWorkspaceSize(void *handle, const void *x, const void *w, const void *conv,
                                            const void *y, int algo, std::size_t *bytes) {
    ENTER_CALL();
    Shape s;
    if (handle == nullptr) return kNotInitialized;
    const int status = shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(x),
                             static_cast<const Filter *>(w), static_cast<const Tensor *>(y), s);
    if (status != kSuccess) return status;
    return bytes == nullptr ? kBadParam : workspace_bytes(algo, *bytes);
}

int cudnnGetConvolutionBackwardDataWorkspaceSize(void *handle, const void *w, const void *dy, const void *conv,
                                                 const void *dx, int algo, std::size_t *bytes) {
    ENTER_CALL();
    Shape s;
    if (handle == nullptr) return kNotInitialized;
    const int status = shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(dx),
                             static_cast<const Filter *>(w), static_cast<const Tensor *>(dy), s);
    if (status != kSuccess) return status;
    return bytes == nullptr ? kBadParam : workspace_bytes(algo, *bytes);
}

int cudnnGetConvolutionBackwardFilterWorkspaceSize(void *handle, const void *x, const void *dy, const void *conv,
                                                   const void *dw, int algo, std::size_t *bytes) {
    ENTER_CALL();
    Shape s;
    if (handle == nullptr) return kNotInitialized;
    const int status = shape(static_cast<const Conv *>(conv), static_cast<const Tensor *>(x),
                             static_cast<const Filter *>(dw), static_cast<const Tensor *>(dy), s);
    if (status != kSuccess) return status;
    return bytes == nullptr ? kBadParam : workspace_bytes(algo, *bytes);
}

int cudnnConvolutionForward(void *handle, const void *alpha, const void *x_desc, const void *x, const void *w_desc,
                            const void *w, const void *conv, int algo, void *workspace, std::size_t workspace_size,
                            const void *beta, const void *y_desc, void *y) {
    ENTER_CALL();
    return convolve(Direction::forward, handle, conv, x_desc, w_desc, y_desc, algo, workspace, workspace_size, alpha,
                    beta, x, w, y);
}

int cudnnConvolutionBackwardData(void *handle, const void *alpha, const void *w_desc, const void *w,
                                 const void *dy_desc, const void *dy, const void *conv, int algo, void *workspace,
                                 std::size_t workspace_size, const void *beta, const void *dx_desc, void *dx) {
    ENTER_CALL();
    return convolve(Direction::backward_data, handle, conv, dx_desc, w_desc, dy_desc, algo, workspace,
                    workspace_size, alpha, beta, dy, w, dx);
}

int cudnnConvolutionBackwardFilter(void *handle, const void *alpha, const void *x_desc, const void *x,
                                   const void *dy_desc, const void *dy, const void *conv, int algo, void *workspace,
                                   std::size_t workspace_size, const void *beta, const void *dw_desc, void *dw) {
    ENTER_CALL();
    return convolve(Direction::backward_filter, handle, conv, x_desc, dw_desc, dy_desc, algo, workspace,
                    workspace_size, alpha, beta, x, dy, dw);
}
}
