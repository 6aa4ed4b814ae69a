package dev.jace.cli;

import dev.jace.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What /proc/cpuinfo's first processor and cpufreq say of the CPU a benchmark ran on. A model name such as "AMD EPYC"
 * does not tell Zen 3 from Zen 5, whose FP32 peaks differ by 1.7×; family and model numbers, the SIMD flags and the
 * threads per core do. Each is null where the files lack it (ARM has no family, model or flags; containers may hide
 * cpufreq).
 *
 * @param name           the model name; null where /proc/cpuinfo has none
 * @param simd           for each of {@link #SIMD_FLAGS} whether the flags list it; null where there is no flags line
 * @param mhz            /proc/cpuinfo's "cpu MHz": the clock when read on bare metal, usually the nominal one in a VM
 * @param maxMhz         cpufreq's cpuinfo_max_freq
 * @param threadsPerCore siblings / cpu cores (2 with SMT)
 */
record CpuInfo(String name, Integer family, Integer model, Map<String, Boolean> simd, Double mhz, Double maxMhz,
               Integer threadsPerCore) {

    /** The flags that set a CPU's FP32 peak for jace's kernels. */
    static final List<String> SIMD_FLAGS = List.of("avx2", "fma", "avx512f");

    static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");
    static final Path MAX_FREQ = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");

    CpuInfo {
        simd = simd == null ? null : Map.copyOf(simd);
    }

    /** This machine's CPU; what cannot be read is unknown, never an error. */
    static CpuInfo current() {
        return read(PROC_CPUINFO, MAX_FREQ);
    }

    static CpuInfo read(Path cpuinfo, Path maxFreq) {
        return parse(readOrEmpty(cpuinfo), readOrEmpty(maxFreq));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The first processor of {@code cpuinfo} and {@code maxFreqKhz} (cpufreq's kHz; null or "" where absent). */
    static CpuInfo parse(String cpuinfo, String maxFreqKhz) {
        Map<String, String> fields = firstProcessor(cpuinfo);
        Integer siblings = integer(fields.get("siblings"));
        Integer cores = integer(fields.get("cpu cores"));
        Integer threads = siblings != null && cores != null && cores > 0 && siblings % cores == 0
                ? siblings / cores : null;
        Map<String, Boolean> simd = null;
        if (fields.containsKey("flags")) {
            Set<String> flags = Set.of(fields.get("flags").split("\\s+"));
            simd = new HashMap<>();
            for (String flag : SIMD_FLAGS) {
                simd.put(flag, flags.contains(flag));
            }
        }
        Double maxKhz = positive(maxFreqKhz);
        String name = fields.get("model name");
        return new CpuInfo(name == null || name.isEmpty() ? null : name, integer(fields.get("cpu family")),
                integer(fields.get("model")), simd, positive(fields.get("cpu MHz")), maxKhz == null ? null
                : maxKhz / 1000, threads);
    }

    /** The "key : value" lines up to the first blank line; the first of a repeated key wins. */
    private static Map<String, String> firstProcessor(String cpuinfo) {
        Map<String, String> fields = new HashMap<>();
        for (String line : cpuinfo.lines().toList()) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static Integer integer(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double positive(String text) {
        try {
            double value = text == null ? 0 : Double.parseDouble(text.strip());
            return value > 0 && Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** E.g. "family 25, model 1, 2445 MHz; avx2 fma, no avx512f"; what is not known is named as such. */
    String describe() {
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        (family == null ? unknown : known).add(family == null ? "family" : "family " + family);
        (model == null ? unknown : known).add(model == null ? "model" : "model " + model);
        if (mhz != null) {
            known.add(String.format(Locale.ROOT, "%.0f MHz", mhz)
                    + (maxMhz == null ? "" : String.format(Locale.ROOT, " (max %.0f)", maxMhz)));
        } else if (maxMhz != null) {
            known.add(String.format(Locale.ROOT, "max %.0f MHz", maxMhz));
        } else {
            unknown.add("MHz");
        }
        List<String> parts = new ArrayList<>();
        if (!known.isEmpty()) {
            parts.add(String.join(", ", known));
        }
        if (simd != null) {
            List<String> present = SIMD_FLAGS.stream().filter(f -> Boolean.TRUE.equals(simd.get(f))).toList();
            List<String> absent = SIMD_FLAGS.stream().filter(f -> Boolean.FALSE.equals(simd.get(f))).toList();
            parts.add(String.join(" ", present) + (present.isEmpty() || absent.isEmpty() ? "" : ", ")
                    + (absent.isEmpty() ? "" : "no " + String.join(" ", absent)));
        } else {
            unknown.add("SIMD flags");
        }
        if (!unknown.isEmpty()) {
            parts.add("unknown: " + String.join(", ", unknown));
        }
        return String.join("; ", parts);
    }

    /** Whether anything beyond the name is known (a bench file from before these fields has none of them). */
    boolean hasDetails() {
        return family != null || model != null || simd != null || mhz != null || maxMhz != null
                || threadsPerCore != null;
    }

    /** The fields beyond the name, in the bench JSON's machine object; unknown ones are left out. */
    void putJson(Map<String, Object> json) {
        putIfKnown(json, "cpuFamily", family);
        putIfKnown(json, "cpuModel", model);
        putIfKnown(json, "cpuMhz", mhz);
        putIfKnown(json, "cpuMaxMhz", maxMhz);
        if (simd != null) {
            Map<String, Object> flags = new LinkedHashMap<>();
            SIMD_FLAGS.stream().filter(simd::containsKey).forEach(f -> flags.put(f, simd.get(f)));
            json.put("simd", flags);
        }
        putIfKnown(json, "threadsPerCore", threadsPerCore);
    }

    private static void putIfKnown(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    /** The machine object's CPU fields as {@link #putJson} writes them; a bench file from before them has none. */
    static CpuInfo fromJson(JsonFields machine) throws FileFormatException {
        Map<String, Boolean> simd = null;
        if (machine.has("simd")) {
            JsonFields flags = machine.object("simd");
            simd = new HashMap<>();
            for (String flag : flags.map().keySet()) {
                simd.put(flag, flags.bool(flag));
            }
        }
        return new CpuInfo(machine.string("cpu"), intOrNull(machine, "cpuFamily"), intOrNull(machine, "cpuModel"),
                simd, machine.has("cpuMhz") ? machine.number("cpuMhz") : null,
                machine.has("cpuMaxMhz") ? machine.number("cpuMaxMhz") : null, intOrNull(machine, "threadsPerCore"));
    }

    private static Integer intOrNull(JsonFields machine, String key) throws FileFormatException {
        return machine.has(key) ? (int) machine.number(key) : null;
    }
}
