/*
 * The emulator's CUDA runtime API (cuda_runtime.h): host memory for device memory, graphs as recorded lists of
 * operations, and streams as queues of deferred operations. An operation runs only when the host forces it, which
 * is as late as CUDA allows: a synchronisation of its stream, of the device or of an event recorded after it, a call
 * CUDA documents as waiting for it (cudaMemcpy to the host, cudaFree, ...), or a queue grown past kMaxQueued. So a
 * missing synchronisation shows: the host reads a page-locked buffer before the copy into it ran, or overwrites one
 * before the copy out of it ran. Operations run one at a time on the thread that forces them, in each stream's
 * order. JACE_EMU_STREAMS=sync runs each as it is enqueued instead (for debugging). The device is emu_device.h's.
 */
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "emu_device.h"
#include "emu_internal.h"
#include "injected_failures.h"

using Operation = std::function<void()>;

struct CUstream_st {
    explicit CUstream_st(bool blocking_stream) : blocking(blocking_stream) {}
    const bool blocking; /* ordered with the legacy default stream (created without cudaStreamNonBlocking) */
    std::deque<Operation> queued; /* enqueued and not run yet, oldest first */
    unsigned long long enqueued = 0; /* operations ever enqueued: the n-th has position n */
    unsigned long long ran = 0;      /* operations run: position n has run when ran >= n */
    bool capturing = false;
    bool invalidated = false; /* an unsafe call broke the capture: EndCapture returns no graph */
    bool strict = false;      /* captured in global or thread-local mode: only `owner` may end it */
    std::thread::id owner;    /* the thread that began the capture */
    std::vector<Operation> captured;
    std::shared_ptr<struct GraphMemory> capture_memory;
};
/* Whether and when a recorded event's operation ran; shared with that operation, which may outlive the event. */
struct EventMark {
    bool reached = false;
    std::chrono::steady_clock::time_point at;
};
struct CUevent_st {
    std::shared_ptr<EventMark> mark; /* of the last record; null before the first */
    cudaStream_t stream = nullptr;   /* the stream and position of that record */
    unsigned long long position = 0;
};
/* Memory allocated on a stream while it captured: the graph owns it until the last graph using it goes. */
struct GraphMemory {
    std::vector<void *> blocks;
    ~GraphMemory();
};
struct CUgraph_st {
    std::vector<Operation> operations;
    std::shared_ptr<GraphMemory> memory;
};
/* Shared with the launches still queued, which run after the graph is destroyed as CUDA's do. */
struct CUgraphExec_st {
    std::shared_ptr<const std::vector<Operation>> operations;
    std::shared_ptr<GraphMemory> memory;
};

