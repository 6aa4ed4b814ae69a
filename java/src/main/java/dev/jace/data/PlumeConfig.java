package dev.jace.data;

import static dev.jace.tensor.FiniteValues.finiteAboveZero;
import static dev.jace.tensor.FiniteValues.finiteAtLeastZero;

/**
 * The "plume" forecasting task (see {@link Plume}): smoke density on a {@code size × size} grid, advected by a
 * random divergence-free flow whose peak speed is {@code flowSpeed} (cells per unit time), pushed by a constant
 * body-force acceleration {@code forceStrength} towards {@code forceAngleDegrees} (counter-clockwise from +x, the
 * column axis; 90° points to row 0, "up"), diffused with coefficient {@code diffusion} and fed by a Gaussian source
 * (σ = 1.5 cells) whose peak (at its centre, a point between cells) gains {@code sourceRate} per unit time
 * (2π·1.5²·{@code sourceRate} in all). Input: the density after {@code warmupSteps}; target: after
 * {@code horizonSteps} more. Steps have length {@code dt}. Neither the flow ({@code flowSpeed·dt}) nor the drift the
 * force has built up by the last step may carry smoke further than the box in one step.
 */
public record PlumeConfig(int size, int trainCount, int testCount, double forceAngleDegrees, double forceStrength,
                          double flowSpeed, double diffusion, double sourceRate, int warmupSteps, int horizonSteps,
                          double dt, long seed) implements TaskConfig {

    public static final String NAME = "plume";

    public PlumeConfig {
        if (size < 8) {
            throw new IllegalArgumentException("plume: size (--size) must be at least 8, got " + size);
        }
        if (trainCount <= 0 || testCount <= 0 || warmupSteps < 0 || horizonSteps <= 0) {
            throw new IllegalArgumentException("plume: counts and horizon must be positive and warmup >= 0, got "
                    + trainCount + ", " + testCount + ", " + horizonSteps + ", " + warmupSteps);
        }
        ArraySize.requireFits(NAME, Math.max(trainCount, testCount), size);
        if (!finiteAboveZero(dt) || !finiteAtLeastZero(forceStrength)
                || !finiteAtLeastZero(flowSpeed) || !finiteAtLeastZero(sourceRate) || !finiteAtLeastZero(diffusion)) {
            throw new IllegalArgumentException("plume: dt must be finite and > 0, and force, flow speed, source rate"
                    + " and diffusion finite and >= 0, got dt=" + dt + " force=" + forceStrength + " flow speed="
                    + flowSpeed + " source rate=" + sourceRate + " diffusion=" + diffusion);
        }
        if (diffusion * dt > 0.25) {
            throw new IllegalArgumentException("plume: explicit diffusion is unstable for diffusion·dt = "
                    + diffusion * dt + " > 0.25");
        }
        if (!Double.isFinite(forceAngleDegrees)) {
            throw new IllegalArgumentException("plume: force angle must be finite");
        }
        // A step traces each cell back by dt·(flow + drift); past the box every trace lands outside it, and far
        // enough past it the trace-back point overflows to infinity, where bilinear sampling gives NaN.
        double flowCells = flowSpeed * dt;
        if (flowCells > size) {
            throw new IllegalArgumentException("plume: the flow moves the smoke up to flowSpeed·dt = " + flowCells
                    + " cells a step (flowSpeed " + flowSpeed + ", dt " + dt + "), more than the " + size
                    + "-cell box: use a smaller flowSpeed or dt");
        }
        double lastTime = ((double) warmupSteps + horizonSteps - 1) * dt;
        if (lastTime == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("plume: the time of the last step, dt·(steps - 1) (dt " + dt + ", "
                    + warmupSteps + " + " + horizonSteps + " steps), overflows: use a smaller dt");
        }
        double forceCells = forceStrength * lastTime * dt;
        if (forceCells > size) {
            throw new IllegalArgumentException("plume: by its last step the force moves the smoke"
                    + " forceStrength·dt²·(steps - 1) = " + forceCells + " cells a step (forceStrength "
                    + forceStrength + ", dt " + dt + ", " + warmupSteps + " + " + horizonSteps + " steps), more than"
                    + " the " + size + "-cell box: use a smaller forceStrength or dt");
        }
    }

    /** 32×32, 512 train / 256 test, force 0.05 upwards (90°), flow speed 0.5, diffusion 0.05, source 0.1, 8 + 4 steps. */
    public static PlumeConfig defaults() {
        return new PlumeConfig(32, 512, 256, 90, 0.05, 0.5, 0.05, 0.1, 8, 4, 1.0, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PlumeConfig withSeed(long seed) {
        return new PlumeConfig(size, trainCount, testCount, forceAngleDegrees, forceStrength, flowSpeed, diffusion,
                sourceRate, warmupSteps, horizonSteps, dt, seed);
    }

    public PlumeConfig withForce(double angleDegrees, double strength) {
        return new PlumeConfig(size, trainCount, testCount, angleDegrees, strength, flowSpeed, diffusion,
                sourceRate, warmupSteps, horizonSteps, dt, seed);
    }

    @Override
    public Dataset load() {
        return Plume.generate(this);
    }

    @Override
    public Split loadTest() {
        return Plume.generateTest(this);
    }
}
