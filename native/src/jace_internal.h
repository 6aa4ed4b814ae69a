/* Internal helpers shared by the launch code: error recording, checked CUDA calls, launch geometry. */
#ifndef JACE_INTERNAL_H
#define JACE_INTERNAL_H

#include <cuda_runtime.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <initializer_list>

#include "planes_walk.cuh"

/* The library is compiled with -fvisibility=hidden; the public API keeps default visibility. The pragma makes
 * every jace.h declaration exported even in files that forget JACE_API on the definition. */
#pragma GCC visibility push(default)
#include "jace.h"
#pragma GCC visibility pop

#define JACE_API __attribute__((visibility("default")))

/* Records a thread-local message for jace_last_error() and returns `status`. */
jace_status jace_fail(jace_status status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Returns from the enclosing function with JACE_ERROR_CUDA (or OUT_OF_MEMORY) when a CUDA call fails; `fn` is the
 * public function's name for the message (a helper takes it from its caller). The runtime also keeps a failed call's
 * error as its last error, which the next JACE_LAUNCH_CHECK would report as that launch's failure (after a recovered
 * out-of-memory or a failed graph capture); it is reported here, so it is cleared. */
#define JACE_CUDA_CHECK(fn, call)                                                                 \
    do {                                                                                          \
        cudaError_t jace_err_ = (call);                                                           \
        if (jace_err_ != cudaSuccess) {                                                           \
            (void)cudaGetLastError();                                                             \
            return jace_fail(jace_err_ == cudaErrorMemoryAllocation ? JACE_ERROR_OUT_OF_MEMORY    \
                                                                    : JACE_ERROR_CUDA,            \
                             "%s: %s failed: %s (%s) at %s:%d", fn, #call,                        \
                             cudaGetErrorName(jace_err_), cudaGetErrorString(jace_err_),          \
                             __FILE__, __LINE__);                                                 \
        }                                                                                         \
    } while (0)

/* Checks the launch that was just enqueued; `fn` is the public function's name. */
#define JACE_LAUNCH_CHECK(fn)                                                                     \
    do {                                                                                          \
        cudaError_t jace_err_ = cudaGetLastError();                                               \
        if (jace_err_ != cudaSuccess) {                                                           \
            return jace_fail(JACE_ERROR_CUDA, "%s: kernel launch failed: %s (%s) at %s:%d", fn,   \
                             cudaGetErrorName(jace_err_), cudaGetErrorString(jace_err_),          \
                             __FILE__, __LINE__);                                                 \
        }                                                                                         \
    } while (0)

/* Returns JACE_ERROR_INVALID_ARGUMENT with a message when `cond` is false. */
#define JACE_REQUIRE(cond, ...)                                                                   \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            return jace_fail(JACE_ERROR_INVALID_ARGUMENT, __VA_ARGS__);                           \
        }                                                                                         \
    } while (0)

/* Propagates a non-success status from a helper. */
#define JACE_TRY(call)                                                                            \
    do {                                                                                          \
        jace_status jace_st_ = (call);                                                            \
        if (jace_st_ != JACE_SUCCESS) {                                                           \
            return jace_st_;                                                                      \
        }                                                                                         \
    } while (0)

