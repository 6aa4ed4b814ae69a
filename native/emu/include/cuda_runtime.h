/*
 * cuda_runtime.h of the CPU emulator (see jace_emu.h): the subset of the CUDA runtime, device qualifiers and
 * intrinsics that jace's kernels and launch code use, on host memory. Device pointers are host pointers.
 */
#ifndef JACE_EMU_CUDA_RUNTIME_H
#define JACE_EMU_CUDA_RUNTIME_H
/* Device code that has no CUDA C++ spelling (inline PTX, as cuda/wgmma.cuh's) takes the emulator's functions here. */
#define JACE_CPU_EMULATOR 1

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "jace_emu.h"

/* Device code is ordinary C++ here: kernels are functions the launcher calls once per thread, and block-shared
 * variables are statics (one block runs at a time), which emu/shared.pl writes in place of each __shared__
 * declaration, with the call that refills them in each block (jace_emu::fresh_shared). */
#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __grid_constant__
#define __shared__ _Pragma("GCC error \"__shared__ in a file that emu/shared.pl did not rewrite (see emu.mk)\"")
#define __align__(n) __attribute__((aligned(n)))

#define threadIdx (::jace_emu::thread_idx())
#define blockIdx (::jace_emu::block_idx())
#define blockDim (::jace_emu::block_dim())
#define gridDim (::jace_emu::grid_dim())
#define warpSize 32

/* The default arguments are the caller's file and line, so that threads waiting at two different __syncthreads() (on
 * a GPU undefined, as a __syncthreads() in a branch only some threads take) are told apart from a shared one. */
inline void __syncthreads(const char *file = __builtin_FILE(), int line = __builtin_LINE()) {
    ::jace_emu::sync_threads(file, line);
}

template <typename T>
T __shfl_sync(unsigned mask, T v, int src, int width = 32) {
    const int lane = ::jace_emu::lane_id();
    return ::jace_emu::shuffle(mask, v, (lane & ~(width - 1)) + (src & (width - 1)));
}
template <typename T>
T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = 32) {
    const int lane = ::jace_emu::lane_id();
    const int in_segment = (lane & (width - 1)) + (int)delta;
    return ::jace_emu::shuffle(mask, v, in_segment < width ? lane + (int)delta : lane);
}
template <typename T>
T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = 32) {
    const int lane = ::jace_emu::lane_id();
    const int src = lane ^ lane_mask;
    return ::jace_emu::shuffle(mask, v, (src & ~(width - 1)) > (lane & ~(width - 1)) ? lane : src);
}

/* Every lane of the mask waits for the others (a shuffle step that moves nothing): the warp's earlier operations, a
 * wgmma wait among them, done by all of its lanes before any goes on. */
inline void __syncwarp(unsigned mask = 0xffffffffu) { (void)::jace_emu::shuffle(mask, 0, ::jace_emu::lane_id()); }

struct __attribute__((aligned(16))) float4 {
    float x, y, z, w;
};
struct __attribute__((aligned(8))) float2 {
    float x, y;
};
/* 16 bytes moved as one, whatever they hold (the packed convolution copies bfloat16 filter rows with it). */
struct __attribute__((aligned(16))) uint4 {
    unsigned x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }
inline float2 make_float2(float x, float y) { return float2{x, y}; }

/* The device library's min/max overloads (CUDA declares them for device code in every translation unit). */
#define JACE_EMU_MINMAX(T)                              \
    inline T min(T a, T b) { return b < a ? b : a; } \
    inline T max(T a, T b) { return a < b ? b : a; }
JACE_EMU_MINMAX(int)
JACE_EMU_MINMAX(unsigned)
JACE_EMU_MINMAX(long long)
JACE_EMU_MINMAX(unsigned long long)
#undef JACE_EMU_MINMAX
inline float min(float a, float b) { return std::fmin(a, b); }
inline float max(float a, float b) { return std::fmax(a, b); }
inline double min(double a, double b) { return std::fmin(a, b); }
inline double max(double a, double b) { return std::fmax(a, b); }

template <typename T>
inline T __ldg(const T *p) {
    return *p;
}

template <typename T>
inline void __stwb(T *p, T value) {
    *p = value;
}

