package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a benchmark ran on: CPU model and cores, the JVM, and the GPU/driver as the CUDA probe reports them. */
record MachineInfo(String cpu, int cores, String jvm, String gpu) {

    static MachineInfo current(CudaProbe probe) {
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new MachineInfo(cpuModel(), Runtime.getRuntime().availableProcessors(), jvm, gpu(probe));
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

    /** The first "model name" of /proc/cpuinfo, else the architecture. */
    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    String line() {
        return "machine: cpu " + cpu + ", " + cores + " cores; jvm " + jvm + "; gpu " + gpu;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cpu", cpu);
        json.put("cores", cores);
        json.put("jvm", jvm);
        json.put("gpu", gpu);
        return json;
    }
}
