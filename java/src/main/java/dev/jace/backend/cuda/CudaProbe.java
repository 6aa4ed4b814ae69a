package dev.jace.backend.cuda;

import dev.jace.bindings.CTypes;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibraryException;
import dev.jace.bindings.cuda.cuda_h;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the CUDA backend can run here, and why not: checks the driver (libcuda.so.1, cuInit, a device) through
 * the driver API, then libjace.so and its version. Never throws.
 *
 * @param available whether a {@link CudaBackend} can be created
 * @param summary   the devices found when available, else the reason (with how to fix it)
 */
public record CudaProbe(boolean available, String summary) {

    /** Start of the device name jace's CPU emulator of CUDA reports (native/emu/emu_device.h): no GPU. */
    public static final String EMULATOR_DEVICE = "jace CPU emulator";

    static CudaProbe run() {
        try {
            return check();
        } catch (NativeLibraryException e) {
            return new CudaProbe(false, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return new CudaProbe(false, "probing CUDA failed: " + e);
        }
    }

    private static CudaProbe check() {
        try {
            NativeLibraries.system().cuda();
        } catch (NativeLibraryException e) {
            return new CudaProbe(false, e.getMessage());
        }
        int init = cuda_h.cuInit(0);
        if (init != cuda_h.CUDA_SUCCESS()) {
            return new CudaProbe(false, "cuInit failed: " + driverError(init)
                    + " (is an NVIDIA GPU present and CUDA_VISIBLE_DEVICES not empty?)");
        }
        List<String> devices = new ArrayList<>();
        int driverVersion;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            driverCheck("cuDriverGetVersion", cuda_h.cuDriverGetVersion(value));
            driverVersion = value.get(ValueLayout.JAVA_INT, 0);
            driverCheck("cuDeviceGetCount", cuda_h.cuDeviceGetCount(value));
            int count = value.get(ValueLayout.JAVA_INT, 0);
            if (count == 0) {
                return new CudaProbe(false, "the CUDA driver sees no device (CUDA_VISIBLE_DEVICES="
                        + System.getenv("CUDA_VISIBLE_DEVICES") + ")");
            }
            for (int i = 0; i < count; i++) {
                devices.add(describe(arena, i));
            }
        }
        NativeLibraries.system().jace();
        int version = jace_h.jace_version();
        int expected = jace_h.JACE_VERSION_MAJOR() * 10000 + jace_h.JACE_VERSION_MINOR() * 100
                + jace_h.JACE_VERSION_PATCH();
        if (version / 100 != expected / 100) {
            return new CudaProbe(false, "libjace.so has version " + version + " but the bindings were written for "
                    + expected + " (major*10000 + minor*100 + patch); rebuild libjace.so from this checkout");
        }
        Optional<String> tooOld = driverTooOld(driverVersion, runtimeVersion());
        if (tooOld.isPresent()) {
            return new CudaProbe(false, tooOld.get());
        }
        return new CudaProbe(true, "CUDA driver " + versionName(driverVersion)
                + ", libjace " + version + " from " + NativeLibraries.system().jace().location() + ", "
                + devices.size() + " device(s): " + String.join("; ", devices));
    }

    /**
     * Why a driver for CUDA {@code driver} cannot run libjace's statically linked CUDA {@code runtime} (versions as
     * 1000·major + 10·minor): CUDA runs on any driver of the same major version or newer, never on an older major.
     */
    static Optional<String> driverTooOld(int driver, int runtime) {
        if (driver / 1000 >= runtime / 1000) {
            return Optional.empty();
        }
        return Optional.of("the NVIDIA driver supports CUDA " + versionName(driver) + ", but libjace.so was built with"
                + " CUDA " + versionName(runtime) + ", which needs a driver for CUDA " + runtime / 1000
                + ".0 or newer: update the NVIDIA driver");
    }

    private static String versionName(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    private static int runtimeVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(ValueLayout.JAVA_INT);
            Jace.check("jace_runtime_version", jace_h.jace_runtime_version(version));
            return version.get(ValueLayout.JAVA_INT, 0);
        }
    }

    private static String describe(Arena arena, int ordinal) {
        MemorySegment device = arena.allocate(ValueLayout.JAVA_INT);
        driverCheck("cuDeviceGet", cuda_h.cuDeviceGet(device, ordinal));
        int dev = device.get(ValueLayout.JAVA_INT, 0);
        MemorySegment name = arena.allocate(256);
        driverCheck("cuDeviceGetName", cuda_h.cuDeviceGetName(name, 256, dev));
        MemorySegment bytes = arena.allocate(ValueLayout.JAVA_LONG);
        driverCheck("cuDeviceTotalMem_v2", cuda_h.cuDeviceTotalMem_v2(bytes, dev));
        MemorySegment major = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment minor = arena.allocate(ValueLayout.JAVA_INT);
        driverCheck("cuDeviceGetAttribute", cuda_h.cuDeviceGetAttribute(major,
                cuda_h.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR(), dev));
        driverCheck("cuDeviceGetAttribute", cuda_h.cuDeviceGetAttribute(minor,
                cuda_h.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR(), dev));
        return "cuda:" + ordinal + " " + name.getString(0) + " (compute " + major.get(ValueLayout.JAVA_INT, 0) + "."
                + minor.get(ValueLayout.JAVA_INT, 0) + ", " + bytes.get(ValueLayout.JAVA_LONG, 0) / (1L << 20)
                + " MiB)";
    }

    private static void driverCheck(String call, int result) {
        if (result != cuda_h.CUDA_SUCCESS()) {
            throw new IllegalStateException(call + " failed: " + driverError(result));
        }
    }

    private static String driverError(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(CTypes.C_POINTER);
            if (cuda_h.cuGetErrorString(result, text) == cuda_h.CUDA_SUCCESS()) {
                MemorySegment s = text.get(CTypes.C_POINTER, 0);
                if (s.address() != 0) {
                    return "CUresult " + result + " (" + s.getString(0) + ")";
                }
            }
            return "CUresult " + result;
        }
    }
}
