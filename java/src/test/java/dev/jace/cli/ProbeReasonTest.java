package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;
import dev.jace.bindings.LibraryReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProbeReasonTest {

    @Test
    void aMissingLibraryIsNamedAndAnyOtherFailureGivenInFull() {
        LibraryReport report = new LibraryReport(List.of(
                new LibraryReport.Entry("CUDA driver", true, "/lib/libcuda.so.1"),
                new LibraryReport.Entry("cuDNN", false, "cuDNN not found: ...")), List.of());
        CudaProbe noDevice = new CudaProbe(false, "the CUDA driver sees no device (CUDA_VISIBLE_DEVICES=)");
        assertEquals(noDevice.summary(), ProbeReason.of(noDevice, report));
        CudaProbe found = new CudaProbe(true, "cuDNN not found: ...");
        assertEquals(found.summary(), ProbeReason.of(found, report));
        CudaProbe noCudnn = new CudaProbe(false, "cuDNN not found: ...");
        assertEquals("cuDNN not found (where jace looked, and the fix: under libraries below)",
                ProbeReason.of(noCudnn, report));
    }
}