/* The _rn intrinsics: one IEEE operation, rounded to nearest even, never contracted into an FMA. Not inlined, so
 * that a build with -ffp-contract=fast (emu.mk's UBSan build) cannot fuse __fadd_rn(__fmul_rn(a, b), c). */
__attribute__((noinline)) inline float __fadd_rn(float a, float b) { return a + b; }
__attribute__((noinline)) inline float __fsub_rn(float a, float b) { return a - b; }
__attribute__((noinline)) inline float __fmul_rn(float a, float b) { return a * b; }
__attribute__((noinline)) inline float __fdiv_rn(float a, float b) { return a / b; }
__attribute__((noinline)) inline float __fsqrt_rn(float a) { return std::sqrt(a); }
__attribute__((noinline)) inline double __dadd_rn(double a, double b) { return a + b; }
__attribute__((noinline)) inline double __dsub_rn(double a, double b) { return a - b; }
__attribute__((noinline)) inline double __dmul_rn(double a, double b) { return a * b; }
__attribute__((noinline)) inline double __ddiv_rn(double a, double b) { return a / b; }
inline float __double2float_rn(double a) { return (float)a; }
inline int __double2int_rz(double a) { return (int)a; }
inline long long __double_as_longlong(double a) {
    long long bits;
    std::memcpy(&bits, &a, sizeof bits);
    return bits;
}
inline float __int_as_float(int a) {
    float f;
    std::memcpy(&f, &a, sizeof f);
    return f;
}
inline int __float_as_int(float a) {
    int i;
    std::memcpy(&i, &a, sizeof i);
    return i;
}

/* ---------------------------------------------------------------------------------------------- runtime API */

enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorInvalidConfiguration = 9,
    cudaErrorInvalidDevicePointer = 17,
    cudaErrorInsufficientDriver = 35,
    cudaErrorInvalidResourceHandle = 400,
    cudaErrorNoDevice = 100,
    cudaErrorInvalidDevice = 101,
    cudaErrorIllegalState = 401,
    cudaErrorNotReady = 600,
    cudaErrorStreamCaptureUnsupported = 900,
    cudaErrorStreamCaptureInvalidated = 901,
    cudaErrorStreamCaptureUnmatched = 903,
    cudaErrorStreamCaptureWrongThread = 908,
};
typedef cudaError_t cudaError;

enum cudaMemcpyKind {
    cudaMemcpyHostToHost = 0,
    cudaMemcpyHostToDevice = 1,
    cudaMemcpyDeviceToHost = 2,
    cudaMemcpyDeviceToDevice = 3,
    cudaMemcpyDefault = 4,
};
enum cudaStreamCaptureMode {
    cudaStreamCaptureModeGlobal = 0,
    cudaStreamCaptureModeThreadLocal = 1,
    cudaStreamCaptureModeRelaxed = 2,
};
enum cudaDeviceAttr {
    cudaDevAttrMaxThreadsPerBlock = 1,
    cudaDevAttrMaxSharedMemoryPerBlock = 8,
    cudaDevAttrMultiProcessorCount = 16,
    cudaDevAttrComputeCapabilityMajor = 75,
    cudaDevAttrComputeCapabilityMinor = 76,
    cudaDevAttrMaxSharedMemoryPerBlockOptin = 97,
    cudaDevAttrMemoryPoolsSupported = 115,
};
enum cudaFuncAttribute {
    cudaFuncAttributeMaxDynamicSharedMemorySize = 8,
};
enum cudaMemPoolAttr {
    cudaMemPoolAttrReleaseThreshold = 0x4,
};
enum cudaDriverEntryPointQueryResult {
    cudaDriverEntryPointSuccess = 0,
    cudaDriverEntryPointSymbolNotFound = 1,
    cudaDriverEntryPointVersionNotSufficent = 2,
};
#define cudaEnableDefault 0x0
#define cudaStreamDefault 0x00
#define cudaStreamNonBlocking 0x01

typedef struct CUevent_st *cudaEvent_t;
typedef struct CUgraph_st *cudaGraph_t;
typedef struct CUgraphExec_st *cudaGraphExec_t;
typedef struct CUmemPoolHandle_st *cudaMemPool_t;

