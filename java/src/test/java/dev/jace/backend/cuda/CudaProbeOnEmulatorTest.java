package dev.jace.backend.cuda;

import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.cuda.cuda_h;
import dev.jace.bindings.jace.jace_h;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe's answers, for each way the driver can fail it: the emulator's driver (native/emu/fake_driver.cpp) fails a
 * call, reports an older CUDA or sees no device on request. Each test puts the driver back.
 */
@Tag("gpu")
class CudaProbeOnEmulatorTest {

    private static final String EMULATED_DEVICE = "cuda:0 jace CPU emulator (H200 geometry) (compute 9.0, 16384 MiB)";

    private boolean emulated;

    @BeforeEach
    void requireEmulator() {
        emulated = GpuAssumptions.emulated();
        assumeTrue(emulated, "acts out driver failures with the emulator's driver");
    }

    @AfterEach
    void restoreDriver() throws Throwable {
        if (!emulated) {
            return;
        }
        failDriverCall(null, 0, 0);
        switchDriver("jace_emu_driver_report_version", -1);
        switchDriver("jace_emu_driver_set_device_count", 1);
    }

    @Test
    void aWorkingDriverIsDescribedWithItsVersionLibjaceAndEachDevice() {
        CudaProbe probe = CudaProbe.run();
        assertTrue(probe.available(), probe.summary());
        assertEquals("CUDA driver 13.0, libjace " + jace_h.jace_version() + " from "
                + NativeLibraries.system().jace().location() + ", 1 device(s): " + EMULATED_DEVICE, probe.summary());
    }

    @Test
    void aFailingCuInitAsksWhetherAGpuIsVisible() throws Throwable {
        failDriverCall("cuInit", 0, cuda_h.CUDA_ERROR_NO_DEVICE());
        assertEquals(new CudaProbe(false, "cuInit failed: CUresult 100 (no CUDA-capable device is detected) (is an"
                + " NVIDIA GPU present and CUDA_VISIBLE_DEVICES not empty?)"), CudaProbe.run());
    }

    @Test
    void aDriverWithoutDevicesNamesCudaVisibleDevices() throws Throwable {
        switchDriver("jace_emu_driver_set_device_count", 0);
        assertEquals(new CudaProbe(false, "the CUDA driver sees no device (CUDA_VISIBLE_DEVICES="
                + System.getenv("CUDA_VISIBLE_DEVICES") + ")"), CudaProbe.run());
    }

    /**
     * Each call of the probe's, failing, is named with the driver's result and its text: each function's first call,
     * and the second of cuDeviceGetAttribute (the capability's minor number after its major).
     */
    @ParameterizedTest
    @CsvSource({"cuDriverGetVersion, 0", "cuDeviceGetCount, 0", "cuDeviceGet, 0", "cuDeviceGetName, 0",
        "cuDeviceTotalMem_v2, 0", "cuDeviceGetAttribute, 0", "cuDeviceGetAttribute, 1"})
    void aFailingDriverCallIsNamedWithItsResult(String call, int passing) throws Throwable {
        failDriverCall(call, passing, 101);
        assertEquals(new CudaProbe(false, "probing CUDA failed: java.lang.IllegalStateException: " + call
                + " failed: CUresult 101 (invalid device ordinal)"), CudaProbe.run());
    }

    /** A result the driver has no text for (cuGetErrorString fails on it) is given as its number alone. */
    @Test
    void aResultWithoutTextIsGivenAsItsNumber() throws Throwable {
        failDriverCall("cuDeviceGet", 0, 12345);
        assertEquals(new CudaProbe(false, "probing CUDA failed: java.lang.IllegalStateException: cuDeviceGet failed:"
                + " CUresult 12345"), CudaProbe.run());
    }

    /** libjace links the CUDA 13.0 runtime: a driver for 12.8 is named with the fix, one for 14.1 works. */
    @Test
    void aDriverForAnOlderMajorVersionIsNamedWithTheFix() throws Throwable {
        switchDriver("jace_emu_driver_report_version", 12080);
        assertEquals(new CudaProbe(false, "the NVIDIA driver supports CUDA 12.8, but libjace.so was built with CUDA"
                + " 13.0, which needs a driver for CUDA 13.0 or newer: update the NVIDIA driver"), CudaProbe.run());
        switchDriver("jace_emu_driver_report_version", 14010);
        CudaProbe newer = CudaProbe.run();
        assertTrue(newer.available() && newer.summary().startsWith("CUDA driver 14.1, libjace "), newer.summary());
    }

    /** After {@code passing} calls that work, each call of {@code function} returns {@code result}. */
    private static void failDriverCall(String function, int passing, int result) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = function == null ? MemorySegment.NULL : arena.allocateFrom(function);
            EmulatorHooks.hook(NativeLibraries.system().cuda(), "jace_emu_driver_fail",
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))
                    .invokeExact(name, passing, result);
        }
    }

    private static void switchDriver(String function, int value) throws Throwable {
        EmulatorHooks.hook(NativeLibraries.system().cuda(), function, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT))
                .invokeExact(value);
    }
}
