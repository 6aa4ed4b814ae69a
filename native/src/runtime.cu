/* Thin checked wrappers over the statically linked CUDA runtime: devices, memory, copies, streams, events, graphs. */
#include <cstring>

#include "jace_internal.h"

namespace {
jace_status check_device(const char *fn, int device) {
    int count = 0;
    JACE_CUDA_CHECK(fn, cudaGetDeviceCount(&count));
    JACE_REQUIRE(device >= 0 && device < count, "%s: device %d out of range (%d device(s) visible)", fn, device,
                 count);
    return JACE_SUCCESS;
}

/* Pointers may be NULL only for zero-byte operations. */
jace_status check_copy(const char *fn, const void *dst, const void *src, long long bytes) {
    JACE_REQUIRE(bytes >= 0, "%s: bytes must be >= 0, got %lld", fn, bytes);
    JACE_REQUIRE(bytes == 0 || dst != nullptr, "%s: dst is NULL (bytes = %lld)", fn, bytes);
    JACE_REQUIRE(bytes == 0 || src != nullptr, "%s: src is NULL (bytes = %lld)", fn, bytes);
    return JACE_SUCCESS;
}
}  // namespace

extern "C" JACE_API jace_status jace_set_device(int device) {
    JACE_TRY(check_device("jace_set_device", device));
    JACE_CUDA_CHECK("jace_set_device", cudaSetDevice(device));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_device_name(int device, char *buf, int buf_len) {
    JACE_REQUIRE_PTR("jace_device_name", buf);
    JACE_REQUIRE_POSITIVE("jace_device_name", buf_len);
    JACE_TRY(check_device("jace_device_name", device));
    cudaDeviceProp prop;
    JACE_CUDA_CHECK("jace_device_name", cudaGetDeviceProperties(&prop, device));
    size_t len = strnlen(prop.name, sizeof prop.name);
    if (len > (size_t)(buf_len - 1)) {
        len = (size_t)(buf_len - 1);
    }
    std::memcpy(buf, prop.name, len);
    buf[len] = '\0';
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_device_capability(int device, int *capability) {
    const char *fn = "jace_device_capability";
    JACE_REQUIRE_PTR(fn, capability);
    JACE_TRY(check_device(fn, device));
    int major = 0, minor = 0;
    JACE_CUDA_CHECK(fn, cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device));
    JACE_CUDA_CHECK(fn, cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device));
    *capability = major * 10 + minor;
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_runtime_version(int *version) {
    JACE_REQUIRE_PTR("jace_runtime_version", version);
    JACE_CUDA_CHECK("jace_runtime_version", cudaRuntimeGetVersion(version));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_driver_version(int *version) {
    JACE_REQUIRE_PTR("jace_driver_version", version);
    JACE_CUDA_CHECK("jace_driver_version", cudaDriverGetVersion(version)); /* 0 when no driver is installed */
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_mem_get_info(long long *free_bytes, long long *total_bytes) {
    JACE_REQUIRE_PTR("jace_mem_get_info", free_bytes);
    JACE_REQUIRE_PTR("jace_mem_get_info", total_bytes);
    size_t free_b = 0, total_b = 0;
    JACE_CUDA_CHECK("jace_mem_get_info", cudaMemGetInfo(&free_b, &total_b));
    *free_bytes = (long long)free_b;
    *total_bytes = (long long)total_b;
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_malloc(void **ptr, long long bytes) {
    JACE_REQUIRE_PTR("jace_malloc", ptr);
    JACE_REQUIRE(bytes >= 0, "jace_malloc: bytes must be >= 0, got %lld", bytes);
    *ptr = nullptr;
    if (bytes == 0) {
        return JACE_SUCCESS;
    }
    JACE_CUDA_CHECK("jace_malloc", cudaMalloc(ptr, (size_t)bytes));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_free(void *ptr) {
    if (ptr != nullptr) {
        JACE_CUDA_CHECK("jace_free", cudaFree(ptr));
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_malloc_host(void **ptr, long long bytes) {
    JACE_REQUIRE_PTR("jace_malloc_host", ptr);
    JACE_REQUIRE(bytes >= 0, "jace_malloc_host: bytes must be >= 0, got %lld", bytes);
    *ptr = nullptr;
    if (bytes == 0) {
        return JACE_SUCCESS;
    }
    JACE_CUDA_CHECK("jace_malloc_host", cudaMallocHost(ptr, (size_t)bytes));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_free_host(void *ptr) {
    if (ptr != nullptr) {
        JACE_CUDA_CHECK("jace_free_host", cudaFreeHost(ptr));
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_memcpy_htod_async(void *dst, const void *src, long long bytes,
                                                       cudaStream_t stream) {
    const char *fn = "jace_memcpy_htod_async";
    JACE_TRY(check_copy(fn, dst, src, bytes));
    if (bytes > 0) {
        JACE_CUDA_CHECK(fn, cudaMemcpyAsync(dst, src, (size_t)bytes, cudaMemcpyHostToDevice, stream));
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_memcpy_dtoh_async(void *dst, const void *src, long long bytes,
                                                       cudaStream_t stream) {
    const char *fn = "jace_memcpy_dtoh_async";
    JACE_TRY(check_copy(fn, dst, src, bytes));
    if (bytes > 0) {
        JACE_CUDA_CHECK(fn, cudaMemcpyAsync(dst, src, (size_t)bytes, cudaMemcpyDeviceToHost, stream));
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_memcpy_dtod_async(void *dst, const void *src, long long bytes,
                                                       cudaStream_t stream) {
    const char *fn = "jace_memcpy_dtod_async";
    JACE_TRY(check_copy(fn, dst, src, bytes));
    JACE_TRY(jace_require_apart(fn, {jace_buffer("dst", dst, bytes, 1)}, {jace_buffer("src", src, bytes, 1)}));
    if (bytes > 0) {
        JACE_CUDA_CHECK(fn, cudaMemcpyAsync(dst, src, (size_t)bytes, cudaMemcpyDeviceToDevice, stream));
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_memset_async(void *ptr, int value, long long bytes, cudaStream_t stream) {
    JACE_REQUIRE(bytes >= 0, "jace_memset_async: bytes must be >= 0, got %lld", bytes);
    JACE_REQUIRE(bytes == 0 || ptr != nullptr, "jace_memset_async: ptr is NULL (bytes = %lld)", bytes);
    if (bytes > 0) {
        JACE_CUDA_CHECK("jace_memset_async", cudaMemsetAsync(ptr, value, (size_t)bytes, stream));
    }
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_device_synchronize(void) {
    JACE_CUDA_CHECK("jace_device_synchronize", cudaDeviceSynchronize());
    return JACE_SUCCESS;
}

/* Memory freed with cudaFreeAsync (the filter gradient's workspace) goes back to the system at every synchronisation
 * unless the current device's default pool keeps it (its release threshold is 0 by default); kept, a training step
 * does not map its workspace again after each step's synchronisation. */
static jace_status keep_pool_memory(const char *fn) {
    int device = 0, pools = 0;
    JACE_CUDA_CHECK(fn, cudaGetDevice(&device));
    JACE_CUDA_CHECK(fn, cudaDeviceGetAttribute(&pools, cudaDevAttrMemoryPoolsSupported, device));
    if (pools == 0) {
        return JACE_SUCCESS; /* no pool: cudaMallocAsync fails there with its own error */
    }
    cudaMemPool_t pool;
    JACE_CUDA_CHECK(fn, cudaDeviceGetDefaultMemPool(&pool, device));
    unsigned long long keep = ~0ULL;
    JACE_CUDA_CHECK(fn, cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
    return JACE_SUCCESS;
}

/* Non-blocking streams do not synchronise implicitly with the legacy default stream, which is what CUDA-graph
 * capture needs; callers order work across streams with events. */
extern "C" JACE_API jace_status jace_stream_create(cudaStream_t *stream) {
    const char *fn = "jace_stream_create";
    JACE_REQUIRE_PTR(fn, stream);
    JACE_CUDA_CHECK(fn, cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking));
    const jace_status kept = keep_pool_memory(fn);
    if (kept != JACE_SUCCESS) {
        cudaStreamDestroy(*stream); /* the pool's error is the one reported */
        *stream = nullptr;
    }
    return kept;
}

extern "C" JACE_API jace_status jace_stream_destroy(cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_stream_destroy", stream); /* the default stream cannot be destroyed */
    JACE_CUDA_CHECK("jace_stream_destroy", cudaStreamDestroy(stream));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_stream_synchronize(cudaStream_t stream) {
    JACE_CUDA_CHECK("jace_stream_synchronize", cudaStreamSynchronize(stream));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_event_create(cudaEvent_t *event) {
    JACE_REQUIRE_PTR("jace_event_create", event);
    JACE_CUDA_CHECK("jace_event_create", cudaEventCreate(event)); /* with timing, for jace_event_elapsed_ms */
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_event_destroy(cudaEvent_t event) {
    JACE_REQUIRE_PTR("jace_event_destroy", event);
    JACE_CUDA_CHECK("jace_event_destroy", cudaEventDestroy(event));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_event_record(cudaEvent_t event, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_event_record", event);
    JACE_CUDA_CHECK("jace_event_record", cudaEventRecord(event, stream));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_event_synchronize(cudaEvent_t event) {
    JACE_REQUIRE_PTR("jace_event_synchronize", event);
    JACE_CUDA_CHECK("jace_event_synchronize", cudaEventSynchronize(event));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_event_elapsed_ms(float *ms, cudaEvent_t start, cudaEvent_t end) {
    JACE_REQUIRE_PTR("jace_event_elapsed_ms", ms);
    JACE_REQUIRE_PTR("jace_event_elapsed_ms", start);
    JACE_REQUIRE_PTR("jace_event_elapsed_ms", end);
    JACE_CUDA_CHECK("jace_event_elapsed_ms", cudaEventElapsedTime(ms, start, end));
    return JACE_SUCCESS;
}

/* Thread-local mode: other threads may keep calling unsafe APIs (cudaMalloc, ...) while this stream captures. */
extern "C" JACE_API jace_status jace_stream_begin_capture(cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_stream_begin_capture", stream); /* the legacy default stream cannot be captured */
    JACE_TRY(jace_conv_allow_shared_memory("jace_stream_begin_capture"));
    JACE_CUDA_CHECK("jace_stream_begin_capture", cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_stream_end_capture(cudaStream_t stream, cudaGraphExec_t *graph) {
    JACE_REQUIRE_PTR("jace_stream_end_capture", stream);
    JACE_REQUIRE_PTR("jace_stream_end_capture", graph);
    *graph = nullptr;
    cudaGraph_t captured = nullptr;
    JACE_CUDA_CHECK("jace_stream_end_capture", cudaStreamEndCapture(stream, &captured));
    cudaGraphExec_t exec = nullptr;
    cudaError_t err = cudaGraphInstantiate(&exec, captured, 0ULL);
    cudaError_t destroy_err = cudaGraphDestroy(captured); /* the executable graph does not need it */
    if (err != cudaSuccess || destroy_err != cudaSuccess) {
        (void)cudaGetLastError(); /* reported below, as JACE_CUDA_CHECK does */
    }
    if (err != cudaSuccess && exec != nullptr) {
        (void)cudaGraphExecDestroy(exec);
    }
    if (err != cudaSuccess) {
        return jace_fail(err == cudaErrorMemoryAllocation ? JACE_ERROR_OUT_OF_MEMORY : JACE_ERROR_CUDA,
                         "jace_stream_end_capture: cudaGraphInstantiate failed: %s (%s)", cudaGetErrorName(err),
                         cudaGetErrorString(err));
    }
    if (destroy_err != cudaSuccess) {
        (void)cudaGraphExecDestroy(exec);
        return jace_fail(JACE_ERROR_CUDA, "jace_stream_end_capture: cudaGraphDestroy failed: %s (%s)",
                         cudaGetErrorName(destroy_err), cudaGetErrorString(destroy_err));
    }
    *graph = exec;
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_graph_launch(cudaGraphExec_t graph, cudaStream_t stream) {
    JACE_REQUIRE_PTR("jace_graph_launch", graph);
    JACE_CUDA_CHECK("jace_graph_launch", cudaGraphLaunch(graph, stream));
    return JACE_SUCCESS;
}

extern "C" JACE_API jace_status jace_graph_destroy(cudaGraphExec_t graph) {
    if (graph != nullptr) {
        JACE_CUDA_CHECK("jace_graph_destroy", cudaGraphExecDestroy(graph));
    }
    return JACE_SUCCESS;
}
