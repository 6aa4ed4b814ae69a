/*
 * libcublas.so.13 of the CPU emulator: the cuBLAS functions jace calls (bindings/.../cublas_api_h.java), with cuBLAS's
 * documented semantics (column-major, op(A) m x k, alpha and beta read from host memory at the call, C not read where
 * beta is 0, the leading-dimension rules), run as work on the emulated stream the handle was given. With this folder
 * on JACE_CUDA_LIBS the Java CUDA backend takes its cuBLAS path (CublasMatmul) on the emulator, so CI checks that jace
 * calls cuBLAS right: operands, transposes, leading dimensions, stream order, graph capture. It says nothing about the
 * real library's speed or its own rounding; the reduced-precision compute types (and CUBLAS_COMPUTE_32F under
 * CUBLAS_TF32_TENSOR_OP_MATH) round the inputs to nearest, as jace's own kernels do (TF32, BF16), and accumulate in
 * float; they truncate instead on a test's request (fake_rounding.h), as the real library may.
 */
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

#include "fake_rounding.h"
#include "injected_failures.h"
#include "own_runtime.h"
#include "jace_emu.h"

namespace {

constexpr int kSuccess = 0;
constexpr int kNotInitialized = 1;
constexpr int kInvalidValue = 7;
constexpr int kExecutionFailed = 13;
constexpr int kNotSupported = 15;

constexpr int kOpN = 0;
constexpr int kOpT = 1;
constexpr int kReal32F = 0;
constexpr int kCompute32F = 68;
constexpr int kCompute32FPedantic = 69;
constexpr int kCompute32FFast16BF = 75;
constexpr int kCompute32FFastTF32 = 77;
constexpr int kDefaultMath = 0;
constexpr int kPedanticMath = 2;
constexpr int kTF32TensorOpMath = 3;
constexpr int kMathModeFlags = 16; /* CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION, may be or-ed in */
constexpr int kGemmDefault = -1;

struct Handle {
    cudaStream_t stream = nullptr;
    int math_mode = kDefaultMath;
    bool callers_workspace = false; /* set by cublasSetWorkspace_v2 (even of 0 bytes): cuBLAS's own pool unused */
};

jace_emu::InjectedFailures failures; /* asked for by jace_emu_cublas_fail_calls */

/* Begins each cuBLAS function: on the library's own runtime (own_runtime.h), and failing where a test asked
 * (jace_emu_cublas_fail_calls). */
#define ENTER_CALL()                                                                   \
    jace_emu::OwnRuntime own_runtime_;                                                 \
    int injected_status_;                                                              \
    if (failures.fails(__func__, &injected_status_)) return injected_status_

std::atomic<long long> pool_workspace_calls{0};
std::atomic<long long> live_handles{0}; /* jace_emu_cublas_live_handles */

enum class Rounding { none, tf32, bf16 };

/* How the inputs of one call are reduced: to which format, and how (fake_rounding.h). */
struct InputRounding {
    Rounding to;
    Reduction how;
};

float rounded(float v, InputRounding r) {
    switch (r.to) {
        case Rounding::tf32: return to_tf32(v, r.how);
        case Rounding::bf16: return to_bf16(v, r.how);
        case Rounding::none: break;
    }
    return v;
}

/* C = alpha op(A) op(B) + beta C, column-major, enqueued on the handle's stream. */
int gemm(const Handle *h, int transa, int transb, int m, int n, int k, const float *alpha, const float *a, int lda,
         const float *b, int ldb, const float *beta, float *c, int ldc, InputRounding rounding) {
    if (h == nullptr) return kNotInitialized;
    if ((transa != kOpN && transa != kOpT) || (transb != kOpN && transb != kOpT)) return kInvalidValue;
    if (m < 0 || n < 0 || k < 0) return kInvalidValue;
    const int rows_a = transa == kOpN ? m : k;
    const int rows_b = transb == kOpN ? k : n;
    if (lda < (rows_a > 1 ? rows_a : 1) || ldb < (rows_b > 1 ? rows_b : 1) || ldc < (m > 1 ? m : 1)) {
        return kInvalidValue;
    }
    if (alpha == nullptr || beta == nullptr) return kInvalidValue;
    if (m == 0 || n == 0) return kSuccess;
    if (!h->callers_workspace) ++pool_workspace_calls;
    const float al = *alpha;
    const float be = *beta;
    jace_emu::launch(
        [=] {
            for (int j = 0; j < n; ++j) {
                for (int i = 0; i < m; ++i) {
                    float sum = 0.0f;
                    for (int p = 0; p < k && al != 0.0f; ++p) { /* alpha 0: A and B are not read */
                        const float av = transa == kOpN ? a[i + (std::size_t)p * lda] : a[p + (std::size_t)i * lda];
                        const float bv = transb == kOpN ? b[p + (std::size_t)j * ldb] : b[j + (std::size_t)p * ldb];
                        sum += rounded(av, rounding) * rounded(bv, rounding);
                    }
                    float &out = c[i + (std::size_t)j * ldc];
                    out = be == 0.0f ? al * sum : al * sum + be * out;
                }
            }
        },
        dim3(1), dim3(1), 0, h->stream);
    return cudaGetLastError() == cudaSuccess ? kSuccess : kExecutionFailed; /* the launch failed */
}

}  // namespace

