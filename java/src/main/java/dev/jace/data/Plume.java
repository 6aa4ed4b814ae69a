package dev.jace.data;

import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Shape;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates the plume dataset: every sample is an independent {@link PlumeSolver} run with its own random initial
 * puffs, source position and flow, all drawn from the seed. The flow comes from a stream function
 * {@code ψ = Σ_{m,n=1..3} c_mn sin(mπx/S) sin(nπy/S) / (m² + n²)} (x, y measured from the box's outer walls), so it
 * is divergence-free and has no normal component on the walls; it is scaled to the configured peak speed. The
 * distribution of flows, puffs and sources is invariant under the grid's rotations and reflections, so only the
 * body force breaks the symmetry of the forecasting map (reflections across the force's axis are kept).
 */
public final class Plume {

    private static final int MODES = 3;
    private static final int PUFFS = 2;
    private static final double SOURCE_WIDTH = 1.5;

    private Plume() {
    }

    public static Dataset generate(PlumeConfig config) {
        SplittableRandom root = new SplittableRandom(config.seed());
        Split train = split(config, config.trainCount(), root.split());
        Split test = split(config, config.testCount(), root.split());
        return new Dataset(PlumeConfig.NAME, train, test, TaskKind.REGRESSION, String.format(Locale.ROOT,
                "plume %dx%d: density after %d steps -> after %d more; force %.3g towards %.1f deg, flow speed %.3g,"
                        + " diffusion %.3g, source %.3g, seed %d", config.size(), config.size(),
                config.warmupSteps(), config.horizonSteps(), config.forceStrength(), config.forceAngleDegrees(),
                config.flowSpeed(), config.diffusion(), config.sourceRate(), config.seed()));
    }

    /** {@link #generate}'s test split alone, without simulating the training split's samples. */
    public static Split generateTest(PlumeConfig config) {
        SplittableRandom root = new SplittableRandom(config.seed());
        root.split(); // the training split's
        return split(config, config.testCount(), root.split());
    }

    /**
     * {@code count} samples, simulated in parallel: each draws from its own generator, split from {@code random} in
     * sample order, so the samples do not depend on how the work is spread over the cores.
     */
    private static Split split(PlumeConfig config, int count, SplittableRandom random) {
        int s = config.size();
        int cells = s * s;
        float[] inputs = new float[count * cells];
        float[] targets = new float[count * cells];
        SplittableRandom[] perSample = new SplittableRandom[count];
        for (int n = 0; n < count; n++) {
            perSample[n] = random.split();
        }
        IntStream.range(0, count).parallel().forEach(n -> {
            PlumeSolver solver = solver(config, perSample[n]);
            for (int t = 0; t < config.warmupSteps(); t++) {
                solver.step();
            }
            System.arraycopy(solver.density(), 0, inputs, n * cells, cells);
            for (int t = 0; t < config.horizonSteps(); t++) {
                solver.step();
            }
            System.arraycopy(solver.density(), 0, targets, n * cells, cells);
        });
        int inInputs = FiniteValues.firstNonFinite(inputs);
        int overflow = inInputs >= 0 ? inInputs : FiniteValues.firstNonFinite(targets);
        if (overflow >= 0) {
            throw new IllegalArgumentException("plume: the density of sample " + overflow / cells + " overflows float32"
                    + " (source rate " + config.sourceRate() + " over " + config.warmupSteps() + " + "
                    + config.horizonSteps() + " steps of " + config.dt() + "); use a smaller source rate");
        }
        Shape image = Shape.of(1, s, s);
        return new Split(image, inputs, new Targets.Values(image, targets));
    }

    /** A solver for one random sample of {@code config}. */
    public static PlumeSolver solver(PlumeConfig config, SplittableRandom random) {
        int s = config.size();
        float[] density = new float[s * s];
        for (int p = 0; p < PUFFS; p++) {
            addGaussian(density, s, centre(s, random), centre(s, random), 1.5 + 1.5 * random.nextDouble(), 1);
        }
        float[] source = new float[s * s];
        addGaussian(source, s, centre(s, random), centre(s, random), SOURCE_WIDTH, config.sourceRate());
        double[][] flow = flow(s, config.flowSpeed(), random);
        double angle = Math.toRadians(config.forceAngleDegrees());
        // Angles count counter-clockwise from +column; "up" (90°) is towards row 0.
        double forceRow = -config.forceStrength() * Math.sin(angle);
        double forceCol = config.forceStrength() * Math.cos(angle);
        return new PlumeSolver(s, config.dt(), config.diffusion(), flow[0], flow[1], forceRow, forceCol, source,
                density);
    }

    private static double centre(int size, SplittableRandom random) {
        return size / 4.0 + random.nextDouble() * (size / 2.0 - 1);
    }

    /** Adds {@code peak · exp(-r²/2σ²)} centred at (row, col). */
    private static void addGaussian(float[] field, int size, double row, double col, double sigma, double peak) {
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double r2 = (i - row) * (i - row) + (j - col) * (j - col);
                field[i * size + j] += (float) (peak * Math.exp(-r2 / (2 * sigma * sigma)));
            }
        }
    }

    /** Row and column velocities of a random stream-function flow with peak speed {@code speed}. */
    static double[][] flow(int size, double speed, SplittableRandom random) {
        double[] c = new double[MODES * MODES];
        for (int k = 0; k < c.length; k++) {
            c[k] = random.nextGaussian();
        }
        double[] vRow = new double[size * size];
        double[] vCol = new double[size * size];
        double peak = 0;
        double w = Math.PI / size;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double x = j + 0.5;
                double y = i + 0.5;
                double dPsiDx = 0;
                double dPsiDy = 0;
                for (int m = 1; m <= MODES; m++) {
                    for (int n = 1; n <= MODES; n++) {
                        double a = c[(m - 1) * MODES + n - 1] / (m * m + n * n);
                        dPsiDx += a * m * w * Math.cos(m * w * x) * Math.sin(n * w * y);
                        dPsiDy += a * n * w * Math.sin(m * w * x) * Math.cos(n * w * y);
                    }
                }
                int cell = i * size + j;
                vCol[cell] = dPsiDy;
                vRow[cell] = -dPsiDx;
                peak = Math.max(peak, Math.hypot(vRow[cell], vCol[cell]));
            }
        }
        double scale = peak > 0 ? speed / peak : 0;
        for (int cell = 0; cell < vRow.length; cell++) {
            vRow[cell] *= scale;
            vCol[cell] *= scale;
        }
        return new double[][] {vRow, vCol};
    }
}