namespace {

using jace_emu_device::kTotalBytes;

/* A stream holding more operations runs its oldest early (always allowed) to bound the memory they hold. */
constexpr unsigned long long kMaxQueued = 4096;
constexpr unsigned long long kEverything = ULLONG_MAX;

struct Allocation {
    std::size_t bytes;
    bool pinned_host;
    bool freeing; /* being freed (cudaFreeAsync's release queued, or cudaFree running queued work): no new use */
};

/* Lock order: g_device before g_queues; g_lock is taken alone. */
std::mutex g_lock; /* the allocations */
std::map<const char *, Allocation> g_allocations;
std::size_t g_allocated = 0; /* bytes of device memory allocated (page-locked host memory is not device memory) */
/* Freed blocks of at least kKeptMinBytes, up to kMaxKeptBytes in all, kept for the next allocation of their size: their
 * pages stay mapped, where a new block costs a page fault a page as it is filled with NaN (a CUDA backend opens with a
 * 32 MiB cuBLAS workspace, and the Java tests open hundreds; page faults are slow in a virtual machine). Not in the
 * ASan build: its report of a kernel reading freed device memory needs the block freed. */
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kMaxKeptBytes = 0;
#else
constexpr std::size_t kMaxKeptBytes = std::size_t{256} << 20;
#endif
constexpr std::size_t kKeptMinBytes = std::size_t{1} << 20;
std::multimap<std::size_t, void *> g_kept; /* by size */
std::size_t g_kept_bytes = 0;
std::mutex g_queues; /* every stream's queue and capture state, the stream set and the events */
std::set<cudaStream_t> g_streams;
std::mutex g_device; /* held while operations run */
/* Live handles of the kinds the tests count (jace_emu_live_resources); streams are g_streams. */
std::atomic<long long> g_events{0};
std::atomic<long long> g_graphs{0};
std::atomic<long long> g_graph_execs{0};
CUstream_st g_legacy_stream(true);
thread_local cudaError_t t_last_error = cudaSuccess;
/* Streams this thread captures in global or thread-local mode: while there are any, the thread may not make
 * potentially unsafe calls (allocation, freeing, synchronous copies, synchronization). */
thread_local std::vector<cudaStream_t> t_strict_captures;

cudaError_t fail(cudaError_t e) {
    t_last_error = e;
    return e;
}

/* As CUDA's runtime: with a driver for an older major version, or none (version 0), every call fails with
 * cudaErrorInsufficientDriver but the last error's, the error strings' and the versions' (which say why). */
bool driver_unusable() {
    return jace_emu_device::driver_version() / 1000 < jace_emu_device::kCudaVersion / 1000;
}

jace_emu::InjectedFailures g_failures; /* asked for by jace_emu_fail_calls */

/* Whether this call of `function` fails by a test's request, with what. */
bool injected(const char *function, cudaError_t *error) {
    int result;
    if (!g_failures.fails(function, &result)) return false;
    *error = (cudaError_t)result;
    return true;
}

/* Begins a call that waits for work (a synchronisation): one asked to fail waits all the same, and waited() reports the
 * failure after, as CUDA reports an error of the work waited for once that work has ended. */
#define ENTER_WAITING_CALL()                                                              \
    if (driver_unusable()) return fail(cudaErrorInsufficientDriver);                      \
    cudaError_t injected_error_ = cudaSuccess;                                            \
    (void)injected(__func__, &injected_error_);                                           \
    auto waited = [injected_error_] { return injected_error_ == cudaSuccess ? cudaSuccess : fail(injected_error_); }

/* Begins every runtime call but the last error's, the error strings' and the versions': fails without a usable driver,
 * or where a test asked this call to fail. */
#define ENTER_RUNTIME_CALL()                                                 \
    do {                                                                     \
        if (driver_unusable()) return fail(cudaErrorInsufficientDriver);     \
        cudaError_t injected_error_;                                         \
        if (injected(__func__, &injected_error_)) return fail(injected_error_); \
    } while (0)

bool synchronous_streams() {
    static const bool sync = [] {
        const char *v = std::getenv("JACE_EMU_STREAMS");
        if (v == nullptr || std::strcmp(v, "deferred") == 0) return false;
        if (std::strcmp(v, "sync") != 0) jace_emu::fatal("JACE_EMU_STREAMS=%s: expected sync or deferred", v);
        return true;
    }();
    return sync;
}

/* As the runtime does: an unsafe call on a thread that captures fails and invalidates its captures. */
bool refused_while_capturing(const char *fn) {
    if (t_strict_captures.empty()) return false;
    std::fprintf(stderr, "jace-emu: %s while this thread captures a stream: refused, the capture is invalidated\n",
                 fn);
    {
        std::lock_guard<std::mutex> hold(g_queues);
        for (cudaStream_t s : t_strict_captures) s->invalidated = true;
    }
    fail(cudaErrorStreamCaptureUnsupported);
    return true;
}

cudaError_t allocate(void **ptr, std::size_t bytes, bool pinned_host) {
    if (ptr == nullptr) return fail(cudaErrorInvalidValue);
    *ptr = nullptr;
    if (bytes == 0) return cudaSuccess;
    std::lock_guard<std::mutex> hold(g_lock);
    if (!pinned_host && g_allocated + bytes > kTotalBytes) return fail(cudaErrorMemoryAllocation);
    void *p = nullptr;
    if (const auto kept = g_kept.find(bytes); kept != g_kept.end()) {
        p = kept->second;
        g_kept.erase(kept);
        g_kept_bytes -= bytes;
    } else if (posix_memalign(&p, 256, bytes) != 0) {
        return fail(cudaErrorMemoryAllocation);
    }
    std::memset(p, 0xff, bytes); /* NaN in every float: a kernel that reads what nobody wrote shows it */
    g_allocations[static_cast<const char *>(p)] = Allocation{bytes, pinned_host, false};
    if (!pinned_host) g_allocated += bytes;
    *ptr = p;
    return cudaSuccess;
}

/* Marks a live allocation of that kind as being freed; explains and fails otherwise. */
bool claim(const char *fn, void *ptr, bool pinned_host) {
    std::lock_guard<std::mutex> hold(g_lock);
    auto it = g_allocations.find(static_cast<const char *>(ptr));
    if (it == g_allocations.end() || it->second.pinned_host != pinned_host || it->second.freeing) {
        std::fprintf(stderr, "jace-emu: %s(%p): not a live allocation of that kind\n", fn, ptr);
        fail(cudaErrorInvalidValue);
        return false;
    }
    it->second.freeing = true;
    return true;
}

/* Frees a claimed allocation. */
void forget(void *ptr) {
    std::lock_guard<std::mutex> hold(g_lock);
    auto it = g_allocations.find(static_cast<const char *>(ptr));
    const std::size_t bytes = it->second.bytes;
    if (!it->second.pinned_host) g_allocated -= bytes;
    g_allocations.erase(it);
    if (bytes >= kKeptMinBytes && g_kept_bytes + bytes <= kMaxKeptBytes) {
        g_kept.emplace(bytes, ptr);
        g_kept_bytes += bytes;
    } else {
        std::free(ptr);
    }
}

/* True when [p, p + bytes) lies inside one live allocation of device (or page-locked host) memory. */
bool inside_allocation(const void *p, std::size_t bytes, bool pinned_host) {
    std::lock_guard<std::mutex> hold(g_lock);
    const char *c = static_cast<const char *>(p);
    auto it = g_allocations.upper_bound(c);
    if (it == g_allocations.begin()) return false;
    --it;
    return it->second.pinned_host == pinned_host && !it->second.freeing && c >= it->first &&
           c + bytes <= it->first + it->second.bytes;
}

bool check_range(const char *fn, const char *role, const void *p, std::size_t bytes) {
    if (inside_allocation(p, bytes, false)) return true;
    std::fprintf(stderr, "jace-emu: %s: %s [%p, +%zu) is not inside one device allocation\n", fn, role, p, bytes);
    return false;
}

bool valid_stream(cudaStream_t s) {
    if (s == nullptr) return true;
    std::lock_guard<std::mutex> hold(g_queues);
    return g_streams.count(s) != 0;
}

CUstream_st *resolve(cudaStream_t s) { return s == nullptr ? &g_legacy_stream : s; }

bool capturing(cudaStream_t s) {
    std::lock_guard<std::mutex> hold(g_queues);
    return s != nullptr && s->capturing;
}

/* Runs s's queued operations up to position `upto` on this thread; g_device is held. */
void run_queued(CUstream_st *s, unsigned long long upto) {
    for (;;) {
        Operation op;
        {
            std::lock_guard<std::mutex> hold(g_queues);
            if (s->ran >= upto || s->queued.empty()) return;
            op = std::move(s->queued.front());
            s->queued.pop_front();
        }
        op();
        std::lock_guard<std::mutex> hold(g_queues);
        ++s->ran;
    }
}

/* Returns once the operation at position `upto` of s has run, running what it waits for on this thread. */
void complete(CUstream_st *s, unsigned long long upto) {
    std::lock_guard<std::mutex> device(g_device);
    run_queued(s, upto);
}

/* Runs the queue of every stream (cudaDeviceSynchronize). */
void complete_everything() {
    std::lock_guard<std::mutex> device(g_device);
    std::vector<CUstream_st *> streams{&g_legacy_stream};
    {
        std::lock_guard<std::mutex> hold(g_queues);
        streams.insert(streams.end(), g_streams.begin(), g_streams.end());
    }
    for (CUstream_st *s : streams) run_queued(s, kEverything);
}

/* The legacy default stream waits for the work enqueued before on every blocking stream, and they for the work
 * enqueued before on it: here that work runs before anything more is enqueued (earlier than needed, which is always
 * allowed). jace's own streams are non-blocking, unordered with the legacy stream. */
void run_legacy_predecessors(CUstream_st *s) {
    if (s != &g_legacy_stream && !s->blocking) return;
    std::lock_guard<std::mutex> device(g_device);
    std::vector<CUstream_st *> predecessors;
    {
        std::lock_guard<std::mutex> hold(g_queues);
        if (s != &g_legacy_stream) {
            predecessors.push_back(&g_legacy_stream);
        } else {
            for (cudaStream_t t : g_streams) {
                if (t->blocking) predecessors.push_back(t);
            }
        }
    }
    for (CUstream_st *p : predecessors) run_queued(p, kEverything);
}

/* Where enqueue put an operation: its stream and position there, 0 when a capture took it. */
struct Ticket {
    cudaError_t error;
    CUstream_st *stream;
    unsigned long long position;
};

/* Appends `op` to the stream's queue, or to its capture. */
Ticket enqueue(cudaStream_t handle, Operation op) {
    if (!valid_stream(handle)) return {fail(cudaErrorInvalidResourceHandle), nullptr, 0};
    CUstream_st *s = resolve(handle);
    if (!capturing(handle)) run_legacy_predecessors(s);
    unsigned long long position, queued;
    {
        std::lock_guard<std::mutex> hold(g_queues);
        if (s->invalidated) return {fail(cudaErrorStreamCaptureInvalidated), s, 0};
        if (s->capturing) {
            s->captured.push_back(std::move(op));
            return {cudaSuccess, s, 0};
        }
        s->queued.push_back(std::move(op));
        position = ++s->enqueued;
        queued = s->queued.size();
    }
    if (synchronous_streams()) {
        complete(s, position);
    } else if (queued > kMaxQueued) {
        complete(s, position - kMaxQueued);
    }
    return {cudaSuccess, s, position};
}

/* How a copy behaves towards the host, as the runtime API's "API synchronization behavior" section describes. */
enum class CopyCall { synchronous, asynchronous }; /* cudaMemcpy, cudaMemcpyAsync */

/* An operation writing the bytes [src, src + bytes) hold now: a pageable source is staged before the call returns. */
Operation staged_copy(void *dst, const void *src, std::size_t bytes) {
    const unsigned char *from = static_cast<const unsigned char *>(src);
    auto staged = std::make_shared<const std::vector<unsigned char>>(from, from + bytes);
    return [dst, staged] { std::memcpy(dst, staged->data(), staged->size()); };
}

cudaError_t copy(const char *fn, void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind,
                 cudaStream_t stream, CopyCall call) {
    if (bytes == 0) return cudaSuccess;
    if (dst == nullptr || src == nullptr) return fail(cudaErrorInvalidValue);
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    const bool dst_device = kind == cudaMemcpyHostToDevice || kind == cudaMemcpyDeviceToDevice;
    const bool src_device = kind == cudaMemcpyDeviceToHost || kind == cudaMemcpyDeviceToDevice;
    if ((dst_device && !check_range(fn, "destination", dst, bytes)) ||
        (src_device && !check_range(fn, "source", src, bytes))) {
        return fail(cudaErrorInvalidValue);
    }
    const Operation direct = [=] { std::memmove(dst, src, bytes); };
    if (capturing(stream)) return enqueue(stream, direct).error; /* a graph's copy touches host memory at replay */
    const bool src_pageable = !src_device && !inside_allocation(src, bytes, true);
    const bool dst_pageable = !dst_device && !inside_allocation(dst, bytes, true);
    /* Returns only after the copy: to pageable memory or host to host; with cudaMemcpy, to any host memory or from
     * page-locked memory. A pageable source otherwise is staged at the call (cudaMemcpy first synchronises the
     * legacy stream) and reaches the device later. */
    const bool waits = call == CopyCall::asynchronous ? !dst_device && (dst_pageable || !src_device)
                                                     : !dst_device || (!src_device && !src_pageable);
    const bool staged = src_pageable && !waits;
    if (staged && call == CopyCall::synchronous) complete(&g_legacy_stream, kEverything);
    const Ticket t = enqueue(stream, staged ? staged_copy(dst, src, bytes) : direct);
    if (t.error == cudaSuccess && waits) complete(t.stream, t.position);
    return t.error;
}

cudaError_t set(const char *fn, void *dst, int value, std::size_t bytes, cudaStream_t stream) {
    if (bytes == 0) return cudaSuccess;
    if (!check_range(fn, "destination", dst, bytes)) return fail(cudaErrorInvalidValue);
    return enqueue(stream, [=] { std::memset(dst, value, bytes); }).error;
}

/* Both frees wait for all queued work first, as CUDA's do, so that no queued operation uses freed memory. */
cudaError_t free_now(const char *fn, void *ptr, bool pinned_host) {
    if (refused_while_capturing(fn)) return cudaErrorStreamCaptureUnsupported;
    if (ptr == nullptr) return cudaSuccess;
    if (!claim(fn, ptr, pinned_host)) return cudaErrorInvalidValue;
    complete_everything();
    forget(ptr);
    return cudaSuccess;
}

}  // namespace

