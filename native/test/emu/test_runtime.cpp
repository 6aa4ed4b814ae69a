/* Emulator test of library.cu and runtime.cu: version, status strings, the thread-local last error, device queries,
 * memory, copies, memset, streams, events, and graph capture -> jace_stream_end_capture -> jace_graph_launch whose
 * replays read the values published to device memory before each (a _dev kernel bit for bit as its host-value twin
 * given each replay's value); a failed CUDA call not leaking into the next launch; the argument checks; and the
 * emulator's deferred streams, whose work runs only when the host synchronises (deferral()). */
#include <atomic>
#include <string>
#include <thread>

#include "emu_bits.h"

using namespace emu_check;

namespace {

/* The call fails as the CUDA runtime does without a usable driver: JACE_ERROR_CUDA, cudaErrorInsufficientDriver. */
#define EXPECT_NO_DRIVER(fn, call)                                                                       \
    do {                                                                                                 \
        const jace_status st_ = (call);                                                                  \
        EXPECT(st_ == JACE_ERROR_CUDA && error_says(fn, "cudaErrorInsufficientDriver"),                  \
               "driver %s: %s returned %d, \"%s\"", std::getenv("JACE_EMU_DRIVER_VERSION"), #call, (int)st_, \
               jace_last_error());                                                                       \
    } while (0)

/* Without a usable driver every runtime call fails, but for the versions, which say why. */
void runtime_without_driver(int driver) {
    void *p = (void *)&p;
    EXPECT_NO_DRIVER("jace_malloc", jace_malloc(&p, 64));
    EXPECT(p == nullptr, "jace_malloc left %p", p);
    EXPECT_NO_DRIVER("jace_malloc_host", jace_malloc_host(&p, 64));
    cudaStream_t s = nullptr;
    EXPECT_NO_DRIVER("jace_stream_create", jace_stream_create(&s));
    cudaEvent_t e = nullptr;
    EXPECT_NO_DRIVER("jace_event_create", jace_event_create(&e));
    EXPECT_NO_DRIVER("jace_noop", jace_noop(nullptr));
    EXPECT_NO_DRIVER("jace_device_synchronize", jace_device_synchronize());
    long long free_bytes = -1, total = -1;
    EXPECT_NO_DRIVER("jace_mem_get_info", jace_mem_get_info(&free_bytes, &total));
    EXPECT_NO_DRIVER("jace_set_device", jace_set_device(0));
    char name[64];
    EXPECT_NO_DRIVER("jace_device_name", jace_device_name(0, name, sizeof name));
    int version = -1;
    EXPECT_OK(jace_driver_version(&version));
    EXPECT(version == driver, "jace_driver_version = %d, want %d", version, driver);
    EXPECT_OK(jace_runtime_version(&version));
    EXPECT(version == 13000, "jace_runtime_version = %d", version);
}

/* A driver older than the CUDA runtime libjace links (the emulator acts one out) is named with both versions, not
 * counted as no GPU; with no driver at all the count is 0. Either way the other runtime calls fail. The next call
 * does not inherit the failure. */
void driver_too_old() {
    setenv("JACE_EMU_DRIVER_VERSION", "12080", 1);
    int count = -1;
    jace_status st = jace_device_count(&count);
    EXPECT(st == JACE_ERROR_CUDA && error_says("jace_device_count", "the NVIDIA driver supports CUDA 12.8, but libjace"
                                               " was built with CUDA 13.0, which needs a driver for CUDA 13.0 or newer:"
                                               " update the NVIDIA driver"),
           "an old driver gave status %d, count %d: \"%s\"", (int)st, count, jace_last_error());
    runtime_without_driver(12080);
    setenv("JACE_EMU_DRIVER_VERSION", "0", 1);
    EXPECT_OK(jace_device_count(&count));
    EXPECT(count == 0, "with no driver jace_device_count = %d", count);
    runtime_without_driver(0);
    unsetenv("JACE_EMU_DRIVER_VERSION");
    EXPECT_OK(jace_noop(nullptr));
    EXPECT_OK(jace_device_count(&count));
    EXPECT(count == 1, "jace_device_count = %d after the driver came back", count);
}

void library() {
    EXPECT(std::strcmp(jace_last_error(), "") == 0, "last error before any failure: \"%s\"", jace_last_error());
    EXPECT(jace_version() == JACE_VERSION_MAJOR * 10000 + JACE_VERSION_MINOR * 100 + JACE_VERSION_PATCH,
           "jace_version() = %d", jace_version());
    /* 7 is no named status but inside the enum's value range (0..7): a cast of 99 is undefined in C++ (UBSan). */
    const std::pair<jace_status, const char *> strings[] = {
        {JACE_SUCCESS, "success"}, {JACE_ERROR_INVALID_ARGUMENT, "invalid argument"},
        {JACE_ERROR_CUDA, "CUDA error"}, {JACE_ERROR_UNSUPPORTED, "unsupported"},
        {JACE_ERROR_OUT_OF_MEMORY, "out of memory"}, {(jace_status)7, "unknown status"}};
    for (auto [status, text] : strings)
        EXPECT(std::strcmp(jace_status_string(status), text) == 0, "jace_status_string(%d) = \"%s\"", (int)status,
               jace_status_string(status));
    int count = -1;
    EXPECT_OK(jace_device_count(&count));
    EXPECT(count == 1, "jace_device_count = %d", count);
    driver_too_old();
    /* jace_last_error is this thread's one buffer, which the next failure rewrites (jace.h: copy it to keep it). */
    const char *message = jace_last_error();
    EXPECT_REFUSED("jace_malloc_host", "ptr is NULL", jace_malloc_host(nullptr, 4));
    EXPECT(message == jace_last_error() && std::strncmp(message, "jace_malloc_host:", 17) == 0,
           "the earlier pointer %p reads \"%s\", jace_last_error() is %p", (const void *)message, message,
           (const void *)jace_last_error());
    EXPECT_REFUSED("jace_device_count", "count is NULL", jace_device_count(nullptr));
    EXPECT_OK(jace_noop(nullptr));

    /* Another thread's failure does not show here, nor ours there. */
    std::string other;
    std::thread([&] {
        other = jace_last_error();
        (void)jace_malloc(nullptr, 4);
        other += "|" + std::string(jace_last_error());
    }).join();
    EXPECT(other == "|jace_malloc: ptr is NULL", "the other thread saw \"%s\"", other.c_str());
    EXPECT(error_says("jace_device_count", "count is NULL"), "this thread's message became \"%s\"",
           jace_last_error());
}

void devices() {
    EXPECT_OK(jace_set_device(0));
    EXPECT_REFUSED("jace_set_device", "device 1 out of range (1 device(s) visible)", jace_set_device(1));
    EXPECT_REFUSED("jace_set_device", "device -1 out of range", jace_set_device(-1));

    char name[256];
    EXPECT_OK(jace_device_name(0, name, sizeof name));
    const std::string full = name;
    EXPECT(!full.empty(), "empty device name");
    std::memset(name, 'x', sizeof name);
    EXPECT_OK(jace_device_name(0, name, 5));
    EXPECT(full.compare(0, 4, name) == 0 && name[4] == '\0', "name truncated to 4: \"%s\" of \"%s\"", name,
           full.c_str());
    EXPECT_OK(jace_device_name(0, name, 1));
    EXPECT(name[0] == '\0', "buf_len 1 gives \"%s\"", name);
    EXPECT_REFUSED("jace_device_name", "buf is NULL", jace_device_name(0, nullptr, 8));
    EXPECT_REFUSED("jace_device_name", "buf_len must be > 0, got 0", jace_device_name(0, name, 0));
    EXPECT_REFUSED("jace_device_name", "device 3 out of range", jace_device_name(3, name, 8));

    int capability = 0, runtime = 0, driver = 0;
    EXPECT_OK(jace_device_capability(0, &capability));
    EXPECT(capability == 90, "capability %d (the emulator reports an H200)", capability);
    EXPECT_REFUSED("jace_device_capability", "capability is NULL", jace_device_capability(0, nullptr));
    EXPECT_REFUSED("jace_device_capability", "out of range", jace_device_capability(1, &capability));
    EXPECT_OK(jace_runtime_version(&runtime));
    EXPECT_OK(jace_driver_version(&driver));
    EXPECT(runtime > 0 && driver > 0, "runtime %d, driver %d", runtime, driver);
    EXPECT_REFUSED("jace_runtime_version", "version is NULL", jace_runtime_version(nullptr));
    EXPECT_REFUSED("jace_driver_version", "version is NULL", jace_driver_version(nullptr));
    EXPECT_OK(jace_device_synchronize());
}

void memory() {
    long long free0 = 0, total = 0, free1 = 0;
    EXPECT_OK(jace_mem_get_info(&free0, &total));
    EXPECT(free0 > 0 && free0 <= total, "free %lld of %lld", free0, total);
    EXPECT_REFUSED("jace_mem_get_info", "free_bytes is NULL", jace_mem_get_info(nullptr, &total));
    EXPECT_REFUSED("jace_mem_get_info", "total_bytes is NULL", jace_mem_get_info(&free0, nullptr));

    void *p = &free0;
    EXPECT_OK(jace_malloc(&p, 1 << 20));
    EXPECT(p != nullptr, "jace_malloc gave NULL");
    EXPECT_OK(jace_mem_get_info(&free1, &total));
    EXPECT(free0 - free1 >= (1 << 20), "free went from %lld to %lld after a 1 MiB allocation", free0, free1);
    EXPECT_OK(jace_free(p));
    EXPECT_OK(jace_free(nullptr));
    p = &free0;
    EXPECT_OK(jace_malloc(&p, 0));
    EXPECT(p == nullptr, "jace_malloc of 0 bytes gave %p", p);
    EXPECT_REFUSED("jace_malloc", "ptr is NULL", jace_malloc(nullptr, 8));
    EXPECT_REFUSED("jace_malloc", "bytes must be >= 0, got -8", jace_malloc(&p, -8));

    /* Out of memory: its own status, a NULL pointer, and the failed call does not fail the next launch. */
    p = &free0;
    EXPECT(jace_malloc(&p, 1LL << 50) == JACE_ERROR_OUT_OF_MEMORY && p == nullptr &&
               error_says("jace_malloc", ": cudaMalloc(ptr, (size_t)bytes) failed: cudaErrorMemoryAllocation"),
           "2^50 bytes: p = %p, \"%s\"", p, jace_last_error());
    EXPECT_OK(jace_noop(nullptr));
    Dev live(4); /* the emulator explains this failure on stderr */
    EXPECT(jace_free(live.p + 1) == JACE_ERROR_CUDA, "freeing a pointer inside an allocation: \"%s\"",
           jace_last_error());
    EXPECT_OK(jace_noop(nullptr));

    void *host = &free0;
    EXPECT_OK(jace_malloc_host(&host, 64));
    EXPECT(host != nullptr, "jace_malloc_host gave NULL");
    std::memset(host, 7, 64); /* host memory */
    EXPECT_OK(jace_free_host(host));
    EXPECT_OK(jace_free_host(nullptr));
    host = &free0;
    EXPECT_OK(jace_malloc_host(&host, 0));
    EXPECT(host == nullptr, "jace_malloc_host of 0 bytes gave %p", host);
    EXPECT_REFUSED("jace_malloc_host", "ptr is NULL", jace_malloc_host(nullptr, 8));
    EXPECT_REFUSED("jace_malloc_host", "bytes must be >= 0", jace_malloc_host(&host, -1));
}

void copies() {
    cudaStream_t s = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    float *pinned = nullptr;
    EXPECT_OK(jace_malloc_host((void **)&pinned, 16 * sizeof(float)));
    for (int i = 0; i < 16; ++i) pinned[i] = (float)i + 0.5f;
    Dev a(16), b(16);
    EXPECT_OK(jace_memcpy_htod_async(a.p, pinned, 16 * 4, s));
    EXPECT_OK(jace_memset_async(b.p, 0, 16 * 4, s));
    EXPECT_OK(jace_memcpy_dtod_async(b.p + 2, a.p + 5, 6 * 4, s)); /* b[2..8) = a[5..11) */
    EXPECT_OK(jace_memset_async(b.p + 12, 0x3f, 4 * 4, s));
    std::vector<float> back(16, -1.0f);
    EXPECT_OK(jace_memcpy_dtoh_async(back.data(), b.p, 16 * 4, s));
    EXPECT_OK(jace_stream_synchronize(s));
    float pattern;
    std::memset(&pattern, 0x3f, sizeof pattern);
    Vec want(16, 0.0);
    for (int i = 2; i < 8; ++i) want[(std::size_t)i] = i + 3.5;
    for (int i = 12; i < 16; ++i) want[(std::size_t)i] = pattern;
    EXPECT_BITWISE("copies and memsets on a stream", Vec(back.begin(), back.end()), want);
    EXPECT_BITWISE("htod from pinned memory", a.get(), Vec(pinned, pinned + 16));

    /* Zero bytes may name NULL; otherwise NULL and negative sizes are rejected. */
    EXPECT_OK(jace_memcpy_htod_async(nullptr, nullptr, 0, s));
    EXPECT_OK(jace_memcpy_dtoh_async(nullptr, nullptr, 0, s));
    EXPECT_OK(jace_memcpy_dtod_async(nullptr, nullptr, 0, s));
    EXPECT_OK(jace_memset_async(nullptr, 1, 0, s));
    EXPECT_REFUSED("jace_memcpy_htod_async", "dst is NULL (bytes = 4)", jace_memcpy_htod_async(nullptr, pinned, 4, s));
    EXPECT_REFUSED("jace_memcpy_htod_async", "src is NULL", jace_memcpy_htod_async(a.p, nullptr, 4, s));
    EXPECT_REFUSED("jace_memcpy_dtoh_async", "dst is NULL", jace_memcpy_dtoh_async(nullptr, a.p, 4, s));
    EXPECT_REFUSED("jace_memcpy_dtoh_async", "bytes must be >= 0, got -4", jace_memcpy_dtoh_async(pinned, a.p, -4, s));
    EXPECT_REFUSED("jace_memcpy_dtod_async", "src is NULL", jace_memcpy_dtod_async(b.p, nullptr, 4, s));
    EXPECT_REFUSED("jace_memcpy_dtod_async", "bytes must be >= 0", jace_memcpy_dtod_async(b.p, a.p, -1, s));
    EXPECT_REFUSED("jace_memset_async", "ptr is NULL (bytes = 4)", jace_memset_async(nullptr, 0, 4, s));
    EXPECT_REFUSED("jace_memset_async", "bytes must be >= 0, got -2", jace_memset_async(a.p, 0, -2, s));
    /* A copy past the allocation is the runtime's error (explained on stderr), reported as CUDA's, and cleared. */
    EXPECT(jace_memcpy_dtod_async(b.p, a.p, 17 * 4, s) == JACE_ERROR_CUDA &&
               error_says("jace_memcpy_dtod_async", ": cudaMemcpyAsync("),
           "copy past the allocation: \"%s\"", jace_last_error());
    EXPECT_OK(jace_noop(s));
    EXPECT_OK(jace_free_host(pinned));
    EXPECT_OK(jace_stream_destroy(s));
}

void streams_and_events() {
    cudaStream_t s = nullptr;
    cudaMemPool_t pool = nullptr;
    unsigned long long kept = 0;
    EXPECT(cudaDeviceGetDefaultMemPool(&pool, 0) == cudaSuccess, "the emulator's default pool");
    EXPECT(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &kept) == cudaSuccess,
           "CUDA's default threshold, 0, set back");
    EXPECT_OK(jace_stream_create(&s));
    EXPECT(s != nullptr, "jace_stream_create gave the default stream");
    EXPECT(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &kept) == cudaSuccess && kept == ~0ULL,
           "jace_stream_create keeps the pool's freed memory (release threshold %llu)", kept);
    EXPECT_OK(jace_noop(s));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_OK(jace_stream_synchronize(nullptr));
    EXPECT_REFUSED("jace_stream_create", "stream is NULL", jace_stream_create(nullptr));
    EXPECT_REFUSED("jace_stream_destroy", "stream is NULL", jace_stream_destroy(nullptr));

    cudaEvent_t start = nullptr, end = nullptr, never = nullptr;
    EXPECT_OK(jace_event_create(&start));
    EXPECT_OK(jace_event_create(&end));
    EXPECT_OK(jace_event_create(&never));
    EXPECT_OK(jace_event_record(start, s));
    EXPECT_OK(jace_noop(s));
    EXPECT_OK(jace_event_record(end, s));
    EXPECT_OK(jace_event_synchronize(end));
    float ms = -1;
    EXPECT_OK(jace_event_elapsed_ms(&ms, start, end));
    EXPECT(ms >= 0 && ms < 10000, "elapsed %g ms", ms);
    EXPECT(jace_event_elapsed_ms(&ms, start, never) == JACE_ERROR_CUDA &&
               error_says("jace_event_elapsed_ms", ": cudaEventElapsedTime("),
           "elapsed to an unrecorded event: \"%s\"", jace_last_error());
    EXPECT_OK(jace_noop(s));
    EXPECT_REFUSED("jace_event_create", "event is NULL", jace_event_create(nullptr));
    EXPECT_REFUSED("jace_event_destroy", "event is NULL", jace_event_destroy(nullptr));
    EXPECT_REFUSED("jace_event_record", "event is NULL", jace_event_record(nullptr, s));
    EXPECT_REFUSED("jace_event_synchronize", "event is NULL", jace_event_synchronize(nullptr));
    EXPECT_REFUSED("jace_event_elapsed_ms", "ms is NULL", jace_event_elapsed_ms(nullptr, start, end));
    EXPECT_REFUSED("jace_event_elapsed_ms", "start is NULL", jace_event_elapsed_ms(&ms, nullptr, end));
    EXPECT_REFUSED("jace_event_elapsed_ms", "end is NULL", jace_event_elapsed_ms(&ms, start, nullptr));
    for (cudaEvent_t e : {start, end, never}) EXPECT_OK(jace_event_destroy(e));
    EXPECT_OK(jace_stream_destroy(s));
}

