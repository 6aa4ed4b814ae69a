package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;
import dev.jace.io.FileFormatException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a benchmark ran on and when: the CPU (its model name and, where /proc/cpuinfo gives them, the details that tell
 * its generation apart), the logical CPUs the JVM may use, the JVM, the GPU/driver as the CUDA probe reports them,
 * jace's version and the run's UTC time. The build records no git commit, so jace's version is all there is of it.
 * A bench file from before the date, version and CPU details reads back with them null.
 *
 * @param date the run's start, ISO-8601 UTC to the second
 */
record MachineInfo(CpuInfo cpu, int logicalCpus, String jvm, String gpu, String jace, String date) {

    /** As a bench file from before the date, jace's version and the CPU details describes its machine. */
    MachineInfo(String cpu, int logicalCpus, String jvm, String gpu) {
        this(new CpuInfo(cpu, null, null, null, null, null, null), logicalCpus, jvm, gpu, null, null);
    }

    static MachineInfo current(CudaProbe probe) {
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        CpuInfo cpu = CpuInfo.current();
        if (cpu.name() == null) {
            cpu = new CpuInfo(System.getProperty("os.arch"), cpu.family(), cpu.model(), cpu.simd(), cpu.mhz(),
                    cpu.maxMhz(), cpu.threadsPerCore());
        }
        return new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), jvm, gpu(probe), jaceVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static String jaceVersion() {
        try {
            return VersionInfo.jaceVersion();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The probe's devices, or "none (why)". A library search's report spans lines and its first ends mid-sentence
     * ("... looked for libcuda.so.1 in"), so only what was not found is kept, with where the rest is.
     */
    static String gpu(CudaProbe probe) {
        if (probe.available()) {
            return probe.summary();
        }
        List<String> lines = probe.summary().lines().toList();
        if (lines.size() <= 1) {
            return "none (" + probe.summary().strip() + ")";
        }
        String first = lines.getFirst();
        int colon = first.indexOf(": ");
        return "none (" + (colon < 0 ? first : first.substring(0, colon)) + "; jace info says where it looked)";
    }

    String line() {
        return "machine: cpu " + cpu.name() + " (" + cpu.describe() + "), " + cpus() + ", "
                + (cpu.threadsPerCore() == null ? "threads per core unknown" : threadsPerCore()) + "; jvm " + jvm
                + "; gpu " + gpu + "; jace " + jace + "; run " + date;
    }

    /** The CPU for a report: what of it is known (a file from before the details has only the name) and its CPUs. */
    String host() {
        return cpu.name() + (cpu.hasDetails() ? " (" + cpu.describe() + ")" : "") + ", " + cpus()
                + (cpu.threadsPerCore() == null ? "" : ", " + threadsPerCore());
    }

    /** The same machine with no run date: what the runs of one device check share. */
    MachineInfo withoutDate() {
        return new MachineInfo(cpu, logicalCpus, jvm, gpu, jace, null);
    }

    private String cpus() {
        return logicalCpus + (logicalCpus == 1 ? " logical CPU" : " logical CPUs");
    }

    private String threadsPerCore() {
        int threads = cpu.threadsPerCore();
        return threads + (threads == 1 ? " thread" : " threads") + " per core";
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (date != null) {
            json.put("date", date);
        }
        if (jace != null) {
            json.put("jace", jace);
        }
        json.put("cpu", cpu.name());
        cpu.putJson(json);
        json.put("logicalCpus", logicalCpus);
        json.put("jvm", jvm);
        json.put("gpu", gpu);
        return json;
    }

    /** The machine object of a bench file, written by {@link #toJson} or, as "cores", before the details. */
    static MachineInfo fromJson(JsonFields machine) throws FileFormatException {
        int cpus = (int) machine.number(machine.has("cores") && !machine.has("logicalCpus") ? "cores" : "logicalCpus");
        return new MachineInfo(CpuInfo.fromJson(machine), cpus, machine.string("jvm"), machine.string("gpu"),
                machine.stringOrNull("jace"), machine.stringOrNull("date"));
    }
}