GraphMemory::~GraphMemory() {
    for (void *p : blocks) {
        if (claim("cudaFree", p, false)) forget(p);
    }
}

namespace {
std::mutex g_attributes;
std::map<const void *, int> g_max_dynamic_shared; /* kernel -> cudaFuncAttributeMaxDynamicSharedMemorySize */

/* The dynamic shared memory `kernel` may be launched with. */
std::size_t dynamic_shared_limit(const void *kernel) {
    std::lock_guard<std::mutex> hold(g_attributes);
    const auto it = kernel == nullptr ? g_max_dynamic_shared.end() : g_max_dynamic_shared.find(kernel);
    return it == g_max_dynamic_shared.end() ? jace_emu_device::kSharedBytes : (std::size_t)it->second;
}

std::mutex g_grid_counts;
std::map<std::string, unsigned long long> g_grids_run; /* by the kernel's name at its launches */

void count_grid(const char *kernel) {
    if (kernel == nullptr) return;
    std::lock_guard<std::mutex> hold(g_grid_counts);
    ++g_grids_run[kernel];
}
}  // namespace

/* For the checks that a launch path took the kernel it should: how many grids of the kernel named `kernel` (as written
 * at its launches, without namespace or template arguments) have run, replays of captured launches included. Not a
 * CUDA function. */
