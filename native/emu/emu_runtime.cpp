/*
 * The emulator's CUDA runtime API (cuda_runtime.h): host memory for device memory, synchronous streams, graphs
 * as recorded lists of operations. The device is emu_device.h's.
 */
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "emu_device.h"
#include "emu_internal.h"

struct CUstream_st {
    bool capturing = false;
    bool invalidated = false; /* an unsafe call broke the capture: EndCapture returns no graph */
    std::vector<std::function<void()>> captured;
    std::shared_ptr<struct GraphMemory> capture_memory;
};
struct CUevent_st {
    std::chrono::steady_clock::time_point at;
    bool recorded = false;
};
/* Memory allocated on a stream while it captured: the graph owns it until the last graph using it goes. */
struct GraphMemory {
    std::vector<void *> blocks;
    ~GraphMemory();
};
struct CUgraph_st {
    std::vector<std::function<void()>> operations;
    std::shared_ptr<GraphMemory> memory;
};
struct CUgraphExec_st {
    std::vector<std::function<void()>> operations;
    std::shared_ptr<GraphMemory> memory;
};

namespace {

using jace_emu_device::kTotalBytes;

struct Allocation {
    std::size_t bytes;
    bool pinned_host;
};

std::mutex g_lock;
std::map<const char *, Allocation> g_allocations;
std::set<cudaStream_t> g_streams;
std::size_t g_allocated = 0;
thread_local cudaError_t t_last_error = cudaSuccess;
/* Streams this thread captures in global or thread-local mode: while there are any, the thread may not make
 * potentially unsafe calls (allocation, freeing, synchronous copies, synchronization). */
thread_local std::vector<cudaStream_t> t_strict_captures;

cudaError_t fail(cudaError_t e) {
    t_last_error = e;
    return e;
}

/* As the runtime does: an unsafe call on a thread that captures fails and invalidates its captures. */
bool refused_while_capturing(const char *fn) {
    if (t_strict_captures.empty()) return false;
    std::fprintf(stderr, "jace-emu: %s while this thread captures a stream: refused, the capture is invalidated\n",
                 fn);
    for (cudaStream_t s : t_strict_captures) s->invalidated = true;
    fail(cudaErrorStreamCaptureUnsupported);
    return true;
}

cudaError_t allocate(void **ptr, std::size_t bytes, bool pinned_host) {
    if (ptr == nullptr) return fail(cudaErrorInvalidValue);
    *ptr = nullptr;
    if (bytes == 0) return cudaSuccess;
    std::lock_guard<std::mutex> hold(g_lock);
    void *p = nullptr;
    if (g_allocated + bytes > kTotalBytes || posix_memalign(&p, 256, bytes) != 0) {
        return fail(cudaErrorMemoryAllocation);
    }
    std::memset(p, 0xff, bytes); /* NaN in every float: a kernel that reads what nobody wrote shows it */
    g_allocations[static_cast<const char *>(p)] = Allocation{bytes, pinned_host};
    g_allocated += bytes;
    *ptr = p;
    return cudaSuccess;
}

cudaError_t release(void *ptr, bool pinned_host) {
    if (ptr == nullptr) return cudaSuccess;
    std::lock_guard<std::mutex> hold(g_lock);
    auto it = g_allocations.find(static_cast<const char *>(ptr));
    if (it == g_allocations.end() || it->second.pinned_host != pinned_host) {
        std::fprintf(stderr, "jace-emu: %s(%p): not a live allocation of that kind\n",
                     pinned_host ? "cudaFreeHost" : "cudaFree", ptr);
        return fail(cudaErrorInvalidValue);
    }
    g_allocated -= it->second.bytes;
    g_allocations.erase(it);
    std::free(ptr);
    return cudaSuccess;
}

/* True when [p, p + bytes) lies inside one device allocation. */
bool in_device_memory(const void *p, std::size_t bytes) {
    std::lock_guard<std::mutex> hold(g_lock);
    const char *c = static_cast<const char *>(p);
    auto it = g_allocations.upper_bound(c);
    if (it == g_allocations.begin()) return false;
    --it;
    return !it->second.pinned_host && c >= it->first && c + bytes <= it->first + it->second.bytes;
}

bool check_range(const char *fn, const char *role, const void *p, std::size_t bytes) {
    if (in_device_memory(p, bytes)) return true;
    std::fprintf(stderr, "jace-emu: %s: %s [%p, +%zu) is not inside one device allocation\n", fn, role, p, bytes);
    return false;
}

bool valid_stream(cudaStream_t s) {
    if (s == nullptr) return true;
    std::lock_guard<std::mutex> hold(g_lock);
    return g_streams.count(s) != 0;
}

/* Runs `op` now, or appends it to the stream's capture. */
cudaError_t enqueue(cudaStream_t stream, std::function<void()> op) {
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (stream != nullptr && stream->invalidated) return fail(cudaErrorStreamCaptureInvalidated);
    if (stream != nullptr && stream->capturing) {
        stream->captured.push_back(std::move(op));
    } else {
        op();
    }
    return cudaSuccess;
}

cudaError_t copy(const char *fn, void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind,
                 cudaStream_t stream) {
    if (bytes == 0) return cudaSuccess;
    if (dst == nullptr || src == nullptr) return fail(cudaErrorInvalidValue);
    const bool dst_device = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
    const bool src_device = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
    if ((dst_device && !check_range(fn, "destination", dst, bytes)) ||
        (src_device && !check_range(fn, "source", src, bytes))) {
        return fail(cudaErrorInvalidValue);
    }
    return enqueue(stream, [=] { std::memmove(dst, src, bytes); });
}

cudaError_t set(const char *fn, void *dst, int value, std::size_t bytes, cudaStream_t stream) {
    if (bytes == 0) return cudaSuccess;
    if (!check_range(fn, "destination", dst, bytes)) return fail(cudaErrorInvalidValue);
    return enqueue(stream, [=] { std::memset(dst, value, bytes); });
}

}  // namespace