/* Common argument checks; `fn` is the public function's name for the message. */
#define JACE_REQUIRE_PTR(fn, p) JACE_REQUIRE((p) != nullptr, "%s: %s is NULL", fn, #p)
#define JACE_REQUIRE_POSITIVE(fn, v) \
    JACE_REQUIRE((v) > 0, "%s: %s must be > 0, got %lld", fn, #v, (long long)(v))

/* The largest extent (elements of a tensor, a plane, a filter fibre, a GEMM dimension) the kernels index with int: a
 * margin below 2^31 - 1 so that loops stepping past their end by a tile or a block cannot wrap around. */
#define JACE_MAX_EXTENT (2147483647LL - (1LL << 20))
#define JACE_REQUIRE_EXTENT(fn, what, v)                                                                          \
    JACE_REQUIRE((long long)(v) <= JACE_MAX_EXTENT, "%s: %s of %lld elements exceeds the supported %lld", fn, what, \
                 (long long)(v), JACE_MAX_EXTENT)

/* The element count of a tensor of these extents (each >= 1), saturated at LLONG_MAX: a product of int extents can pass
 * 2^63, and a wrapped count would pass the overlap and size checks as a small or empty buffer. */
inline long long jace_count(std::initializer_list<long long> extents) {
    long long count = 1;
    for (long long e : extents) {
        if (__builtin_mul_overflow(count, e, &count)) return LLONG_MAX;
    }
    return count;
}

/* More elements than any device holds (2^48 floats is 1 PiB): the product of the caller's extents is wrong. */
#define JACE_MAX_COUNT (1LL << 48)
inline jace_status jace_require_count(const char *fn, const char *what, long long count) {
    if (count <= JACE_MAX_COUNT) return JACE_SUCCESS;
    if (count == LLONG_MAX) {
        return jace_fail(JACE_ERROR_INVALID_ARGUMENT,
                         "%s: %s would have 2^63 elements or more (its extents multiplied); no device holds more than"
                         " 2^48", fn, what);
    }
    return jace_fail(JACE_ERROR_INVALID_ARGUMENT, "%s: %s would have %lld elements (its extents multiplied); no device"
                     " holds more than 2^48", fn, what, count);
}

/* A device buffer as a byte range, named for messages; count is in elements of `size` bytes, and the address must be a
 * multiple of `size` (the kernels read whole floats, doubles and bfloat16). A NULL pointer or an empty range overlaps
 * nothing and is never misaligned. */
struct jace_buf {
    const char *name;
    const void *p;
    long long bytes;
    int size;
};
inline jace_buf jace_buffer(const char *name, const void *p, long long count, int size) {
    const long long most = 0x7fffffffffffffffLL / size; /* saturate: absurd counts must not overflow */
    return jace_buf{name, p, count < 0 ? 0 : (count > most ? most * size : count * size), size};
}
inline jace_buf jace_floats(const char *name, const float *p, long long count) {
    return jace_buffer(name, p, count, (int)sizeof(float));
}
inline jace_buf jace_doubles(const char *name, const double *p, long long count) {
    return jace_buffer(name, p, count, (int)sizeof(double));
}
/* bfloat16 elements, passed as their 16 bits. */
inline jace_buf jace_bf16s(const char *name, const unsigned short *p, long long count) {
    return jace_buffer(name, p, count, (int)sizeof(unsigned short));
}

/* Refused before the launch, since a kernel's misaligned access fails with cudaErrorMisalignedAddress, a sticky error
 * that leaves the CUDA context unusable. (Only floats, doubles and bfloat16 have a size above 1.) */
inline jace_status jace_require_aligned(const char *fn, const jace_buf &b) {
    if (b.bytes <= 0 || (uintptr_t)b.p % (uintptr_t)b.size == 0) return JACE_SUCCESS;
    return jace_fail(JACE_ERROR_INVALID_ARGUMENT,
                     "%s: %s (%p) is not %d-byte aligned; %s buffers need %d-byte alignment (jace_malloc gives 256)",
                     fn, b.name, b.p, b.size, b.size == 8 ? "double" : b.size == 4 ? "float" : "bfloat16", b.size);
}

/* Whether a and b share a byte (differences of addresses, so that no end address can wrap). */
inline bool jace_overlaps(const jace_buf &a, const jace_buf &b) {
    if (a.p == nullptr || b.p == nullptr || a.bytes <= 0 || b.bytes <= 0) return false;
    const unsigned long long pa = (unsigned long long)(uintptr_t)a.p, pb = (unsigned long long)(uintptr_t)b.p;
    return pa <= pb ? pb - pa < (unsigned long long)a.bytes : pa - pb < (unsigned long long)b.bytes;
}

inline jace_status jace_fail_overlap(const char *fn, const jace_buf &a, const jace_buf &b, const char *rule) {
    return jace_fail(JACE_ERROR_INVALID_ARGUMENT, "%s: %s (%lld bytes at %p) and %s (%lld bytes at %p) overlap; %s", fn,
                     a.name, a.bytes, a.p, b.name, b.bytes, b.p, rule);
}

/* Fails naming fn and the buffer when one is misaligned, or naming both buffers when two outputs, or an output and an
 * input, share a byte. (Inline, like the rest of this header's checks, so that conv.cu also links into the standalone
 * conv_gpu_check.) */
inline jace_status jace_require_apart(const char *fn, std::initializer_list<jace_buf> outputs,
                                      std::initializer_list<jace_buf> inputs) {
    for (const jace_buf &b : outputs) JACE_TRY(jace_require_aligned(fn, b));
    for (const jace_buf &b : inputs) JACE_TRY(jace_require_aligned(fn, b));
    const char *rule = "an output must not share memory with an input or another output";
    for (const jace_buf *o = outputs.begin(); o != outputs.end(); ++o) {
        for (const jace_buf *q = o + 1; q != outputs.end(); ++q) {
            if (jace_overlaps(*o, *q)) return jace_fail_overlap(fn, *o, *q, rule);
        }
        for (const jace_buf &in : inputs) {
            if (jace_overlaps(*o, in)) return jace_fail_overlap(fn, *o, in, rule);
        }
    }
    return JACE_SUCCESS;
}

/* Both aligned; out may be exactly in (same start and length: the kernel reads each element before the same thread
 * writes it), but not overlap it otherwise. */
inline jace_status jace_require_same_or_apart(const char *fn, const jace_buf &out, const jace_buf &in) {
    JACE_TRY(jace_require_aligned(fn, out));
    JACE_TRY(jace_require_aligned(fn, in));
    if ((out.p == in.p && out.bytes == in.bytes) || !jace_overlaps(out, in)) return JACE_SUCCESS;
    char rule[160];
    std::snprintf(rule, sizeof rule, "%s may be exactly %s (in place), but not overlap it otherwise", out.name,
                  in.name);
    return jace_fail_overlap(fn, out, in, rule);
}

/* Checks rows[0..num_rows) to be strictly ascending in [0, k) with k <= 64 (rows may be NULL when num_rows is 0)
 * and sets bit s of *mask for each row s; the relative-deviation functions take their rows this way. */
jace_status jace_row_mask(const char *fn, int k, const int *rows, int num_rows, unsigned long long *mask);

/* The current device's multiprocessor count (at least 1), for launch code that sizes its grid to the GPU. */
inline jace_status jace_multiprocessors(const char *fn, int *sms) {
    int dev = 0;
    JACE_CUDA_CHECK(fn, cudaGetDevice(&dev));
    JACE_CUDA_CHECK(fn, cudaDeviceGetAttribute(sms, cudaDevAttrMultiProcessorCount, dev));
    if (*sms < 1) *sms = 1;
    return JACE_SUCCESS;
}

/* Lets the convolution kernels that need more than 48 KiB of dynamic shared memory have it on the current device
 * (cudaFuncSetAttribute), once per device: at its first convolution, and before each capture
 * (jace_stream_begin_capture), so that no capture makes the call; the wgmma kernels' only once JACE_CONV_KERNELS asks
 * for them. */
jace_status jace_conv_allow_shared_memory(const char *fn);

/* The chunks into which the default kernels (JACE_CONV_KERNELS unset) cut the K of a pass on the current device, as
 * the convolution chooses them (for tools that print them beside its timings): mode MODE_FWD, MODE_BWD_DATA or
 * MODE_BWD_FILTER (conv_index.cuh) of the shape s (valid); 1 where K is whole. */
jace_status jace_conv_splits(const char *fn, int mode, const jace_group *grp, bool group_input,
                             const jace_conv_shape *s, int *splits);

/* The wgmma tiles that a TF32 pass takes under JACE_CONV_KERNELS=wgmma on the current device, as the convolution
 * chooses them (for tools that print them beside its timings): mode MODE_FWD, MODE_BWD_DATA or MODE_BWD_FILTER
 * (conv_index.cuh) of the shape s (valid); rows 0 where the pass keeps other kernels; splits, backward_filter's K
 * chunks (1 for the other passes). Whether the device is a Hopper one is the caller's to ask. */
jace_status jace_conv_wgmma_tiles(const char *fn, int mode, const jace_group *grp, bool group_input,
                                  const jace_conv_shape *s, int *rows, int *splits);

/* Threads per block of the grid-stride elementwise kernels. */
constexpr int JACE_THREADS = 256;

/* Blocks for a grid-stride loop over `n` items (capped; the loop covers the rest). */
inline unsigned jace_grid_for(long long n, int threads = JACE_THREADS) {
    long long blocks = (n + threads - 1) / threads;
    const long long cap = 65535LL * 8;
    if (blocks > cap) {
        blocks = cap;
    }
    return (unsigned)(blocks < 1 ? 1 : blocks);
}

/* The grid of a kernel over `rows` rows of `length` elements, rows by y and each row's elements by x, both
 * grid-stride (so capped at the largest y extent and at jace_grid_for's blocks). */
inline dim3 jace_rows_grid(long long rows, long long length) {
    return dim3(jace_grid_for(length), (unsigned)(rows < 1 ? 1 : rows < 65535 ? rows : 65535));
}

/* The grid of a kernel walking w (jace_walk_planes). */
inline dim3 jace_planes_grid(const jace_planes &w) { return jace_rows_grid(w.rows, (long long)w.per_row * w.size); }

#endif