/* A page-locked buffer of n floats, each `value`. */
float *pinned_floats(std::size_t n, float value) {
    void *p = nullptr;
    EXPECT_OK(jace_malloc_host(&p, (long long)(n * sizeof(float))));
    std::fill_n(static_cast<float *>(p), n, value);
    return static_cast<float *>(p);
}

Vec values(const float *p, std::size_t n) { return Vec(p, p + n); }

/* Copies between device and page-locked memory run when the host synchronises, not before: the target of one to
 * the host shows its values only then, the source of one to the device is read then. A pageable source is read at
 * the call and a copy to pageable memory returns after it ran, as the runtime's "API synchronization behavior" says. */
void deferred_copies(cudaStream_t s) {
    const Vec ones(4, 1.0), twos(4, 2.0), nines(4, 9.0);
    Dev a(ones), b(4);
    float *out = pinned_floats(4, -1.0f), *in = pinned_floats(4, 9.0f);

    EXPECT_OK(jace_memcpy_dtoh_async(out, a.p, 16, s));
    EXPECT_BITWISE("page-locked target before its stream synchronised", values(out, 4), Vec(4, -1.0));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_BITWISE("page-locked target after its stream synchronised", values(out, 4), ones);

    std::fill_n(in, 4, 2.0f);
    EXPECT_OK(jace_memcpy_htod_async(b.p, in, 16, s));
    std::fill_n(in, 4, 9.0f); /* the host's error: the copy has not run yet */
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_BITWISE("page-locked source overwritten before the copy ran", b.get(), nines);

    std::vector<float> pageable(4, 2.0f);
    EXPECT_OK(jace_memcpy_htod_async(b.p, pageable.data(), 16, s));
    std::fill(pageable.begin(), pageable.end(), 9.0f);
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_BITWISE("pageable source, overwritten after the call", b.get(), twos);

    std::vector<float> back(4, -1.0f);
    EXPECT_OK(jace_memcpy_dtoh_async(back.data(), a.p, 16, s));
    EXPECT_BITWISE("pageable target, without synchronising", Vec(back.begin(), back.end()), ones);
    EXPECT_OK(jace_free_host(in));
    EXPECT_OK(jace_free_host(out));
}