extern "C" unsigned long long jace_emu_grids_run(const char *kernel) {
    std::lock_guard<std::mutex> hold(g_grid_counts);
    const auto it = g_grids_run.find(kernel);
    return it == g_grids_run.end() ? 0 : it->second;
}

namespace jace_emu {
void launch(const void *kernel, const char *name, std::function<void()> body, dim3 grid, dim3 block,
            std::size_t shared_bytes, cudaStream_t stream) {
    if (driver_unusable()) {
        fail(cudaErrorInsufficientDriver);
        return;
    }
    cudaError_t injected_error;
    if (injected("cudaLaunchKernel", &injected_error)) {
        fail(injected_error);
        return;
    }
    const unsigned long long threads = (unsigned long long)block.x * block.y * block.z;
    const bool bad = threads == 0 || threads > 1024 || block.z > 64 || grid.x == 0 || grid.y == 0 || grid.z == 0 ||
                     grid.x > 0x7fffffffu || grid.y > 65535 || grid.z > 65535;
    if (bad) {
        std::fprintf(stderr, "jace-emu: launch refused: grid (%u,%u,%u), block (%u,%u,%u), %zu B dynamic shared\n",
                     grid.x, grid.y, grid.z, block.x, block.y, block.z, shared_bytes);
        fail(cudaErrorInvalidConfiguration);
        return;
    }
    const std::size_t limit = dynamic_shared_limit(kernel);
    if (shared_bytes > limit) {
        std::fprintf(stderr,
                     "jace-emu: launch refused: %zu B of dynamic shared memory, above the kernel's %zu B (raise it "
                     "with cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, bytes))\n",
                     shared_bytes, limit);
        fail(cudaErrorInvalidValue);
        return;
    }
    enqueue(stream, [name, body = std::move(body), grid, block, shared_bytes] {
        run_grid(body, grid, block, shared_bytes);
        count_grid(name);
    });
}

void launch(std::function<void()> body, dim3 grid, dim3 block, std::size_t shared_bytes, cudaStream_t stream) {
    launch(nullptr, nullptr, std::move(body), grid, block, shared_bytes, stream);
}

void set_last_error(cudaError_t e) { t_last_error = e; }
}  // namespace jace_emu

