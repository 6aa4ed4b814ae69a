package dev.jace.bench;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.Precision;
import dev.jace.cli.BenchBackend;
import dev.jace.cli.TrainStepWorkload;
import dev.jace.group.Groups;
import dev.jace.ops.Algorithm;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a warm training step asks of the backend ({@link BackendTraffic}): every {@link Backend} call, the publishes
 * and reads of its {@link DeviceScalars} and the replays of its {@link CapturedWork}, for the calls that move data
 * between host and device or allocate (the ones a CUDA-graph capture of the step cannot contain) the jace source line
 * that made them, the wall time spent inside each op's calls (on the CPU that is the op's run time, as CPU ops finish
 * before they return; on CUDA only the time to enqueue it), and the host's waits for a {@code readLater}: a round
 * trip when it waits with no device work queued behind the read, overlapped when the next step's work is. The times
 * say where a step goes; {@link TrainStepBench} is the benchmark of the whole step. With {@code graph} the step's
 * device work is captured and replayed ({@code Trainer.captureSteps()}): a replayed step then reaches the backend only
 * for its host transfers and its replay. With {@code overlapped} the measurements and the dual update run on the
 * device as well ({@code Trainer.overlapSteps()}), and the steps run as {@link TrainStepBench} runs them
 * ({@link TrainStepWorkload#startStep}): each reads the record of the step before it, after enqueueing its own.
 *
 * <pre>java -cp 'bench/target/jace-bench.jar:bench/target/lib/*' dev.jace.bench.StepTraffic [cpu|cuda] [c4|d4] [batch]
 *     [eager|graph|overlapped]</pre>
 */
public final class StepTraffic {

    private static final int WARM_STEPS = 40;
    private static final int COUNTED_STEPS = 20;
    /** The first line of the host-wait table, which {@code gpu-report} looks for. */
    static final String WAITS = "host waits per warm step (the first get() of each readLater; roundTrip: no device "
            + "work queued behind the read, so the device runs dry while the host waits)";

    private final BackendTraffic traffic = new BackendTraffic();
    /** Host transfers before / after the step's last adamStep, by op. */
    private final Map<String, Integer> beforeUpdate = new TreeMap<>();
    private final Map<String, Integer> afterUpdate = new TreeMap<>();

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
                ? TrainStepWorkload.StepMode.valueOf(args[3].toUpperCase(Locale.ROOT))
                : TrainStepWorkload.StepMode.EAGER;
        StepTraffic steps = new StepTraffic();
        BackendTraffic traffic = steps.traffic;
        try (BenchBackend bench = BenchBackend.open(kind, Precision.FP32, Algorithm.DIRECT);
             TrainStepWorkload step = new TrainStepWorkload(traffic.counted(bench.backend()), Groups.byName(group),
                     batch, 0, mode)) {
            // Steps as TrainStepBench runs them: overlapped, each enqueued before the record of the one before it is
            // read (the last one's by finishSteps, after the counted steps); else each run to its end.
            for (int i = 0; i < WARM_STEPS; i++) {
                step.startStep();
            }
            traffic.counting = true;
            for (int i = 0; i < COUNTED_STEPS; i++) {
                traffic.stepCalls.clear();
                step.startStep();
                steps.splitAtLastUpdate();
            }
            traffic.counting = false;
            step.finishSteps();
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
            perStep(traffic.sites, out);
            out.println(WAITS);
            out.println("   waits    ms waiting  kind");
            for (BackendTraffic.Wait wait : BackendTraffic.Wait.values()) {
                out.printf(Locale.ROOT, "%8.1f %9.3f ms  %s%n", traffic.waits.getOrDefault(wait, 0)
                        / (double) COUNTED_STEPS, traffic.waitNanos.getOrDefault(wait, 0L) / 1e6 / COUNTED_STEPS,
                        wait.label);
            }
            out.println("host waits, by the jace line that waited");
            perStep(traffic.waitSites, out);
            if (mode != TrainStepWorkload.StepMode.EAGER) {
                out.println("(a replayed step's kernels, its adamSteps included, run inside the replay, after "
                        + "its copyIn and before its downloads)");
                return;
            }
            out.println("host transfers before | after the step's last adamStep");
            for (String op : new TreeSet<>(BackendTraffic.HOST_BOUND)) {
                out.printf(Locale.ROOT, "%8.1f | %5.1f  %s%n",
                        steps.beforeUpdate.getOrDefault(op, 0) / (double) COUNTED_STEPS,
                        steps.afterUpdate.getOrDefault(op, 0) / (double) COUNTED_STEPS, op);
            }
        }
    }

    private static void perStep(Map<String, Integer> counts, PrintStream out) {
        counts.forEach((site, n) -> out.printf(Locale.ROOT, "%8.1f  %s%n", n / (double) COUNTED_STEPS, site));
    }

    private void splitAtLastUpdate() {
        int last = traffic.stepCalls.lastIndexOf("adamStep");
        for (int i = 0; i < traffic.stepCalls.size(); i++) {
            String op = traffic.stepCalls.get(i);
            if (BackendTraffic.HOST_BOUND.contains(op)) {
                (i < last ? beforeUpdate : afterUpdate).merge(op, 1, Integer::sum);
            }
        }
    }
}