struct cudaDeviceProp {
    char name[256];
    std::size_t totalGlobalMem;
    std::size_t sharedMemPerBlock;
    int maxThreadsPerBlock;
    int multiProcessorCount;
    int major;
    int minor;
};

cudaError_t cudaGetLastError();
cudaError_t cudaPeekAtLastError();
namespace jace_emu {
/* Sets this thread's last error (cudaGetLastError's) to `e`: for the emulated cuBLAS and cuDNN, whose real
 * counterparts link a CUDA runtime of their own, to leave the caller's last error as they found it. Not a CUDA
 * function. */
void set_last_error(cudaError_t e);
}  // namespace jace_emu
const char *cudaGetErrorName(cudaError_t error);
const char *cudaGetErrorString(cudaError_t error);

cudaError_t cudaGetDeviceCount(int *count);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaGetDevice(int *device);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device);
cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device);
cudaError_t cudaRuntimeGetVersion(int *version);
cudaError_t cudaDriverGetVersion(int *version);
cudaError_t cudaDeviceSynchronize();
cudaError_t cudaMemGetInfo(std::size_t *free_bytes, std::size_t *total_bytes);

cudaError_t cudaMalloc(void **ptr, std::size_t bytes);
cudaError_t cudaFree(void *ptr);
cudaError_t cudaMallocAsync(void **ptr, std::size_t bytes, cudaStream_t stream);
cudaError_t cudaFreeAsync(void *ptr, cudaStream_t stream);
cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *pool, int device);
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void *value);
cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void *value);
cudaError_t cudaMallocHost(void **ptr, std::size_t bytes);
cudaError_t cudaFreeHost(void *ptr);
template <typename T>
cudaError_t cudaMalloc(T **ptr, std::size_t bytes) {
    return cudaMalloc(reinterpret_cast<void **>(ptr), bytes);
}
template <typename T>
cudaError_t cudaMallocAsync(T **ptr, std::size_t bytes, cudaStream_t stream) {
    return cudaMallocAsync(reinterpret_cast<void **>(ptr), bytes, stream);
}

/* The kernel `func` may be launched with up to `value` bytes of dynamic shared memory (above 48 KiB only so). */
cudaError_t cudaFuncSetAttribute(const void *func, cudaFuncAttribute attr, int value);
template <typename R, typename... A>
cudaError_t cudaFuncSetAttribute(R (*func)(A...), cudaFuncAttribute attr, int value) {
    return cudaFuncSetAttribute(reinterpret_cast<const void *>(func), attr, value);
}

/* The driver function `symbol` of the driver API at `cudaVersion` (1000 major + 10 minor): the emulator has one,
 * cuTensorMapEncodeTiled (12000 on), which describes a tensor in the emulator's own terms (emu_internal.h) and refuses
 * what the driver refuses; any other symbol is not found (*funcPtr null, cudaSuccess). */
cudaError_t cudaGetDriverEntryPointByVersion(const char *symbol, void **funcPtr, unsigned int cudaVersion,
                                             unsigned long long flags,
                                             cudaDriverEntryPointQueryResult *driverStatus = nullptr);

cudaError_t cudaMemcpy(void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t stream = nullptr);
cudaError_t cudaMemset(void *dst, int value, std::size_t bytes);
cudaError_t cudaMemsetAsync(void *dst, int value, std::size_t bytes, cudaStream_t stream = nullptr);

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned flags);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);

cudaError_t cudaEventCreate(cudaEvent_t *event);
cudaError_t cudaEventDestroy(cudaEvent_t event);
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream = nullptr);
cudaError_t cudaEventSynchronize(cudaEvent_t event);
cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end);

cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode);
cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *graph);
cudaError_t cudaGraphInstantiate(cudaGraphExec_t *exec, cudaGraph_t graph, unsigned long long flags = 0);
cudaError_t cudaGraphLaunch(cudaGraphExec_t exec, cudaStream_t stream);
cudaError_t cudaGraphDestroy(cudaGraph_t graph);
cudaError_t cudaGraphExecDestroy(cudaGraphExec_t exec);

#endif