cudaError_t cudaFuncSetAttribute(const void *func, cudaFuncAttribute attr, int value) {
    ENTER_RUNTIME_CALL();
    if (func == nullptr) return fail(cudaErrorInvalidValue);
    if (attr != cudaFuncAttributeMaxDynamicSharedMemorySize || value < 0 ||
        value > jace_emu_device::kSharedBytesOptin) {
        return fail(cudaErrorInvalidValue);
    }
    std::lock_guard<std::mutex> hold(g_attributes);
    g_max_dynamic_shared[func] = value;
    return cudaSuccess;
}

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
        case cudaErrorInsufficientDriver: return "cudaErrorInsufficientDriver";
        case cudaErrorInvalidResourceHandle: return "cudaErrorInvalidResourceHandle";
        case cudaErrorNoDevice: return "cudaErrorNoDevice";
        case cudaErrorNotReady: return "cudaErrorNotReady";
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
    if (e == cudaSuccess) return "no error";
    if (e == cudaErrorInsufficientDriver) return "CUDA driver version is insufficient for CUDA runtime version";
    return "error reported by the jace CPU emulator (see its stderr line)";
}

cudaError_t cudaGetDeviceCount(int *count) {
    ENTER_RUNTIME_CALL();
    if (count == nullptr) return fail(cudaErrorInvalidValue);
    *count = 1;
    return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) {
    ENTER_RUNTIME_CALL();
    return device == 0 ? cudaSuccess : fail(cudaErrorInvalidDevice);
}
cudaError_t cudaGetDevice(int *device) {
    ENTER_RUNTIME_CALL();
    if (device == nullptr) return fail(cudaErrorInvalidValue);
    *device = 0;
    return cudaSuccess;
}
cudaError_t cudaGetDeviceProperties(cudaDeviceProp *prop, int device) {
    ENTER_RUNTIME_CALL();
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
    ENTER_RUNTIME_CALL();
    if (value == nullptr) return fail(cudaErrorInvalidValue);
    if (device != 0) return fail(cudaErrorInvalidDevice);
    switch (attr) {
        case cudaDevAttrMaxThreadsPerBlock: *value = 1024; return cudaSuccess;
        case cudaDevAttrMaxSharedMemoryPerBlock: *value = jace_emu_device::kSharedBytes; return cudaSuccess;
        case cudaDevAttrMaxSharedMemoryPerBlockOptin: *value = jace_emu_device::kSharedBytesOptin; return cudaSuccess;
        case cudaDevAttrMultiProcessorCount: *value = jace_emu_device::kMultiprocessors; return cudaSuccess;
        case cudaDevAttrComputeCapabilityMajor: *value = jace_emu_device::kCapabilityMajor; return cudaSuccess;
        case cudaDevAttrComputeCapabilityMinor: *value = jace_emu_device::kCapabilityMinor; return cudaSuccess;
        case cudaDevAttrMemoryPoolsSupported: *value = 1; return cudaSuccess;
    }
    return fail(cudaErrorInvalidValue);
}
cudaError_t cudaRuntimeGetVersion(int *version) {
    if (version == nullptr) return fail(cudaErrorInvalidValue);
    *version = jace_emu_device::kCudaVersion;
    return cudaSuccess;
}
cudaError_t cudaDriverGetVersion(int *version) {
    if (version == nullptr) return fail(cudaErrorInvalidValue);
    *version = jace_emu_device::driver_version();
    return cudaSuccess;
}
cudaError_t cudaDeviceSynchronize() {
    ENTER_WAITING_CALL();
    if (refused_while_capturing("cudaDeviceSynchronize")) return cudaErrorStreamCaptureUnsupported;
    complete_everything();
    return waited();
}
cudaError_t cudaMemGetInfo(std::size_t *free_bytes, std::size_t *total_bytes) {
    ENTER_RUNTIME_CALL();
    if (free_bytes == nullptr || total_bytes == nullptr) return fail(cudaErrorInvalidValue);
    std::lock_guard<std::mutex> hold(g_lock);
    *total_bytes = kTotalBytes;
    *free_bytes = kTotalBytes - g_allocated;
    return cudaSuccess;
}

