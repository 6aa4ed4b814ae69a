package dev.jace.cli;

/**
 * One {@code AUTO:<choice>} row of {@code jace bench} on CUDA beside the DIRECT and EXPANDED rows of the same case and
 * run: whether the autotuner kept the algorithm that was faster here, and by how much the two differed.
 *
 * @param choice   what the autotuner kept: DIRECT, EXPANDED, or "?" where the bench could not tell
 * @param direct   the DIRECT row of the same case, null where the run has none
 * @param expanded the EXPANDED row of the same case, null where the run has none
 */
record AutotunerPick(BenchRow auto, String choice, BenchRow direct, BenchRow expanded) {

    /** Margins below this (5%) are near ties: the timing noise of a few wall-clock reps can reverse them. */
    static final double NEAR_TIE = 0.05;

    static AutotunerPick of(BenchRow auto, BenchRow direct, BenchRow expanded) {
        String algorithm = auto.algorithm();
        return new AutotunerPick(auto, algorithm.substring(algorithm.indexOf(':') + 1), direct, expanded);
    }

    /** Whether the choice is known and both alternatives were timed. */
    boolean judged() {
        return direct != null && expanded != null && (choice.equals("DIRECT") || choice.equals("EXPANDED"));
    }

    /** The algorithm with the lower median (DIRECT on an exact tie). */
    String faster() {
        return direct.medianMs() <= expanded.medianMs() ? "DIRECT" : "EXPANDED";
    }

    /** The algorithm with the lower minimum time (DIRECT on an exact tie). */
    String fasterByMin() {
        return direct.minMs() <= expanded.minMs() ? "DIRECT" : "EXPANDED";
    }

    /** The slower median over the faster, less 1: 0.018 when one took 1.8% longer. */
    double margin() {
        return Math.max(direct.medianMs(), expanded.medianMs()) / Math.min(direct.medianMs(), expanded.medianMs()) - 1;
    }

    /** Whether the choice was the faster of the two (an exact tie counts as either). */
    boolean right() {
        return choice.equals(faster()) || margin() == 0;
    }

    boolean nearTie() {
        return margin() < NEAR_TIE;
    }

    /** A margin as a percentage with the digits that keep it above 0 and on its side of {@link #NEAR_TIE}. */
    static String shown(double margin) {
        return Figures.percentBeside(margin, 0, NEAR_TIE);
    }

    /** e.g. {@code FP32 d4 group-conv-bwd-filter}. */
    String name() {
        return auto.precision() + " " + auto.group() + " " + auto.op();
    }
}
