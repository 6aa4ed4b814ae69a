/*
 * libcuda.so.1 of the CPU emulator: the driver calls the Java backend's probe makes (CudaProbe), answering for the
 * emulated device (emu_device.h). With JACE_CUDA_LIBS naming this library's folder and JACE_NATIVE_LIB the
 * emulator's libjace.so, the Java GPU tests run their CUDA backend path on the CPU.
 */
#include <cstddef>
#include <cstdio>

#include "emu_device.h"

namespace {
constexpr int kSuccess = 0;
constexpr int kInvalidValue = 1;
constexpr int kInvalidDevice = 101;
}  // namespace

extern "C" {
int cuInit(unsigned) { return kSuccess; }
int cuDriverGetVersion(int *version) {
    if (version == nullptr) return kInvalidValue;
    *version = jace_emu_device::driver_version();
    return kSuccess;
}
int cuDeviceGetCount(int *count) {
    if (count == nullptr) return kInvalidValue;
    *count = 1;
    return kSuccess;
}
int cuDeviceGet(int *device, int ordinal) {
    if (device == nullptr) return kInvalidValue;
    if (ordinal != 0) return kInvalidDevice;
    *device = 0;
    return kSuccess;
}
int cuDeviceGetName(char *name, int len, int device) {
    if (name == nullptr || len <= 0) return kInvalidValue;
    if (device != 0) return kInvalidDevice;
    std::snprintf(name, (std::size_t)len, "%s", jace_emu_device::kName);
    return kSuccess;
}
/* Attributes 16 (multiprocessor count), 75 and 76 (compute capability major, minor). */
int cuDeviceGetAttribute(int *value, int attribute, int device) {
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
    if (bytes == nullptr) return kInvalidValue;
    if (device != 0) return kInvalidDevice;
    *bytes = jace_emu_device::kTotalBytes;
    return kSuccess;
}
int cuGetErrorString(int error, const char **text) {
    if (text == nullptr) return kInvalidValue;
    *text = error == kSuccess ? "no error" : "error reported by the jace CPU emulator's driver";
    return kSuccess;
}
}
