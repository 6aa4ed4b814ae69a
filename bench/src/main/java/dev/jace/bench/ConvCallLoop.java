package dev.jace.bench;

import dev.jace.cli.ConvShape;
import dev.jace.cli.Workloads;
import dev.jace.group.Groups;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * One pass of {@link LiftingConvBench} or {@link GroupConvBench} (same set-up, same call) in a plain loop of calls,
 * round after round, each round printing the mean time of its calls: for profilers that attach to one steady process
 * (perf with the JIT's perf map, JFR), and for quick comparisons of one shape, which bench/RESULTS.md gives as "loops
 * of calls". JMH's scores remain the benchmark.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp 'bench/target/jace-bench.jar:bench/target/lib/*'
 *     dev.jace.bench.ConvCallLoop lifting|group C4|D4 NxCINxCOUTxSIZExK forward|backwardData|backwardFilter
 *     [seconds a round, 2] [rounds, 5] [cpu|cuda, cpu]</pre>
 */
public final class ConvCallLoop {

    private static final List<String> KINDS = List.of("lifting", "group");
    private static final List<String> PASSES = List.of("forward", "backwardData", "backwardFilter");
    private static final String USAGE = "usage: ConvCallLoop lifting|group C4|D4 NxCINxCOUTxSIZExK "
            + "forward|backwardData|backwardFilter [seconds a round] [rounds] [cpu|cuda]";

    private ConvCallLoop() {
    }

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("ConvCallLoop: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the rounds {@code args} name (as {@link #main}'s), printing one line per round to {@code out}. */
    static void run(String[] args, PrintStream out) {
        if (args.length < 4 || args.length > 7) {
            throw new IllegalArgumentException(USAGE);
        }
        String kind = oneOf("kind", args[0], KINDS);
        String pass = oneOf("pass", args[3], PASSES);
        double seconds = args.length > 4 ? positive("seconds a round", args[4]) : 2;
        int rounds = args.length > 5 ? (int) positive("rounds", args[5]) : 5;
        ConvShape shape = ConvShape.parse(args[2]);
        int order = Groups.byName(args[1]).order();
        double flops = Workloads.convFlops(shape, kind.equals("lifting"), order);
        ConvBench bench = kind.equals("lifting") ? lifting(args[2]) : group(args[2]);
        bench.backend = args.length > 6 ? args[6] : "cpu";
        bench.precision = "FP32";
        bench.algorithm = "DIRECT";
        bench.group = args[1];
        bench.setUp();
        try {
            Runnable call = switch (pass) {
                case "forward" -> bench::forward;
                case "backwardData" -> bench::backwardData;
                default -> bench::backwardFilter;
            };
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                long calls = 0;
                long now;
                do {
                    call.run();
                    calls++;
                    now = System.nanoTime();
                } while (now < end);
                double ms = (now - start) / 1e6 / calls;
                out.printf(Locale.ROOT, "round %d: %.4f ms a call, %.1f GFLOP/s (%d calls)%n", round, ms,
                        flops / (ms * 1e6), calls);
            }
        } finally {
            bench.tearDown();
        }
    }

    private static LiftingConvBench lifting(String shape) {
        LiftingConvBench bench = new LiftingConvBench();
        bench.shape = shape;
        return bench;
    }

    private static GroupConvBench group(String shape) {
        GroupConvBench bench = new GroupConvBench();
        bench.shape = shape;
        return bench;
    }

    private static String oneOf(String what, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(what + " \"" + value + "\" is not one of " + allowed + "; " + USAGE);
        }
        return value;
    }

    private static double positive(String what, String value) {
        try {
            double v = Double.parseDouble(value);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " \"" + value + "\" is not a number > 0; " + USAGE);
    }
}