/* An event synchronisation runs the stream up to the event and no further; the elapsed time to an event whose record
 * has not run is not ready (no sticky error) until it has. */
void deferred_events(cudaStream_t s) {
    Dev a(Vec(4, 1.0));
    float *out = pinned_floats(8, -1.0f);
    cudaEvent_t start = nullptr, end = nullptr;
    EXPECT_OK(jace_event_create(&start));
    EXPECT_OK(jace_event_create(&end));
    EXPECT_OK(jace_event_record(start, s));
    EXPECT_OK(jace_memcpy_dtoh_async(out, a.p, 16, s));
    EXPECT_OK(jace_event_record(end, s));
    EXPECT_OK(jace_memcpy_dtoh_async(out + 4, a.p, 16, s));
    float ms = -1;
    const cudaError_t early = cudaEventElapsedTime(&ms, start, end);
    EXPECT(early == cudaErrorNotReady && cudaPeekAtLastError() == cudaSuccess,
           "elapsed time before either record ran: %s, last error %s", cudaGetErrorName(early),
           cudaGetErrorName(cudaPeekAtLastError()));
    EXPECT(jace_event_elapsed_ms(&ms, start, end) == JACE_ERROR_CUDA &&
               std::strstr(jace_last_error(), "cudaErrorNotReady") != nullptr,
           "jace_event_elapsed_ms before the records ran: \"%s\"", jace_last_error());
    EXPECT_OK(jace_event_synchronize(end));
    EXPECT_BITWISE("copies up to the event, after it synchronised", values(out, 8),
                   (Vec{1, 1, 1, 1, -1, -1, -1, -1}));
    EXPECT_OK(jace_event_elapsed_ms(&ms, start, end));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_BITWISE("the copy after the event, after the stream synchronised", values(out, 8), Vec(8, 1.0));
    EXPECT_OK(jace_event_destroy(start));
    EXPECT_OK(jace_event_destroy(end));
    EXPECT_OK(jace_free_host(out));
}