extern "C" {

/* For the Java tests of cuBLAS calls failing (a cuBLAS that loads but whose handle cannot be created, any call part
 * way): after `passing` calls that work, the next `failing` calls of `function` return `status` without doing
 * anything; a null function ends the failures asked for. Returns how many calls failed by the previous request. Not a
 * cuBLAS function. */
long long jace_emu_cublas_fail_calls(const char *function, int passing, int failing, int status) {
    return failures.request(function, passing, failing, status);
}

/* How many calls the function named by the last jace_emu_cublas_fail_calls made since, the failed ones included. Not
 * a cuBLAS function. */
long long jace_emu_cublas_calls_seen() { return failures.calls(); }

/* For the Java tests that must hold however the real library reduces its inputs (fake_rounding.h): calls made while
 * `on` is non-zero truncate TF32 and BF16 inputs instead of rounding them to nearest. Not a cuBLAS function. */
void jace_emu_cublas_truncate_inputs(int on) { truncate_inputs = on != 0; }

/* For the Java tests of the workspace jace gives cuBLAS: how many GEMMs ran on a handle without a workspace of the
 * caller's, where the real library takes one from its own pool (allocating in each stream capture). Not a cuBLAS
 * function. */
long long jace_emu_cublas_pool_workspace_calls(void) { return pool_workspace_calls; }

/* For the Java tests of what a closed backend gives back: the handles alive. Not a cuBLAS function. */
long long jace_emu_cublas_live_handles() { return live_handles; }

int cublasCreate_v2(void **handle) {
    ENTER_CALL();
    if (handle == nullptr) return kInvalidValue;
    *handle = new (std::nothrow) Handle();
    if (*handle == nullptr) return 3; /* CUBLAS_STATUS_ALLOC_FAILED */
    live_handles++;
    return kSuccess;
}

int cublasDestroy_v2(void *handle) {
    ENTER_CALL();
    if (handle == nullptr) return kNotInitialized;
    delete static_cast<Handle *>(handle);
    live_handles--;
    return kSuccess;
}

/* As documented, the workspace must be aligned to 256 bytes, and any call, even of 0 bytes, stops the use of cuBLAS's
 * own pool (until cublasSetStream_v2). The emulated GEMMs need no workspace. */
int cublasSetWorkspace_v2(void *handle, void *workspace, std::size_t) {
    ENTER_CALL();
    if (handle == nullptr) return kNotInitialized;
    if (reinterpret_cast<std::uintptr_t>(workspace) % 256 != 0) return kInvalidValue;
    static_cast<Handle *>(handle)->callers_workspace = true;
    return kSuccess;
}

/* As documented, setting the stream resets the workspace to cuBLAS's own pool. */
int cublasSetStream_v2(void *handle, cudaStream_t stream) {
    ENTER_CALL();
    if (handle == nullptr) return kNotInitialized;
    static_cast<Handle *>(handle)->stream = stream;
    static_cast<Handle *>(handle)->callers_workspace = false;
    return kSuccess;
}

int cublasSetMathMode(void *handle, int mode) {
    ENTER_CALL();
    if (handle == nullptr) return kNotInitialized;
    const int base = mode & ~kMathModeFlags;
    if (base != kDefaultMath && base != kPedanticMath && base != kTF32TensorOpMath) return kInvalidValue;
    static_cast<Handle *>(handle)->math_mode = mode;
    return kSuccess;
}

/* Version 0: no real cuBLAS version is claimed for the emulation. */
int cublasGetVersion_v2(void *handle, int *version) {
    ENTER_CALL();
    if (handle == nullptr) return kNotInitialized;
    if (version == nullptr) return kInvalidValue;
    *version = 0;
    return kSuccess;
}

int cublasGemmEx(void *handle, int transa, int transb, int m, int n, int k, const void *alpha, const void *a,
                 int atype, int lda, const void *b, int btype, int ldb, const void *beta, void *c, int ctype, int ldc,
                 int compute, int algo) {
    ENTER_CALL();
    if (atype != kReal32F || btype != kReal32F || ctype != kReal32F || algo != kGemmDefault) return kNotSupported;
    const Handle *h = static_cast<const Handle *>(handle);
    Rounding rounding;
    switch (compute) {
        case kCompute32F: /* single precision: the handle's CUBLAS_TF32_TENSOR_OP_MATH lets it use TF32 */
            rounding = h != nullptr && (h->math_mode & ~kMathModeFlags) == kTF32TensorOpMath ? Rounding::tf32
                                                                                              : Rounding::none;
            break;
        case kCompute32FPedantic: rounding = Rounding::none; break;
        case kCompute32FFastTF32: rounding = Rounding::tf32; break;
        case kCompute32FFast16BF: rounding = Rounding::bf16; break;
        default: return kNotSupported;
    }
    return gemm(h, transa, transb, m, n, k, static_cast<const float *>(alpha),
                static_cast<const float *>(a), lda, static_cast<const float *>(b), ldb,
                static_cast<const float *>(beta), static_cast<float *>(c), ldc, InputRounding{rounding, reduction()});
}
}