static std::atomic<std::size_t> g_refused_from{0};

/* For the Java tests of device memory running out at one allocation: while `bytes` is not 0, cudaMalloc of that many
 * bytes or more fails with cudaErrorMemoryAllocation. Not a CUDA function. */
extern "C" void jace_emu_refuse_mallocs_from(std::size_t bytes) { g_refused_from = bytes; }

/* For the tests of failures part way: after `passing` calls that work, the next `failing` calls of `function` (a
 * runtime function's name, or cudaLaunchKernel for a kernel launch) return `error` without doing anything (but the
 * synchronisations, which wait first, and cudaStreamEndCapture, which ends the capture as an invalidated one); a null
 * function ends the failures asked for. Returns how many calls failed by the previous request. Not a CUDA function. */
extern "C" long long jace_emu_fail_calls(const char *function, int passing, int failing, int error) {
    return g_failures.request(function, passing, failing, error);
}

/* How many calls the function named by the last jace_emu_fail_calls made since, the failed ones included: with
 * failures asked for after more calls than a run makes, how many it makes. Not a CUDA function. */
extern "C" long long jace_emu_calls_seen() { return g_failures.calls(); }

/* For the Java tests of what a closed backend gives back, which CUDA has no query for: what is alive now of
 * page-locked host memory (bytes), streams, events, graphs and executable graphs, in counts[0..4]. Not a CUDA
 * function. */
extern "C" void jace_emu_live_resources(long long *counts) {
    long long pinned = 0;
    {
        std::lock_guard<std::mutex> hold(g_lock);
        for (const auto &[address, allocation] : g_allocations) {
            if (allocation.pinned_host) pinned += (long long)allocation.bytes;
        }
    }
    std::lock_guard<std::mutex> hold(g_queues);
    counts[0] = pinned;
    counts[1] = (long long)g_streams.size();
    counts[2] = g_events;
    counts[3] = g_graphs;
    counts[4] = g_graph_execs;
}

cudaError_t cudaMalloc(void **ptr, std::size_t bytes) {
    ENTER_RUNTIME_CALL();
    if (refused_while_capturing("cudaMalloc")) return cudaErrorStreamCaptureUnsupported;
    const std::size_t refused_from = g_refused_from;
    if (refused_from != 0 && bytes >= refused_from) {
        if (ptr != nullptr) *ptr = nullptr;
        return fail(cudaErrorMemoryAllocation);
    }
    return allocate(ptr, bytes, false);
}
cudaError_t cudaFree(void *ptr) {
    ENTER_RUNTIME_CALL();
    return free_now("cudaFree", ptr, false);
}
cudaError_t cudaMallocHost(void **ptr, std::size_t bytes) {
    ENTER_RUNTIME_CALL();
    if (refused_while_capturing("cudaMallocHost")) return cudaErrorStreamCaptureUnsupported;
    return allocate(ptr, bytes, true);
}
cudaError_t cudaFreeHost(void *ptr) {
    ENTER_RUNTIME_CALL();
    return free_now("cudaFreeHost", ptr, true);
}

/* The device's default pool holds only its release threshold: the emulator's asynchronous allocations come from the
 * host heap, so the threshold changes nothing but what cudaMemPoolGetAttribute reads back (for the tests). */
struct CUmemPoolHandle_st {
    std::atomic<std::uint64_t> release_threshold{0};
};
CUmemPoolHandle_st g_default_pool;

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *pool, int device) {
    ENTER_RUNTIME_CALL();
    if (pool == nullptr) return fail(cudaErrorInvalidValue);
    if (device != 0) return fail(cudaErrorInvalidDevice);
    *pool = &g_default_pool;
    return cudaSuccess;
}
cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void *value) {
    ENTER_RUNTIME_CALL();
    if (pool != &g_default_pool || value == nullptr || attr != cudaMemPoolAttrReleaseThreshold) {
        return fail(cudaErrorInvalidValue);
    }
    pool->release_threshold = *static_cast<std::uint64_t *>(value);
    return cudaSuccess;
}
cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t pool, cudaMemPoolAttr attr, void *value) {
    ENTER_RUNTIME_CALL();
    if (pool != &g_default_pool || value == nullptr || attr != cudaMemPoolAttrReleaseThreshold) {
        return fail(cudaErrorInvalidValue);
    }
    *static_cast<std::uint64_t *>(value) = pool->release_threshold;
    return cudaSuccess;
}