GraphMemory::~GraphMemory() {
    for (void *p : blocks) release(p, false);
}

namespace jace_emu {
void launch(std::function<void()> body, dim3 grid, dim3 block, std::size_t shared_bytes, cudaStream_t stream) {
    const unsigned long long threads = (unsigned long long)block.x * block.y * block.z;
    const bool bad = threads == 0 || threads > 1024 || block.z > 64 || grid.x == 0 || grid.y == 0 || grid.z == 0 ||
                     grid.x > 0x7fffffffu || grid.y > 65535 || grid.z > 65535 || shared_bytes > 48 * 1024;
    if (bad) {
        std::fprintf(stderr, "jace-emu: launch refused: grid (%u,%u,%u), block (%u,%u,%u), %zu B dynamic shared\n",
                     grid.x, grid.y, grid.z, block.x, block.y, block.z, shared_bytes);
        fail(cudaErrorInvalidConfiguration);
        return;
    }
    enqueue(stream, [body = std::move(body), grid, block] { run_grid(body, grid, block); });
}
}  // namespace jace_emu

cudaError_t cudaGetLastError() {
    const cudaError_t e = t_last_error;
    t_last_error = cudaSuccess;
    return e;
}
cudaError_t cudaPeekAtLastError() { return t_last_error; }

const char *cudaGetErrorName(cudaError_t e) {
    switch (e) {
        case cudaSuccess: return "cudaSuccess";
        case cudaErrorInvalidValue: return "cudaErrorInvalidValue";
        case cudaErrorMemoryAllocation: return "cudaErrorMemoryAllocation";
        case cudaErrorInvalidConfiguration: return "cudaErrorInvalidConfiguration";
        case cudaErrorInvalidDevicePointer: return "cudaErrorInvalidDevicePointer";
        case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
        case cudaErrorNoDevice: return "cudaErrorNoDevice";
        case cudaErrorInvalidDevice: return "cudaErrorInvalidDevice";
        case cudaErrorIllegalState: return "cudaErrorIllegalState";
        case cudaErrorStreamCaptureUnsupported: return "cudaErrorStreamCaptureUnsupported";
        case cudaErrorStreamCaptureInvalidated: return "cudaErrorStreamCaptureInvalidated";
        case cudaErrorStreamCaptureUnmatched: return "cudaErrorStreamCaptureUnmatched";
        case cudaErrorStreamCaptureWrongThread: return "cudaErrorStreamCaptureWrongThread";
    }
    return "cudaErrorUnknown";
}
const char *cudaGetErrorString(cudaError_t e) {
    return e == cudaSuccess ? "no error" : "error reported by the jace CPU emulator (see its stderr line)";
}

cudaError_t cudaGetDeviceCount(int *count) {
    if (count == nullptr) return fail(cudaErrorInvalidValue);
    *count = 1;
    return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) { return device == 0 ? cudaSuccess : fail(cudaErrorInvalidDevice); }
