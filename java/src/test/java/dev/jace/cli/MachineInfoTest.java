package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How bench names the machine it ran on: the run's date, jace, the CPU and its details, the JVM, the GPU. */
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

    private static final MachineInfo EPYC = new MachineInfo(CpuInfo.parse(CpuInfoTest.EPYC_VM, null), 2,
            "OpenJDK 64-Bit Server VM 25.0.1+8-LTS", "none (CUDA driver not found)", "0.1.0-SNAPSHOT",
            "2026-12-01T10:22:33Z");

    @Test
    void theLineNamesTheCpusGenerationSimdLogicalCpusJaceAndTheDate() {
        assertEquals("machine: cpu AMD EPYC (family 25, model 1, 2445 MHz; avx2 fma, no avx512f), 2 logical CPUs, 1 "
                + "thread per core; jvm OpenJDK 64-Bit Server VM 25.0.1+8-LTS; gpu none (CUDA driver not found); jace "
                + "0.1.0-SNAPSHOT; run 2026-12-01T10:22:33Z", EPYC.line());
        MachineInfo arm = new MachineInfo(new CpuInfo("aarch64", null, null, null, null, null, null), 4, "j", "g",
                "0.1.0", "2026-12-01T10:22:33Z");
        assertEquals("machine: cpu aarch64 (unknown: family, model, MHz, SIMD flags), 4 logical CPUs, threads per core"
                + " unknown; jvm j; gpu g; jace 0.1.0; run 2026-12-01T10:22:33Z", arm.line());
    }

    @Test
    void theJsonHoldsWhatIsKnownAndLeavesOutWhatIsNot() {
        Map<String, Object> json = EPYC.toJson();
        assertEquals(List.of("date", "jace", "cpu", "cpuFamily", "cpuModel", "cpuMhz", "simd", "threadsPerCore",
                "logicalCpus", "jvm", "gpu"), List.copyOf(json.keySet()));
        assertEquals(25, json.get("cpuFamily"));
        assertEquals(Map.of("avx2", true, "fma", true, "avx512f", false), json.get("simd"));
        assertEquals(2, json.get("logicalCpus"));

        MachineInfo arm = new MachineInfo(new CpuInfo("aarch64", null, null, null, null, null, null), 4, "j", "g",
                "0.1.0", "2026-12-01T10:22:33Z");
        assertEquals(List.of("date", "jace", "cpu", "logicalCpus", "jvm", "gpu"), List.copyOf(arm.toJson().keySet()));
    }

    @Test
    void currentRecordsTheRunsUtcTimeJacesVersionAndTheLogicalCpus() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MachineInfo machine = MachineInfo.current(new CudaProbe(false, "no driver"));
        Instant at = Instant.parse(machine.date());

        assertTrue(machine.date().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), machine.date());
        assertFalse(at.isBefore(before) || at.isAfter(Instant.now()), machine.date());
        assertEquals(VersionInfo.jaceVersion(), machine.jace());
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.logicalCpus());
        assertFalse(machine.cpu().name().isBlank());
        String model = CpuInfo.current().name();
        assertEquals(model != null ? model : System.getProperty("os.arch"), machine.cpu().name(),
                "the model name where /proc/cpuinfo gives one, else the architecture");
    }
}
