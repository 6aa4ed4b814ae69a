package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU's FP32 peak measured by {@link FmaPeak} on the CPU backend's threads, the ceiling of issue #6's "CPU
 * backend ≥ 30% of the FP32 peak on conv", or why it was not measured. It is measured in a child JVM started with the
 * Vector API's module, whether or not this JVM has it (a JVM cannot add a module once started), so that one way
 * measures it everywhere; the child's warning that the module is incubating stays in its output.
 */
sealed interface CpuPeak {

    String VECTOR_MODULE = "jdk.incubator.vector";

    record Measured(double gflops, int threads, int vectorBits, double seconds) implements CpuPeak {
    }

    record Unmeasured(String reason) implements CpuPeak {
    }

    /** The peak on {@code threads} threads, each timed span {@code seconds} long, measured by this JVM's java. */
    static CpuPeak measure(int threads, double seconds) {
        return inChildJvm(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), threads, seconds);
    }

    /** The peak as {@code java} with the Vector API's module measures it, running FmaPeak from {@code classPath}. */
    static CpuPeak inChildJvm(Path java, String classPath, int threads, double seconds) {
        List<String> command = List.of(java.toString(), "--add-modules=" + VECTOR_MODULE, "-cp", classPath,
                "dev.jace.cli.FmaPeak", Integer.toString(threads), Double.toString(seconds));
        // Up to thirty spans to warm up and three timed, plus the JVM's start.
        int limitSeconds = (int) Math.ceil(33 * seconds) + 30;
        Optional<ChildProcess.Result> run;
        try {
            run = ChildProcess.run(command, true, limitSeconds);
        } catch (IOException e) {
            return new Unmeasured(e.getMessage());
        }
        if (run.isEmpty()) {
            return new Unmeasured(java + " could not be started");
        }
        String output = run.get().output();
        Optional<String[]> fields = output.lines().filter(l -> l.startsWith(FmaPeak.OUTPUT_PREFIX + " "))
                .map(l -> l.split(" ")).filter(f -> f.length == 3).findFirst();
        if (run.get().exitCode() != 0 || fields.isEmpty()) {
            String last = output.lines().reduce((first, second) -> second).orElse("no output");
            return new Unmeasured("the child JVM measuring it (" + java + " --add-modules=" + VECTOR_MODULE
                    + ") exited with " + run.get().exitCode() + ": " + last);
        }
        try {
            return new Measured(Double.parseDouble(fields.get()[1]), threads, Integer.parseInt(fields.get()[2]),
                    seconds);
        } catch (NumberFormatException e) {
            return new Unmeasured("the child JVM printed an unreadable peak: " + String.join(" ", fields.get()));
        }
    }

    /** The measured GFLOP/s, if any. */
    default Optional<Double> measuredGflops() {
        return this instanceof Measured m ? Optional.of(m.gflops()) : Optional.empty();
    }

    /** A line for {@code jace bench}. */
    default String line() {
        return switch (this) {
            case Measured m -> String.format(Locale.ROOT, "peak: cpu FP32 %.1f GFLOP/s, measured here on %d thread%s "
                            + "(the CPU backend's) as %d-bit FMA chains in registers, the best of %d spans of %s s in "
                            + "a child JVM with " + VECTOR_MODULE,
                    m.gflops(), m.threads(), m.threads() == 1 ? "" : "s", m.vectorBits(), FmaPeak.TIMED_SPANS,
                    m.seconds());
            case Unmeasured u -> "peak: cpu FP32 not measured (" + u.reason() + ")";
        };
    }

    default Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (this) {
            case Measured m -> {
                json.put("gflops", m.gflops());
                json.put("threads", m.threads());
                json.put("vectorBits", m.vectorBits());
                json.put("spanSeconds", m.seconds());
            }
            case Unmeasured u -> json.put("unmeasured", u.reason());
        }
        return json;
    }
}
