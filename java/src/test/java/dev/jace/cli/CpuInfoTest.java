package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What bench reads of the CPU from /proc/cpuinfo and cpufreq, and what it leaves unknown where they lack it. */
class CpuInfoTest {

    /** The first two processors of a 2-vCPU Zen 3 VM, whose model name alone does not say the generation. */
    static final String EPYC_VM = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model\t\t: 1
            model name\t: AMD EPYC
            stepping\t: 1
            cpu MHz\t\t: 2445.402
            physical id\t: 0
            siblings\t: 2
            core id\t\t: 0
            cpu cores\t: 2
            flags\t\t: fpu sse2 ht fma cx16 sse4_2 avx f16c avx2 bmi2 vaes

            processor\t: 1
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model\t\t: 1
            model name\t: AMD EPYC
            cpu MHz\t\t: 2445.402
            siblings\t: 2
            cpu cores\t: 2
            flags\t\t: fpu sse2 ht fma cx16 sse4_2 avx f16c avx2 bmi2 vaes
            """;

    @Test
    void anX86CpuinfoGivesFamilyModelSimdFlagsMhzAndThreadsPerCore() {
        CpuInfo cpu = CpuInfo.parse(EPYC_VM, null);

        assertEquals(new CpuInfo("AMD EPYC", 25, 1, Map.of("avx2", true, "fma", true, "avx512f", false), 2445.402,
                null, 1), cpu);
        assertEquals(cpu, CpuInfo.parse("\n\n" + EPYC_VM, null), "blank lines before the first processor end nothing");
    }

    @Test
    void aHyperThreadedCpuHasTwoThreadsPerCoreAndCpufreqGivesItsMaximum() {
        String xeon = """
                processor\t: 0
                cpu family\t: 6
                model\t\t: 143
                model name\t: Intel(R) Xeon(R) Platinum 8480+
                cpu MHz\t\t: 2000.000
                siblings\t: 112
                cpu cores\t: 56
                flags\t\t: fpu avx fma avx2 avx512f avx512bw amx_tile
                """;

        CpuInfo cpu = CpuInfo.parse(xeon, "3800000\n");

        assertEquals(new CpuInfo("Intel(R) Xeon(R) Platinum 8480+", 6, 143,
                Map.of("avx2", true, "fma", true, "avx512f", true), 2000.0, 3800.0, 2), cpu);
    }

    @Test
    void anArmCpuinfoLeavesWhatItLacksUnknown() {
        String graviton = """
                processor\t: 0
                BogoMIPS\t: 243.75
                Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm
                CPU implementer\t: 0x41
                CPU architecture: 8
                CPU variant\t: 0x3
                CPU part\t: 0xd0c
                CPU revision\t: 1

                processor\t: 1
                BogoMIPS\t: 243.75
                """;

        assertEquals(new CpuInfo(null, null, null, null, null, null, null), CpuInfo.parse(graviton, null));
    }

    @Test
    void unreadableOrOddValuesAreUnknownNotErrors() {
        String odd = """
                cpu family\t: twenty-five
                model\t\t:
                model name\t: Some CPU
                cpu MHz\t\t: fast
                siblings\t: 3
                cpu cores\t: 2
                no colon on this line
                """;

        assertEquals(new CpuInfo("Some CPU", null, null, null, null, null, null), CpuInfo.parse(odd, "max"));
        assertEquals(new CpuInfo(null, null, null, null, null, null, null), CpuInfo.parse("", null));
        assertEquals(null, CpuInfo.parse("siblings : 2\ncpu cores : 0\n", "0").threadsPerCore());
        assertEquals(null, CpuInfo.parse("", "0").maxMhz(), "cpufreq's 0 kHz says nothing");
    }

    @Test
    void missingFilesGiveAnUnknownCpu(@TempDir Path dir) {
        assertEquals(new CpuInfo(null, null, null, null, null, null, null),
                CpuInfo.read(dir.resolve("cpuinfo"), dir.resolve("cpuinfo_max_freq")));
    }

    @Test
    void readTakesTheMaximumFromCpufreqWhereItExists(@TempDir Path dir) throws IOException {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), EPYC_VM);
        Path max = Files.writeString(dir.resolve("cpuinfo_max_freq"), "3500000\n");

        assertEquals(3500.0, CpuInfo.read(cpuinfo, max).maxMhz());
        assertEquals(CpuInfo.parse(EPYC_VM, null), CpuInfo.read(cpuinfo, dir.resolve("none")));
    }

    @Test
    void describeSaysWhatIsKnownAndNamesWhatIsNot() {
        assertEquals("family 25, model 1, 2445 MHz; avx2 fma, no avx512f", CpuInfo.parse(EPYC_VM, null).describe());
        assertEquals("family 6, model 143, 2000 MHz (max 3800); avx2 fma avx512f",
                new CpuInfo("x", 6, 143, Map.of("avx2", true, "fma", true, "avx512f", true), 2000.0, 3800.0, 2)
                        .describe());
        assertEquals("unknown: family, model, MHz, SIMD flags",
                new CpuInfo(null, null, null, null, null, null, null).describe());
        assertEquals("family 6; no avx2 fma avx512f; unknown: model, MHz",
                new CpuInfo("x", 6, null, Map.of("avx2", false, "fma", false, "avx512f", false), null, null, null)
                        .describe());
    }
}