/* cudaFree and cudaFreeHost run all queued work first, as CUDA synchronises in them; cudaFreeAsync releases in
 * stream order (refused for new work at once); destroying a stream runs its work. */
void deferred_frees(cudaStream_t s) {
    Dev a(Vec(4, 1.0));
    float *out = pinned_floats(4, -1.0f);
    void *scratch = nullptr;
    EXPECT_OK(jace_malloc(&scratch, 64));
    EXPECT_OK(jace_memcpy_dtoh_async(out, a.p, 16, s));
    EXPECT_OK(jace_free(scratch));
    EXPECT_BITWISE("queued copy after jace_free", values(out, 4), Vec(4, 1.0));

    std::fill_n(out, 4, -1.0f);
    EXPECT_OK(jace_malloc_host(&scratch, 64));
    EXPECT_OK(jace_memcpy_dtoh_async(out, a.p, 16, s));
    EXPECT_OK(jace_free_host(scratch));
    EXPECT_BITWISE("queued copy after jace_free_host", values(out, 4), Vec(4, 1.0));

    const std::size_t mib = 1 << 20;
    std::size_t free0 = 0, free1 = 0, free2 = 0, total = 0;
    EXPECT(cudaMallocAsync(&scratch, mib, s) == cudaSuccess && cudaMemGetInfo(&free0, &total) == cudaSuccess &&
               cudaFreeAsync(scratch, s) == cudaSuccess && cudaMemGetInfo(&free1, &total) == cudaSuccess,
           "cudaMallocAsync and cudaFreeAsync");
    EXPECT(free1 == free0, "cudaFreeAsync released at the call (free %zu -> %zu)", free0, free1);
    EXPECT(jace_memset_async(scratch, 0, 4, s) == JACE_ERROR_CUDA, "memset of memory passed to cudaFreeAsync");
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT(cudaMemGetInfo(&free2, &total) == cudaSuccess && free2 == free0 + mib,
           "cudaFreeAsync did not release in stream order (free %zu -> %zu)", free0, free2);

    cudaStream_t doomed = nullptr;
    std::fill_n(out, 4, -1.0f);
    EXPECT_OK(jace_stream_create(&doomed));
    EXPECT_OK(jace_memcpy_dtoh_async(out, a.p, 16, doomed));
    EXPECT_OK(jace_stream_destroy(doomed));
    EXPECT_BITWISE("queued copy after its stream was destroyed", values(out, 4), Vec(4, 1.0));
    EXPECT_OK(jace_free_host(out));
}

