package dev.jace.backend.cuda;

import dev.jace.backend.Precision;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs everywhere: the probe explains itself instead of throwing, and options validate. */
class CudaProbeTest {

    @Test
    void probeReturnsAReasonOrADescriptionWithoutThrowing() {
        CudaProbe probe = assertDoesNotThrow(CudaBackend::probe);
        System.out.println("[jace] CUDA probe: " + probe);
        assertFalse(probe.summary().isBlank());
        assertEquals(probe.available(), CudaBackend.isAvailable());
    }

    @Test
    void constructingWithoutCudaThrowsTheProbeReason() {
        CudaProbe probe = CudaBackend.probe();
        if (probe.available()) {
            return;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, CudaBackend::new);
        assertTrue(e.getMessage().contains(probe.summary()), e.getMessage());
    }

    /** libjace links the CUDA 13.0 runtime: a 12.x driver cannot run it, any 13.x or later one can. */
    @Test
    void aDriverOfAnOlderMajorVersionIsNamedWithTheFix() {
        assertEquals(Optional.of("the NVIDIA driver supports CUDA 12.8, but libjace.so was built with CUDA 13.0, which"
                + " needs a driver for CUDA 13.0 or newer: update the NVIDIA driver"),
                CudaProbe.driverTooOld(12080, 13000));
        assertEquals(Optional.empty(), CudaProbe.driverTooOld(13000, 13000));
        assertEquals(Optional.empty(), CudaProbe.driverTooOld(13000, 13020));
        assertEquals(Optional.empty(), CudaProbe.driverTooOld(14010, 13000));
    }

    @Test
    void optionsValidateAndCopy() {
        CudaOptions options = CudaOptions.defaults().withPrecision(Precision.TF32)
                .withGroupConv(GroupConvAlgorithm.EXPANDED).withCudnn(false).withDevice(1).withCublas(false)
                .withDeterministic(true);
        assertEquals(new CudaOptions(1, Precision.TF32, GroupConvAlgorithm.EXPANDED, false, false, true), options);
        assertEquals(options, options.withPrecision(Precision.TF32), "the other fields are kept");
        assertThrows(IllegalArgumentException.class, () -> CudaOptions.defaults().withDevice(-1));
        assertThrows(IllegalArgumentException.class, () -> CudaOptions.defaults().withPrecision(null));
    }

    @Test
    void allocatorSizeClassesRoundUp() {
        assertEquals(512, DeviceAllocator.sizeClass(4));
        assertEquals(1024, DeviceAllocator.sizeClass(513));
        assertEquals(1 << 20, DeviceAllocator.sizeClass(1 << 20));
        assertEquals(2 << 20, DeviceAllocator.sizeClass((1 << 20) + 1));
        assertEquals(4 << 20, DeviceAllocator.sizeClass((2 << 20) + 1));
    }

    @Test
    void groupTablesAreGroups() {
        for (var g : new dev.jace.backend.GroupTable[] {TestGroups.C4, TestGroups.D4, TestGroups.FLIP}) {
            for (int a = 0; a < g.order(); a++) {
                assertEquals(a, g.compose(0, a));
                assertEquals(0, g.compose(a, g.inverseOf(a)), g + " inverse of " + a);
                for (int b = 0; b < g.order(); b++) {
                    for (int c = 0; c < g.order(); c++) {
                        assertEquals(g.compose(g.compose(a, b), c), g.compose(a, g.compose(b, c)), g + " assoc");
                    }
                }
            }
        }
    }
}