cudaError_t cudaMallocAsync(void **ptr, std::size_t bytes, cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    const cudaError_t e = allocate(ptr, bytes, false);
    std::lock_guard<std::mutex> hold(g_queues);
    if (e == cudaSuccess && stream != nullptr && stream->capturing && *ptr != nullptr) {
        stream->capture_memory->blocks.push_back(*ptr);
    }
    return e;
}
cudaError_t cudaFreeAsync(void *ptr, cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (capturing(stream)) {
        std::lock_guard<std::mutex> hold(g_queues);
        for (void *p : stream->capture_memory->blocks) {
            if (p == ptr) return cudaSuccess; /* freed with the graph */
        }
        return fail(cudaErrorStreamCaptureUnsupported);
    }
    if (ptr == nullptr) return cudaSuccess;
    if (!claim("cudaFreeAsync", ptr, false)) return cudaErrorInvalidValue;
    return enqueue(stream, [ptr] { forget(ptr); }).error;
}

cudaError_t cudaMemcpy(void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind) {
    ENTER_RUNTIME_CALL();
    if (refused_while_capturing("cudaMemcpy")) return cudaErrorStreamCaptureUnsupported;
    return copy("cudaMemcpy", dst, src, bytes, kind, nullptr, CopyCall::synchronous);
}
cudaError_t cudaMemcpyAsync(void *dst, const void *src, std::size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    return copy("cudaMemcpyAsync", dst, src, bytes, kind, stream, CopyCall::asynchronous);
}
cudaError_t cudaMemset(void *dst, int value, std::size_t bytes) {
    ENTER_RUNTIME_CALL();
    if (refused_while_capturing("cudaMemset")) return cudaErrorStreamCaptureUnsupported;
    return set("cudaMemset", dst, value, bytes, nullptr);
}
cudaError_t cudaMemsetAsync(void *dst, int value, std::size_t bytes, cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    return set("cudaMemsetAsync", dst, value, bytes, stream);
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *stream, unsigned flags) {
    ENTER_RUNTIME_CALL();
    if (stream == nullptr) return fail(cudaErrorInvalidValue);
    *stream = new CUstream_st((flags & cudaStreamNonBlocking) == 0);
    std::lock_guard<std::mutex> hold(g_queues);
    g_streams.insert(*stream);
    return cudaSuccess;
}
/* CUDA finishes a destroyed stream's queued work later; here it runs first. */
cudaError_t cudaStreamDestroy(cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    if (stream == nullptr || !valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    std::lock_guard<std::mutex> device(g_device);
    run_queued(stream, kEverything);
    {
        std::lock_guard<std::mutex> hold(g_queues);
        g_streams.erase(stream);
    }
    delete stream;
    return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
    ENTER_WAITING_CALL();
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (refused_while_capturing("cudaStreamSynchronize")) return cudaErrorStreamCaptureUnsupported;
    if (capturing(stream)) return fail(cudaErrorStreamCaptureUnsupported);
    complete(resolve(stream), kEverything);
    return waited();
}

cudaError_t cudaEventCreate(cudaEvent_t *event) {
    ENTER_RUNTIME_CALL();
    if (event == nullptr) return fail(cudaErrorInvalidValue);
    *event = new CUevent_st();
    ++g_events;
    return cudaSuccess;
}
/* A record still queued keeps its mark, so the event may go before it runs, as in CUDA. */
cudaError_t cudaEventDestroy(cudaEvent_t event) {
    ENTER_RUNTIME_CALL();
    if (event == nullptr) return fail(cudaErrorInvalidResourceHandle);
    delete event;
    --g_events;
    return cudaSuccess;
}
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    if (event == nullptr) return fail(cudaErrorInvalidResourceHandle);
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    if (capturing(stream)) { /* a captured record orders streams in the graph, which replays no event */
        return resolve(stream)->invalidated ? fail(cudaErrorStreamCaptureInvalidated) : cudaSuccess;
    }
    auto mark = std::make_shared<EventMark>();
    const Ticket t = enqueue(stream, [mark] {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard<std::mutex> hold(g_queues);
        mark->at = now;
        mark->reached = true;
    });
    if (t.error != cudaSuccess) return t.error;
    std::lock_guard<std::mutex> hold(g_queues);
    event->mark = mark;
    event->stream = t.stream;
    event->position = t.position;
    return cudaSuccess;
}
/* Runs the recording stream up to the record, no further. */
cudaError_t cudaEventSynchronize(cudaEvent_t event) {
    ENTER_WAITING_CALL();
    if (event == nullptr) return fail(cudaErrorInvalidResourceHandle);
    if (refused_while_capturing("cudaEventSynchronize")) return cudaErrorStreamCaptureUnsupported;
    std::lock_guard<std::mutex> device(g_device); /* so that the recording stream, if still needed, stays */
    cudaStream_t stream;
    unsigned long long position;
    {
        std::lock_guard<std::mutex> hold(g_queues);
        if (event->mark == nullptr || event->mark->reached) return waited();
        stream = event->stream;
        position = event->position;
    }
    run_queued(stream, position);
    return waited();
}
/* As CUDA: an event never recorded is an invalid handle; one whose record has not run yet is not ready (which is no
 * error: the last error stays). */
cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
    ENTER_RUNTIME_CALL();
    if (ms == nullptr || start == nullptr || end == nullptr) return fail(cudaErrorInvalidValue);
    std::lock_guard<std::mutex> hold(g_queues);
    if (start->mark == nullptr || end->mark == nullptr) return fail(cudaErrorInvalidResourceHandle);
    if (!start->mark->reached || !end->mark->reached) return cudaErrorNotReady;
    *ms = std::chrono::duration<float, std::milli>(end->mark->at - start->mark->at).count();
    return cudaSuccess;
}

cudaError_t cudaStreamBeginCapture(cudaStream_t stream, cudaStreamCaptureMode mode) {
    ENTER_RUNTIME_CALL();
    if (stream == nullptr) return fail(cudaErrorStreamCaptureUnsupported); /* the legacy stream cannot capture */
    if (!valid_stream(stream)) return fail(cudaErrorInvalidResourceHandle);
    {
        std::lock_guard<std::mutex> hold(g_queues);
        if (stream->capturing) return fail(cudaErrorIllegalState);
        stream->capturing = true;
        stream->invalidated = false;
        stream->strict = mode != cudaStreamCaptureModeRelaxed;
        stream->owner = std::this_thread::get_id();
        stream->captured.clear();
        stream->capture_memory = std::make_shared<GraphMemory>();
    }
    if (mode != cudaStreamCaptureModeRelaxed) t_strict_captures.push_back(stream);
    return cudaSuccess;
}
/* Asked to fail (jace_emu_fail_calls), it ends the capture as an invalidated one, as CUDA does at each failure it
 * documents but a wrong thread's: cudaErrorStreamCaptureInvalidated and no graph, whatever error the test asked for. */
cudaError_t cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *graph) {
    if (driver_unusable()) return fail(cudaErrorInsufficientDriver);
    cudaError_t ignored;
    const bool fails = injected(__func__, &ignored);
    if (graph == nullptr) return fail(cudaErrorInvalidValue);
    if (!valid_stream(stream) || stream == nullptr) return fail(cudaErrorInvalidResourceHandle);
    {
        std::lock_guard<std::mutex> hold(g_queues);
        if (!stream->capturing) return fail(cudaErrorIllegalState);
        if (stream->strict && stream->owner != std::this_thread::get_id()) {
            std::fprintf(stderr, "jace-emu: cudaStreamEndCapture: the capture began on another thread in a non-relaxed"
                                 " mode, which must end it: refused, the capture stays open\n");
            return fail(cudaErrorStreamCaptureWrongThread);
        }
        if (fails) stream->invalidated = true;
    }
    for (auto it = t_strict_captures.begin(); it != t_strict_captures.end(); ++it) {
        if (*it == stream) {
            t_strict_captures.erase(it);
            break;
        }
    }
    std::vector<Operation> captured;
    std::shared_ptr<GraphMemory> memory;
    bool invalidated;
    {
        std::lock_guard<std::mutex> hold(g_queues);
        invalidated = stream->invalidated;
        captured.swap(stream->captured);
        memory.swap(stream->capture_memory);
        stream->capturing = false;
        stream->invalidated = false;
    }
    /* An invalidated capture's operations and workspace go with it. */
    *graph = invalidated ? nullptr : new CUgraph_st{std::move(captured), std::move(memory)};
    if (!invalidated) ++g_graphs;
    return invalidated ? fail(cudaErrorStreamCaptureInvalidated) : cudaSuccess;
}
cudaError_t cudaGraphInstantiate(cudaGraphExec_t *exec, cudaGraph_t graph, unsigned long long) {
    ENTER_RUNTIME_CALL();
    if (exec == nullptr || graph == nullptr) return fail(cudaErrorInvalidValue);
    *exec = new CUgraphExec_st{std::make_shared<const std::vector<Operation>>(graph->operations), graph->memory};
    ++g_graph_execs;
    return cudaSuccess;
}
cudaError_t cudaGraphLaunch(cudaGraphExec_t exec, cudaStream_t stream) {
    ENTER_RUNTIME_CALL();
    if (exec == nullptr) return fail(cudaErrorInvalidResourceHandle);
    return enqueue(stream, [operations = exec->operations, memory = exec->memory] {
               for (const Operation &op : *operations) op();
           }).error;
}
cudaError_t cudaGraphDestroy(cudaGraph_t graph) {
    ENTER_RUNTIME_CALL();
    if (graph == nullptr) return fail(cudaErrorInvalidResourceHandle);
    delete graph;
    --g_graphs;
    return cudaSuccess;
}
cudaError_t cudaGraphExecDestroy(cudaGraphExec_t exec) {
    ENTER_RUNTIME_CALL();
    if (exec == nullptr) return fail(cudaErrorInvalidResourceHandle);
    delete exec;
    --g_graph_execs;
    return cudaSuccess;
}