/* Kernels and graph replays wait in the queue too: the legacy stream (cudaMemcpy) does not wait for jace's
 * non-blocking streams; a queue longer than the emulator keeps runs its oldest work early. */
void deferred_launches(cudaStream_t s) {
    Dev a(Vec(4, 1.0));
    EXPECT_OK(jace_fill(a.p, 4, 5.0f, s));
    EXPECT_BITWISE("kernel output read on the legacy stream before its stream synchronised", a.get(), Vec(4, 1.0));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_BITWISE("kernel output after its stream synchronised", a.get(), Vec(4, 5.0));

    cudaGraphExec_t graph = nullptr;
    EXPECT_OK(jace_stream_begin_capture(s));
    EXPECT_OK(jace_fill(a.p, 4, 7.0f, s));
    EXPECT_OK(jace_stream_end_capture(s, &graph));
    EXPECT_OK(jace_graph_launch(graph, s));
    EXPECT_OK(jace_graph_destroy(graph)); /* a queued launch outlives its graph, as in CUDA */
    EXPECT_BITWISE("graph output before its stream synchronised", a.get(), Vec(4, 5.0));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_BITWISE("graph output after its stream synchronised", a.get(), Vec(4, 7.0));

    float *out = pinned_floats(4, -1.0f);
    EXPECT_OK(jace_memcpy_dtoh_async(out, a.p, 16, s));
    int refused = 0;
    for (int i = 0; i < 5000; ++i) refused += jace_noop(s) != JACE_SUCCESS;
    EXPECT(refused == 0, "%d of 5000 launches failed: %s", refused, jace_last_error());
    EXPECT_BITWISE("the oldest of 5001 queued operations", values(out, 4), Vec(4, 7.0));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_OK(jace_free_host(out));
}

/* One thread's rounds on its own stream: fill a buffer with a kernel, copy it to page-locked memory, wait for an event
 * after the copy or for the stream; returns how many rounds failed or read other values. */
int rounds_on_own_stream(int thread, int rounds) {
    const int n = 1 << 14; /* long enough for another thread's drain to overlap one of this thread's */
    int wrong = 0;
    cudaStream_t s = nullptr;
    cudaEvent_t copied = nullptr;
    void *out = nullptr;
    Dev a(n);
    if (jace_stream_create(&s) != JACE_SUCCESS || jace_event_create(&copied) != JACE_SUCCESS ||
        jace_malloc_host(&out, n * 4) != JACE_SUCCESS) {
        return rounds;
    }
    for (int r = 0; r < rounds; ++r) {
        const float value = (float)(thread * 1000 + r);
        wrong += jace_fill(a.p, n, value, s) != JACE_SUCCESS ||
                 jace_memcpy_dtoh_async(out, a.p, n * 4, s) != JACE_SUCCESS ||
                 jace_event_record(copied, s) != JACE_SUCCESS ||
                 (r % 2 ? jace_event_synchronize(copied) : jace_stream_synchronize(s)) != JACE_SUCCESS ||
                 values(static_cast<float *>(out), n) != Vec(n, value);
    }
    wrong += jace_free_host(out) != JACE_SUCCESS || jace_event_destroy(copied) != JACE_SUCCESS ||
             jace_stream_destroy(s) != JACE_SUCCESS;
    return wrong;
}