cudaError_t cudaGetDevice(int *device) {
    if (device == nullptr) return fail(cudaErrorInvalidValue);
    *device = 0;
    return cudaSuccess;
}
cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device) {
    if (prop == nullptr) return fail(cudaErrorInvalidValue);
    if (device != 0) return fail(cudaErrorInvalidDevice);
    std::memset(prop, 0, sizeof *prop);
    std::snprintf(prop->name, sizeof prop->name, "%s", jace_emu_device::kName);
    prop->totalGlobalMem = kTotalBytes;
    prop->sharedMemPerBlock = 48 * 1024;
    prop->maxThreadsPerBlock = 1024;
    prop->multiProcessorCount = jace_emu_device::kMultiprocessors;
    prop->major = jace_emu_device::kCapabilityMajor;
    prop->minor = jace_emu_device::kCapabilityMinor;
    return cudaSuccess;
}
cudaError_t cudaDeviceGetAttribute(int *value, cudaDeviceAttr attr, int device) {
    if (value == nullptr) return fail(cudaErrorInvalidValue);
    if (device != 0) return fail(cudaErrorInvalidDevice);
    switch (attr) {
        case cudaDevAttrMaxThreadsPerBlock: *value = 1024; return cudaSuccess;
        case cudaDevAttrMaxSharedMemoryPerBlock: *value = 48 * 1024; return cudaSuccess;
        case cudaDevAttrMultiProcessorCount: *value = jace_emu_device::kMultiprocessors; return cudaSuccess;
        case cudaDevAttrComputeCapabilityMajor: *value = jace_emu_device::kCapabilityMajor; return cudaSuccess;
        case cudaDevAttrComputeCapabilityMinor: *value = jace_emu_device::kCapabilityMinor; return cudaSuccess;
    }
    return fail(cudaErrorInvalidValue);
}
cudaError_t cudaRuntimeGetVersion(int *version) {
    if (version == nullptr) return fail(cudaErrorInvalidValue);
    *version = jace_emu_device::kCudaVersion;
    return cudaSuccess;
}
cudaError_t cudaDriverGetVersion(int *version) { return cudaRuntimeGetVersion(version); }
cudaError_t cudaDeviceSynchronize() {
    return refused_while_capturing("cudaDeviceSynchronize") ? cudaErrorStreamCaptureUnsupported : cudaSuccess;
}
cudaError_t cudaMemGetInfo(std::size_t *free_bytes, std::size_t *total_bytes) {
    if (free_bytes == nullptr || total_bytes == nullptr) return fail(cudaErrorInvalidValue);
    std::lock_guard<std::mutex> hold(g_lock);
    *total_bytes = kTotalBytes;
    *free_bytes = kTotalBytes - g_allocated;
    return cudaSuccess;
}

cudaError_t cudaMalloc(void **ptr, std::size_t bytes) {
    if (refused_while_capturing("cudaMalloc")) return cudaErrorStreamCaptureUnsupported;
    return allocate(ptr, bytes, false);
}
cudaError_t cudaFree(void *ptr) {
    if (refused_while_capturing("cudaFree")) return cudaErrorStreamCaptureUnsupported;
    return release(ptr, false);
}
cudaError_t cudaMallocHost(void **ptr, std::size_t bytes) {
    if (refused_while_capturing("cudaMallocHost")) return cudaErrorStreamCaptureUnsupported;
    return allocate(ptr, bytes, true);
}
cudaError_t cudaFreeHost(void *ptr) {
    if (refused_while_capturing("cudaFreeHost")) return cudaErrorStreamCaptureUnsupported;
    return release(ptr, true);
}

cudaError_t cudaMallocAsync(void **ptr, std::size_t bytes, cudaStream_t stream) {
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    const cudaError_t e = allocate(ptr, bytes, false);
    if (e == cudaSuccess && stream != nullptr && stream->capturing && *ptr != nullptr) {
        stream->capture_memory->blocks.push_back(*ptr);
    }
    return e;
}
cudaError_t cudaFreeAsync(void *ptr, cudaStream_t stream) {
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (stream != nullptr && stream->capturing) {
        for (void *p : stream->capture_memory->blocks) {
            if (p == ptr) return cudaSuccess; /* freed with the graph */
        }
        return fail(cudaErrorStreamCaptureUnsupported);
    }
    return release(ptr, false);
}

