package dev.jace.bench;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.cli.BenchBackend;
import dev.jace.cli.TrainStepWorkload;
import dev.jace.group.Groups;
import dev.jace.ops.Algorithm;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a warm training step asks of the backend: every {@link Backend} call of {@link TrainStepWorkload#step()}
 * counted through a {@link Proxy}, and for the calls that move data between host and device or allocate (the ones
 * a CUDA-graph capture of the step cannot contain) the jace source line that made them, and the wall time spent
 * inside each op's calls: on the CPU that is the op's run time (CPU ops finish before they return), on CUDA only the
 * time to enqueue it. The times say where a step goes; {@link TrainStepBench} is the benchmark of the whole step.
 * With {@code graph} the step's device work is captured and replayed ({@code Trainer.captureSteps()}): a replayed
 * step then reaches the backend only for its host transfers, its kernels run from the replay. With {@code overlapped}
 * the measurements and the dual update run on the device as well ({@code Trainer.overlapSteps()}) and every read is a
 * {@code readLater}, which does not wait for the device.
 *
 * <pre>java -cp 'bench/target/jace-bench.jar:bench/target/lib/*' dev.jace.bench.StepTraffic [cpu|cuda] [c4|d4] [batch]
 *     [eager|graph|overlapped]</pre>
 */
public final class StepTraffic {

    private static final Set<String> HOST_BOUND = Set.of("upload", "copyIn", "download", "readLater", "allocate", "synchronize");
    private static final int WARM_STEPS = 40;
    private static final int COUNTED_STEPS = 20;

    private final Map<String, Integer> calls = new TreeMap<>();
    /** Wall time inside each op's calls, summed. */
    private final Map<String, Long> nanos = new TreeMap<>();
    private final Map<String, Integer> sites = new TreeMap<>();
    /** Host transfers before / after the step's last adamStep, by op. */
    private final Map<String, Integer> beforeUpdate = new TreeMap<>();
    private final Map<String, Integer> afterUpdate = new TreeMap<>();
    /** The current step's calls, in order. */
    private final java.util.List<String> stepCalls = new java.util.ArrayList<>();
    private boolean counting;

    private StepTraffic() {
    }

    public static void main(String[] args) {
        report(args, System.out);
    }

    /** Runs the steps {@code args} name (as {@link #main}'s) and prints what they asked of the backend to {@code out}. */
    static void report(String[] args, PrintStream out) {
        String kind = args.length > 0 ? args[0] : "cpu";
        String group = args.length > 1 ? args[1] : "c4";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        TrainStepWorkload.StepMode mode = args.length > 3
                ? TrainStepWorkload.StepMode.valueOf(args[3].toUpperCase(java.util.Locale.ROOT))
                : TrainStepWorkload.StepMode.EAGER;
        boolean graph = mode != TrainStepWorkload.StepMode.EAGER;
        StepTraffic traffic = new StepTraffic();
        try (BenchBackend bench = BenchBackend.open(kind, Precision.FP32, Algorithm.DIRECT);
             TrainStepWorkload step = new TrainStepWorkload(traffic.counted(bench.backend()), Groups.byName(group),
                     batch, 0, mode)) {
            for (int i = 0; i < WARM_STEPS; i++) {
                step.step();
            }
            traffic.counting = true;
            for (int i = 0; i < COUNTED_STEPS; i++) {
                traffic.stepCalls.clear();
                step.step();
                traffic.splitAtLastUpdate();
            }
            out.printf(Locale.ROOT, "backend calls per warm ace step (%s, %s, batch %d, %s; mean of %d steps)%n",
                    bench.backend().name(), group, batch, switch (mode) {
                        case EAGER -> "eager";
                        case GRAPH -> "replayed from a capture";
                        case OVERLAPPED -> "replayed from a capture, dual update on the device";
                    }, COUNTED_STEPS);
            out.println("   calls   ms in the calls  op");
            traffic.calls.forEach((op, n) -> out.printf(Locale.ROOT, "%8.1f %9.3f ms  %s%n", n / (double) COUNTED_STEPS,
                    traffic.nanos.get(op) / 1e6 / COUNTED_STEPS, op));
            out.println("host transfers and allocations, by the jace line that made them");
            traffic.sites.forEach((site, n) -> out.printf(Locale.ROOT, "%8.1f  %s%n", n / (double) COUNTED_STEPS,
                    site));
            if (graph) {
                out.println("(a replayed step's kernels, its adamSteps included, run inside the replay, after "
                        + "its copyIn and before its downloads)");
                return;
            }
            out.println("host transfers before | after the step's last adamStep");
            for (String op : new java.util.TreeSet<>(HOST_BOUND)) {
                out.printf(Locale.ROOT, "%8.1f | %5.1f  %s%n",
                        traffic.beforeUpdate.getOrDefault(op, 0) / (double) COUNTED_STEPS,
                        traffic.afterUpdate.getOrDefault(op, 0) / (double) COUNTED_STEPS, op);
            }
        }
    }

    private Backend counted(Backend backend) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (counting) {
                        stepCalls.add(method.getName());
                        calls.merge(method.getName(), 1, Integer::sum);
                        if (HOST_BOUND.contains(method.getName())) {
                            sites.merge(method.getName() + " @ " + caller(), 1, Integer::sum);
                        }
                    }
                    long start = System.nanoTime();
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (counting) {
                            nanos.merge(method.getName(), System.nanoTime() - start, Long::sum);
                        }
                    }
                });
    }

    private void splitAtLastUpdate() {
        int last = stepCalls.lastIndexOf("adamStep");
        for (int i = 0; i < stepCalls.size(); i++) {
            if (HOST_BOUND.contains(stepCalls.get(i))) {
                (i < last ? beforeUpdate : afterUpdate).merge(stepCalls.get(i), 1, Integer::sum);
            }
        }
    }

    /** The first jace frame outside this class and the proxy: the library code that made the call. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("dev.jace.") && !f.getClassName().startsWith("dev.jace.bench"))
                .findFirst()
                .map(f -> f.getClassName().substring("dev.jace.".length()) + "." + f.getMethodName() + ":"
                        + f.getLineNumber())
                .orElse("?"));
    }
}