/* Threads enqueueing on and synchronising their own streams at once, while another allocates and frees (each free
 * runs every queue, on its thread): each sees its own values. */
void concurrent_streams() {
    const int threads = 4, rounds = 50;
    std::vector<int> wrong(threads, 0);
    std::atomic<bool> stop{false};
    std::atomic<int> churn_failures{0};
    std::thread churn([&] {
        while (!stop) {
            void *p = nullptr;
            churn_failures += jace_malloc(&p, 256) != JACE_SUCCESS || jace_free(p) != JACE_SUCCESS;
        }
    });
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&wrong, t] { wrong[(std::size_t)t] = rounds_on_own_stream(t, rounds); });
    }
    for (std::thread &w : workers) w.join();
    stop = true;
    churn.join();
    for (int t = 0; t < threads; ++t) {
        EXPECT(wrong[(std::size_t)t] == 0, "thread %d: %d of %d rounds wrong", t, wrong[(std::size_t)t], rounds);
    }
    EXPECT(churn_failures == 0, "%d allocations or frees failed beside the streams", churn_failures.load());
}

void deferral() {
    cudaStream_t s = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    deferred_copies(s);
    deferred_events(s);
    deferred_frees(s);
    deferred_launches(s);
    EXPECT_OK(jace_stream_destroy(s));
    concurrent_streams();
}

/* A graph of a memset, a device-to-device copy, an event and jace_relative_deviation_weights_dev, replayed with a new
 * weight and new inputs published before each replay: each replay gives the host-value function's bits for them. */
void graphs() {
    const int k = 4, n = 37;
    const std::vector<int> rows = {1, 3};
    const double divisor = 3.0, eps = 1e-12;
    cudaStream_t s = nullptr, other = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    EXPECT_OK(jace_stream_create(&other));
    cudaEvent_t mark = nullptr;
    EXPECT_OK(jace_event_create(&mark));
    Dev staged((std::size_t)k * n), dev((std::size_t)k * n), norm((std::size_t)n), dd((std::size_t)k * n),
        dn((std::size_t)n), want_dd((std::size_t)k * n), want_dn((std::size_t)n), cleared(3);
    DevDoubles weight(1);

    EXPECT_OK(jace_stream_begin_capture(s));
    EXPECT_OK(jace_memset_async(cleared.p, 0, 3 * 4, s));
    EXPECT_OK(jace_memcpy_dtod_async(dev.p, staged.p, k * n * 4LL, s));
    EXPECT_OK(jace_event_record(mark, s));
    EXPECT_OK(jace_relative_deviation_weights_dev(dev.p, norm.p, k, n, rows.data(), (int)rows.size(), weight.p,
                                                  divisor, eps, dd.p, dn.p, s));
    cudaGraphExec_t graph = nullptr;
    EXPECT_OK(jace_stream_end_capture(s, &graph));
    EXPECT(graph != nullptr, "no graph");
    EXPECT(std::isnan(dn.get()[0]) && std::isnan(cleared.get()[0]), "the capture ran its work");

    for (int replay = 0; replay < 4; ++replay) {
        const double w = replay == 3 ? -0.0 : 0.25 + replay;
        const Vec d = random((std::size_t)k * n, 0, 3), nm = random((std::size_t)n, 0, 2);
        staged.set(d);
        norm.set(nm);
        cudaStream_t on = replay % 2 ? other : s; /* any stream may launch it, after the weight on that stream */
        EXPECT_OK(jace_memcpy_htod_async(weight.p, &w, 8, on));
        EXPECT_OK(jace_graph_launch(graph, on));
        EXPECT_OK(jace_stream_synchronize(on));
        EXPECT_OK(jace_relative_deviation_weights(dev.p, norm.p, k, n, rows.data(), (int)rows.size(), w / divisor,
                                                  eps, want_dd.p, want_dn.p, nullptr));
        const std::string what = "replay " + std::to_string(replay);
        EXPECT_BITWISE(what + " d_deviation", dd.get(), want_dd.get());
        EXPECT_BITWISE(what + " d_norm", dn.get(), want_dn.get());
        EXPECT_BITWISE(what + " copied input", dev.get(), d);
        EXPECT_BITWISE(what + " memset", cleared.get(), Vec(3, 0.0));
    }
    EXPECT_OK(jace_graph_destroy(graph));
    EXPECT_OK(jace_graph_destroy(nullptr));

    /* Ending a capture that never began fails as a CUDA error with no graph, and does not fail the next launch. */
    graph = (cudaGraphExec_t)&graph;
    EXPECT(jace_stream_end_capture(s, &graph) == JACE_ERROR_CUDA && graph == nullptr,
           "end without begin: graph %p, \"%s\"", (void *)graph, jace_last_error());
    EXPECT_OK(jace_noop(s));
    EXPECT_OK(jace_stream_begin_capture(s));
    EXPECT(jace_stream_begin_capture(s) == JACE_ERROR_CUDA, "a second begin on a capturing stream succeeded");
    EXPECT_OK(jace_stream_end_capture(s, &graph));
    EXPECT_OK(jace_graph_launch(graph, s)); /* an empty graph */
    EXPECT_OK(jace_graph_destroy(graph));
    EXPECT_REFUSED("jace_stream_begin_capture", "stream is NULL", jace_stream_begin_capture(nullptr));
    EXPECT_REFUSED("jace_stream_end_capture", "stream is NULL", jace_stream_end_capture(nullptr, &graph));
    EXPECT_REFUSED("jace_stream_end_capture", "graph is NULL", jace_stream_end_capture(s, nullptr));
    EXPECT_REFUSED("jace_graph_launch", "graph is NULL", jace_graph_launch(nullptr, s));
    EXPECT_OK(jace_event_destroy(mark));
    EXPECT_OK(jace_stream_destroy(other));
    EXPECT_OK(jace_stream_destroy(s));
}

