/*
 * libcuda.so.1 of the CPU emulator: the driver calls the Java backend's probe makes (CudaProbe), answering for the
 * emulated device (emu_device.h). With JACE_CUDA_LIBS naming this library's folder and JACE_NATIVE_LIB the
 * emulator's libjace.so, the Java GPU tests run their CUDA backend path on the CPU. Three test switches (not driver
 * functions, below) act out a failing or older driver, or one that sees no device, for the tests of the probe's
 * messages.
 */
#include <atomic>
#include <climits>
#include <cstddef>
#include <cstdio>

#include "emu_device.h"
#include "injected_failures.h"

namespace {
constexpr int kSuccess = 0;
constexpr int kInvalidValue = 1;
constexpr int kNoDevice = 100;
constexpr int kInvalidDevice = 101;

jace_emu::InjectedFailures g_failures; /* asked for by jace_emu_driver_fail */
std::atomic<int> g_reported_version{-1}; /* -1: emu_device.h's */
std::atomic<int> g_device_count{1};

/* The result `function` returns while jace_emu_driver_fail names it (after the calls it lets pass), else kSuccess. */
int injected(const char *function) {
    int result = kSuccess;
    return g_failures.fails(function, &result) ? result : kSuccess;
}
}  // namespace

extern "C" {
/* Test switch: after `passing` more calls that work, `function` (a driver function's name) returns `result` without
 * doing anything, at each call; a null function or a result of 0 makes every function work again. */
void jace_emu_driver_fail(const char *function, int passing, int result) {
    g_failures.request(result == kSuccess ? nullptr : function, passing, INT_MAX, result);
}
/* Test switch: cuDriverGetVersion reports `version` (1000·major + 10·minor); -1 goes back to emu_device.h's. Only
 * the driver says so: the emulated runtime in libjace.so keeps working. */
void jace_emu_driver_report_version(int version) { g_reported_version = version; }
/* Test switch: how many devices cuDeviceGetCount reports, 0 or 1. */
void jace_emu_driver_set_device_count(int count) { g_device_count = count == 0 ? 0 : 1; }

int cuInit(unsigned) { return injected(__func__); }
int cuDriverGetVersion(int *version) {
    if (const int e = injected(__func__)) return e;
    if (version == nullptr) return kInvalidValue;
    const int reported = g_reported_version;
    *version = reported >= 0 ? reported : jace_emu_device::driver_version();
    return kSuccess;
}
int cuDeviceGetCount(int *count) {
    if (const int e = injected(__func__)) return e;
    if (count == nullptr) return kInvalidValue;
    *count = g_device_count;
    return kSuccess;
}
int cuDeviceGet(int *device, int ordinal) {
    if (const int e = injected(__func__)) return e;
    if (device == nullptr) return kInvalidValue;
    if (ordinal < 0 || ordinal >= g_device_count) return kInvalidDevice;
    *device = 0;
    return kSuccess;
}
int cuDeviceGetName(char *name, int len, int device) {
    if (const int e = injected(__func__)) return e;
    if (name == nullptr || len <= 0) return kInvalidValue;
    if (device != 0) return kInvalidDevice;
    std::snprintf(name, (std::size_t)len, "%s", jace_emu_device::kName);
    return kSuccess;
}
/* Attributes 16 (multiprocessor count), 75 and 76 (compute capability major, minor). */
int cuDeviceGetAttribute(int *value, int attribute, int device) {
    if (const int e = injected(__func__)) return e;
    if (value == nullptr) return kInvalidValue;
    if (device != 0) return kInvalidDevice;
    switch (attribute) {
        case 16: *value = jace_emu_device::kMultiprocessors; return kSuccess;
        case 75: *value = jace_emu_device::kCapabilityMajor; return kSuccess;
        case 76: *value = jace_emu_device::kCapabilityMinor; return kSuccess;
    }
    return kInvalidValue;
}
int cuDeviceTotalMem_v2(std::size_t *bytes, int device) {
    if (const int e = injected(__func__)) return e;
    if (bytes == nullptr) return kInvalidValue;
    if (device != 0) return kInvalidDevice;
    *bytes = jace_emu_device::kTotalBytes;
    return kSuccess;
}
/* The driver's texts of the results this driver gives; as CUDA's, an unknown result is an invalid value. */
int cuGetErrorString(int error, const char **text) {
    if (text == nullptr) return kInvalidValue;
    switch (error) {
        case kSuccess: *text = "no error"; return kSuccess;
        case kInvalidValue: *text = "invalid argument"; return kSuccess;
        case kNoDevice: *text = "no CUDA-capable device is detected"; return kSuccess;
        case kInvalidDevice: *text = "invalid device ordinal"; return kSuccess;
    }
    *text = nullptr;
    return kInvalidValue;
}
}