cudaError_t cudaMemcpy(void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind) {
    if (refused_while_capturing("cudaMemcpy")) return cudaErrorStreamCaptureUnsupported;
    return copy("cudaMemcpy", dst, src, bytes, kind, nullptr);
}
cudaError_t cudaMemcpyAsync(void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t stream) {
    return copy("cudaMemcpyAsync", dst, src, bytes, kind, stream);
}
cudaError_t cudaMemset(void *dst, int value, std::size_t bytes) {
    if (refused_while_capturing("cudaMemset")) return cudaErrorStreamCaptureUnsupported;
    return set("cudaMemset", dst, value, bytes, nullptr);
}
cudaError_t cudaMemsetAsync(void *dst, int value, std::size_t bytes, cudaStream_t stream) {
    return set("cudaMemsetAsync", dst, value, bytes, stream);
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned) {
    if (stream == nullptr) return fail(cudaErrorInvalidValue);
    *stream = new CUstream_st();
    std::lock_guard<std::mutex> hold(g_lock);
    g_streams.insert(*stream);
    return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t stream) {
    std::lock_guard<std::mutex> hold(g_lock);
    if (stream == nullptr || g_streams.erase(stream) == 0) return fail(cudaErrorInvalidResourceHandle);
    delete stream;
    return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (refused_while_capturing("cudaStreamSynchronize")) return cudaErrorStreamCaptureUnsupported;
    if (stream != nullptr && stream->capturing) return fail(cudaErrorStreamCaptureUnsupported);
    return cudaSuccess;
}

cudaError_t cudaEventCreate(cudaEvent_t *event) {
    if (event == nullptr) return fail(cudaErrorInvalidValue);
    *event = new CUevent_st();
    return cudaSuccess;
}
cudaError_t cudaEventDestroy(cudaEvent_t event) {
    if (event == nullptr) return fail(cudaErrorInvalidResourceHandle);
    delete event;
    return cudaSuccess;
}
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
    if (event == nullptr) return fail(cudaErrorInvalidResourceHandle);
    return enqueue(stream, [event] {
        event->at = std::chrono::steady_clock::now();
        event->recorded = true;
    });
}
cudaError_t cudaEventSynchronize(cudaEvent_t event) {
    if (event == nullptr) return fail(cudaErrorInvalidResourceHandle);
    return refused_while_capturing("cudaEventSynchronize") ? cudaErrorStreamCaptureUnsupported : cudaSuccess;
}
cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
    if (ms == nullptr || start == nullptr || end == nullptr) return fail(cudaErrorInvalidValue);
    if (!start->recorded || !end->recorded) return fail(cudaErrorInvalidResourceHandle);
    *ms = std::chrono::duration<float, std::milli>(end->at - start->at).count();
    return cudaSuccess;
}

cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode) {
    if (stream == nullptr) return fail(cudaErrorStreamCaptureUnsupported); /* the legacy stream cannot capture */
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (stream->capturing) return fail(cudaErrorIllegalState);
    stream->capturing = true;
    stream->invalidated = false;
    stream->captured.clear();
    stream->capture_memory = std::make_shared<GraphMemory>();
    if (mode != cudaStreamCaptureModeRelaxed) t_strict_captures.push_back(stream);
    return cudaSuccess;
}
cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *graph) {
    if (graph == nullptr) return fail(cudaErrorInvalidValue);
    if (!valid_stream(stream) || stream == nullptr) return fail(cudaErrorInvalidResourceHandle);
    if (!stream->capturing) return fail(cudaErrorIllegalState);
    for (auto it = t_strict_captures.begin(); it != t_strict_captures.end(); ++it) {
        if (*it == stream) {
            t_strict_captures.erase(it);
            break;
        }
    }
    const bool invalidated = stream->invalidated;
    *graph = invalidated ? nullptr : new CUgraph_st{std::move(stream->captured), std::move(stream->capture_memory)};
    stream->capturing = false;
    stream->invalidated = false;
    stream->captured.clear();
    stream->capture_memory.reset(); /* an invalidated capture's workspace goes with it */
    return invalidated ? fail(cudaErrorStreamCaptureInvalidated) : cudaSuccess;
}
cudaError_t cudaGraphInstantiate(cudaGraphExec_t *exec, cudaGraph_t graph, unsigned long long) {
    if (exec == nullptr || graph == nullptr) return fail(cudaErrorInvalidValue);
    *exec = new CUgraphExec_st{graph->operations, graph->memory};
    return cudaSuccess;
}
cudaError_t cudaGraphLaunch(cudaGraphExec_t exec, cudaStream_t stream) {
    if (exec == nullptr) return fail(cudaErrorInvalidResourceHandle);
    return enqueue(stream, [exec] {
        for (const auto &op : exec->operations) op();
    });
}
cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
    if (graph == nullptr) return fail(cudaErrorInvalidResourceHandle);
    delete graph;
    return cudaSuccess;
}
cudaError_t cudaGraphExecDestroy(cudaGraphExec_t exec) {
    if (exec == nullptr) return fail(cudaErrorInvalidResourceHandle);
    delete exec;
    return cudaSuccess;
}