/* The emulator's count of the grids run of a kernel by its name at the launch (emu_runtime.cpp), by which
 * conv_gpu_check tells which kernels a convolution took. */
extern "C" unsigned long long jace_emu_grids_run(const char *kernel);

/* jace_noop's kernel counts when its grid runs (not at the launch, which the emulator defers), each replay of a
 * captured one too, and no other name moves. */
void grid_counts() {
    cudaStream_t s = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    const unsigned long long before = jace_emu_grids_run("noop_kernel");
    EXPECT_OK(jace_noop(s));
    EXPECT_OK(jace_noop(s));
    EXPECT(jace_emu_grids_run("noop_kernel") == before, "grids counted before the stream ran them");
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT(jace_emu_grids_run("noop_kernel") == before + 2, "%llu grids of noop_kernel after two launches, want %llu",
           jace_emu_grids_run("noop_kernel"), before + 2);
    EXPECT_OK(jace_stream_begin_capture(s));
    EXPECT_OK(jace_noop(s));
    cudaGraphExec_t graph = nullptr;
    EXPECT_OK(jace_stream_end_capture(s, &graph));
    for (int replay = 0; replay < 3; ++replay) EXPECT_OK(jace_graph_launch(graph, s));
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT(jace_emu_grids_run("noop_kernel") == before + 5, "%llu grids of noop_kernel after three replays, want %llu",
           jace_emu_grids_run("noop_kernel"), before + 5);
    EXPECT(jace_emu_grids_run("noop") == 0 && jace_emu_grids_run("jace_noop") == 0, "a name other than the kernel's "
           "counted");
    EXPECT_OK(jace_graph_destroy(graph));
    EXPECT_OK(jace_stream_destroy(s));
}

/* The emulator's count of live page-locked bytes, streams, events, graphs and executable graphs (emu_runtime.cpp),
 * by which the Java tests check what a closed backend gives back: each moves with its create and destroy calls. */
extern "C" void jace_emu_live_resources(long long *counts);

std::vector<long long> live_resources() {
    std::vector<long long> counts(5, -1);
    jace_emu_live_resources(counts.data());
    return counts;
}

void counted_resources() {
    const std::vector<long long> before = live_resources();
    auto expect_more = [&](const char *after, std::vector<long long> more) {
        const std::vector<long long> now = live_resources();
        for (std::size_t i = 0; i < more.size(); ++i) {
            EXPECT(now[i] == before[i] + more[i], "after %s: count %zu is %lld, want %lld + %lld", after, i, now[i],
                   before[i], more[i]);
        }
    };
    void *host = nullptr, *device = nullptr;
    EXPECT_OK(jace_malloc_host(&host, 100));
    EXPECT_OK(jace_malloc(&device, 1000));
    expect_more("jace_malloc_host of 100 bytes and jace_malloc", {100, 0, 0, 0, 0});
    cudaStream_t s = nullptr;
    cudaEvent_t e = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    EXPECT_OK(jace_event_create(&e));
    expect_more("a stream and an event", {100, 1, 1, 0, 0});
    cudaGraph_t captured = nullptr;
    EXPECT(cudaStreamBeginCapture(s, cudaStreamCaptureModeRelaxed) == cudaSuccess &&
               cudaStreamEndCapture(s, &captured) == cudaSuccess,
           "an empty capture");
    expect_more("cudaStreamEndCapture", {100, 1, 1, 1, 0});
    cudaGraphExec_t exec = nullptr;
    EXPECT(cudaGraphInstantiate(&exec, captured, 0) == cudaSuccess, "instantiating the empty graph");
    expect_more("cudaGraphInstantiate", {100, 1, 1, 1, 1});
    EXPECT(cudaGraphDestroy(captured) == cudaSuccess, "cudaGraphDestroy");
    expect_more("cudaGraphDestroy", {100, 1, 1, 0, 1});
    EXPECT_OK(jace_graph_destroy(exec)); /* libjace's graphs are executable ones */
    EXPECT_OK(jace_event_destroy(e));
    EXPECT_OK(jace_stream_destroy(s));
    EXPECT_OK(jace_free(device));
    expect_more("destroying the graph, event and stream", {100, 0, 0, 0, 0});
    EXPECT_OK(jace_free_host(host));
    expect_more("jace_free_host", {0, 0, 0, 0, 0});
}

extern "C" long long jace_emu_fail_calls(const char *function, int passing, int failing, int error);
extern "C" long long jace_emu_calls_seen();

/* A test's request makes the calls it names fail, after those it lets pass, and no other call: each failure is
 * reported as the runtime's, and the function works again after them. jace_device_count tells no device from a
 * failure. */
