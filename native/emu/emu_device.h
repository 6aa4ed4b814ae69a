/* The emulated device, as both the runtime (emu_runtime.cpp) and the driver (fake_driver.cpp) report it: an H200's
 * geometry, so that launch code takes the lent GPU's paths. The name's start is the Java side's
 * CudaProbe.EMULATOR_DEVICE, by which tests and jace gpu-report tell the emulator from a GPU. */
#ifndef JACE_EMU_DEVICE_H
#define JACE_EMU_DEVICE_H

#include <cstddef>
#include <cstdlib>

namespace jace_emu_device {
constexpr const char *kName = "jace CPU emulator (H200 geometry)";
constexpr int kMultiprocessors = 132;
constexpr int kCapabilityMajor = 9;
constexpr int kCapabilityMinor = 0;
constexpr int kCudaVersion = 13000;
constexpr std::size_t kTotalBytes = 16ULL << 30;
/* Shared memory a block may have: 48 KiB, or up to 227 KiB for a kernel whose
 * cudaFuncAttributeMaxDynamicSharedMemorySize allows it (an H200's cudaDevAttrMaxSharedMemoryPerBlockOptin). */
constexpr int kSharedBytes = 48 * 1024;
constexpr int kSharedBytesOptin = 227 * 1024;

/* The CUDA version the emulated driver supports: kCudaVersion, or JACE_EMU_DRIVER_VERSION's (read at each call, so
 * a test can set it) to act out an older driver (e.g. 12080), or none at all (0). */
inline int driver_version() {
    const char *v = std::getenv("JACE_EMU_DRIVER_VERSION");
    return v == nullptr || *v == '\0' ? kCudaVersion : std::atoi(v);
}
}  // namespace jace_emu_device

#endif
