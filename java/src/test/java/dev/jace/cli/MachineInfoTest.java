package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How bench names the GPU it ran on, or why there was none. */
class MachineInfoTest {

    @Test
    void aSearchReportIsCutToWhatWasNotFound() {
        CudaProbe probe = new CudaProbe(false, """
                CUDA driver not found: looked for libcuda.so.1 in
                  1. JACE_CUDA_LIBS: (none given)
                  2. the system linker path: LD_LIBRARY_PATH=(unset) and /etc/ld.so.cache
                Fix: install the NVIDIA driver""");

        assertEquals("none (CUDA driver not found; jace info says where it looked)", MachineInfo.gpu(probe));
    }

    @Test
    void aOneLineReasonIsKeptWhole() {
        String reason = "cuInit failed: CUresult 100 (no CUDA-capable device is detected) (is an NVIDIA GPU present"
                + " and CUDA_VISIBLE_DEVICES not empty?)";

        assertEquals("none (" + reason + ")", MachineInfo.gpu(new CudaProbe(false, reason)));
    }

    @Test
    void aUsableGpuIsTheProbesSummary() {
        String devices = "CUDA driver 12.8, libjace 100 from /tmp/libjace.so, 1 device(s): cuda:0 H200";

        assertEquals(devices, MachineInfo.gpu(new CudaProbe(true, devices)));
    }
}