void injected_failures() {
    cudaEvent_t events[4] = {};
    EXPECT(jace_emu_fail_calls("cudaEventCreate", 1, 2, cudaErrorInvalidValue) == 0, "a failure left from before");
    EXPECT_OK(jace_noop(nullptr));
    EXPECT_OK(jace_event_create(&events[0]));
    for (int i = 1; i <= 2; ++i) {
        EXPECT(jace_event_create(&events[i]) == JACE_ERROR_CUDA &&
                   error_says("jace_event_create", "cudaEventCreate(event) failed: cudaErrorInvalidValue"),
               "event %d: \"%s\"", i, jace_last_error());
    }
    EXPECT_OK(jace_event_create(&events[3]));
    EXPECT(jace_emu_calls_seen() == 4, "%lld calls of cudaEventCreate seen, the failed ones included: want 4",
           jace_emu_calls_seen());
    EXPECT(jace_emu_fail_calls("cudaLaunchKernel", 0, 1, cudaErrorInvalidConfiguration) == 2,
           "cudaEventCreate's failures not counted");
    EXPECT(jace_noop(nullptr) == JACE_ERROR_CUDA && error_says("jace_noop", "cudaErrorInvalidConfiguration"),
           "a launch asked to fail: \"%s\"", jace_last_error());
    EXPECT_OK(jace_noop(nullptr));
    EXPECT(jace_emu_fail_calls(nullptr, 0, 0, 0) == 1, "the launch's failure not counted");
    /* No device is no failure; another failure to count them is no "0 devices" but its error. */
    int count = -1;
    jace_emu_fail_calls("cudaGetDeviceCount", 0, 1, cudaErrorNoDevice);
    EXPECT(jace_device_count(&count) == JACE_SUCCESS && count == 0, "cudaErrorNoDevice gave %d devices", count);
    EXPECT(jace_emu_fail_calls("cudaGetDeviceCount", 0, 1, cudaErrorInvalidValue) == 1, "no cudaErrorNoDevice");
    EXPECT(jace_device_count(&count) == JACE_ERROR_CUDA &&
               error_says("jace_device_count", "cudaGetDeviceCount failed: cudaErrorInvalidValue"),
           "another failure: \"%s\"", jace_last_error());
    EXPECT_OK(jace_device_count(&count));
    EXPECT(count == 1, "%d devices after the failure", count);

    /* cudaStreamEndCapture asked to fail ends the capture, invalidated: the stream works again. */
    cudaStream_t s = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    EXPECT_OK(jace_stream_begin_capture(s));
    EXPECT_OK(jace_noop(s));
    EXPECT(jace_emu_fail_calls("cudaStreamEndCapture", 0, 1, cudaErrorInvalidValue) == 1,
           "cudaGetDeviceCount's failure not counted");
    cudaGraphExec_t graph = nullptr;
    EXPECT(jace_stream_end_capture(s, &graph) == JACE_ERROR_CUDA && graph == nullptr &&
               error_says("jace_stream_end_capture", "cudaErrorStreamCaptureInvalidated"),
           "an end of capture asked to fail: \"%s\"", jace_last_error());
    EXPECT_OK(jace_stream_synchronize(s));
    EXPECT_OK(jace_stream_destroy(s));
    EXPECT(jace_emu_fail_calls(nullptr, 0, 0, 0) == 1, "cudaStreamEndCapture's failure not counted");
    EXPECT_OK(jace_event_destroy(events[0]));
    EXPECT_OK(jace_event_destroy(events[3]));
}

/* Captures are thread-local: another thread cannot end one (cudaErrorStreamCaptureWrongThread, no graph), and the
 * capture stays open on the thread that began it, which ends it with what it captured and is then free to allocate
 * and synchronise again. */
void capture_wrong_thread() {
    cudaStream_t s = nullptr;
    EXPECT_OK(jace_stream_create(&s));
    Dev a(4);
    EXPECT_OK(jace_stream_begin_capture(s));
    EXPECT_OK(jace_fill(a.p, 4, 1.5f, s));
    jace_status other = JACE_SUCCESS;
    cudaGraphExec_t stolen = (cudaGraphExec_t)&stolen;
    std::string said;
    std::thread([&] {
        other = jace_stream_end_capture(s, &stolen);
        said = jace_last_error();
    }).join();
    EXPECT(other == JACE_ERROR_CUDA && stolen == nullptr &&
               said.find("cudaErrorStreamCaptureWrongThread") != std::string::npos,
           "another thread ended the capture: status %d, graph %p, \"%s\"", (int)other, (void *)stolen,
           said.c_str());
    EXPECT_OK(jace_fill(a.p, 4, 2.5f, s)); /* still captured */
    cudaGraphExec_t graph = nullptr;
    EXPECT_OK(jace_stream_end_capture(s, &graph));
    EXPECT(graph != nullptr, "the capturing thread got no graph");
    void *p = nullptr;
    EXPECT_OK(jace_malloc(&p, 64));
    EXPECT_OK(jace_free(p));
    EXPECT_OK(jace_device_synchronize());
    EXPECT(std::isnan(a.get()[0]), "the capture ran its work");
    if (graph != nullptr) {
        EXPECT_OK(jace_graph_launch(graph, s));
        EXPECT_OK(jace_stream_synchronize(s));
        EXPECT_BITWISE("replay of the capture", a.get(), Vec(4, 2.5));
        EXPECT_OK(jace_graph_destroy(graph));
    }
    EXPECT_OK(jace_stream_destroy(s));
}

}  // namespace

int main() {
    library(); /* first: the last error starts empty */
    devices();
    memory();
    copies();
    streams_and_events();
    graphs();
    grid_counts();
    capture_wrong_thread();
    counted_resources();
    injected_failures();
    deferral();
    /* Each test gave back what it took. */
    const std::vector<long long> left = live_resources();
    EXPECT(left == std::vector<long long>(5, 0), "left alive: %lld page-locked bytes, %lld streams, %lld events,"
           " %lld graphs, %lld executable graphs", left[0], left[1], left[2], left[3], left[4]);
    return finish("test_runtime");
}
