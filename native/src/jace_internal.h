/* Internal helpers shared by the launch code: error recording and checked CUDA calls. */
#ifndef JACE_INTERNAL_H
#define JACE_INTERNAL_H

#include <cuda_runtime.h>
#include "jace.h"

/* Records a thread-local message for jace_last_error() and returns `status`. */
jace_status jace_fail(jace_status status, const char *fmt, ...);
/* Clears the thread-local message (called on success paths that reuse the thread). */
void jace_clear_error(void);

/* Returns from the enclosing function with JACE_ERROR_CUDA (or OUT_OF_MEMORY) when a CUDA call fails. */
#define JACE_CUDA_CHECK(call)                                                                     \
    do {                                                                                          \
        cudaError_t jace_err_ = (call);                                                           \
        if (jace_err_ != cudaSuccess) {                                                           \
            return jace_fail(jace_err_ == cudaErrorMemoryAllocation ? JACE_ERROR_OUT_OF_MEMORY    \
                                                                    : JACE_ERROR_CUDA,            \
                             "%s failed: %s (%s) at %s:%d", #call, cudaGetErrorName(jace_err_),   \
                             cudaGetErrorString(jace_err_), __FILE__, __LINE__);                  \
        }                                                                                         \
    } while (0)

/* Checks the launch that was just enqueued. */
#define JACE_LAUNCH_CHECK(name) JACE_CUDA_CHECK(cudaGetLastError())

/* Returns JACE_ERROR_INVALID_ARGUMENT with a message when `cond` is false. */
#define JACE_REQUIRE(cond, ...)                                                                   \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            return jace_fail(JACE_ERROR_INVALID_ARGUMENT, __VA_ARGS__);                           \
        }                                                                                         \
    } while (0)

#endif
