/* Version, status strings, thread-local error messages, device count and the no-op kernel. */
#include <cstdarg>
#include <cstdio>

#include "jace_internal.h"

namespace {
thread_local char last_error[1024] = "";

__global__ void noop_kernel() {}
}  // namespace

jace_status jace_fail(jace_status status, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(last_error, sizeof last_error, fmt, args);
    va_end(args);
    return status;
}

extern "C" JACE_API int jace_version(void) {
    return JACE_VERSION_MAJOR * 10000 + JACE_VERSION_MINOR * 100 + JACE_VERSION_PATCH;
}

extern "C" JACE_API const char *jace_status_string(jace_status status) {
    switch (status) {
    case JACE_SUCCESS: return "success";
    case JACE_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case JACE_ERROR_CUDA: return "CUDA error";
    case JACE_ERROR_UNSUPPORTED: return "unsupported";
    case JACE_ERROR_OUT_OF_MEMORY: return "out of memory";
    }
    return "unknown status";
}

extern "C" JACE_API const char *jace_last_error(void) { return last_error; }

extern "C" JACE_API jace_status jace_device_count(int *count) {
    JACE_REQUIRE_PTR("jace_device_count", count);
    int n = 0;
    cudaError_t err = cudaGetDeviceCount(&n);
    if (err != cudaSuccess) {
        /* No driver or no device mean "no GPU" here; clear the error so the next runtime call does not report it.
         * A driver older than the runtime linked in is not "no GPU": the GPU is there, and only an update makes it
         * usable (no driver at all reports version 0 with the same error). Nor is any other failure, whose name is
         * the clue to fixing it (a driver and kernel module of different versions, devices in exclusive use...). */
        (void)cudaGetLastError();
        int driver = 0, runtime = 0;
        if (err == cudaErrorInsufficientDriver && cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0 &&
            cudaRuntimeGetVersion(&runtime) == cudaSuccess) {
            return jace_fail(JACE_ERROR_CUDA,
                             "jace_device_count: the NVIDIA driver supports CUDA %d.%d, but libjace was built with "
                             "CUDA %d.%d, which needs a driver for CUDA %d.0 or newer: update the NVIDIA driver",
                             driver / 1000, driver % 1000 / 10, runtime / 1000, runtime % 1000 / 10, runtime / 1000);
        }
        if (err != cudaErrorInsufficientDriver && err != cudaErrorNoDevice) {
            return jace_fail(JACE_ERROR_CUDA, "jace_device_count: cudaGetDeviceCount failed: %s (%s)",
                             cudaGetErrorName(err), cudaGetErrorString(err));
        }
        n = 0;
    }
    *count = n;
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_noop(cudaStream_t stream) {
    noop_kernel<<<1, 1, 0, stream>>>();
    JACE_LAUNCH_CHECK("jace_noop");
    return JACE_SUCCESS;
}
