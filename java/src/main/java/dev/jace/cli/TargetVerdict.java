package dev.jace.cli;

/**
 * One performance target of issue #6 judged on a GPU run's files: what was measured, the threshold, and the verdict.
 * {@code MET} means every case the target covers was measured and passes; where some were not measured (a file or
 * row missing, an entry point that failed or gave no finite time) and the rest pass, the verdict is
 * {@code MET_WHERE_MEASURED}, naming what was not measured, never {@code MET}.
 *
 * @param detail for {@code MET}: a qualification or null; for {@code MET_WHERE_MEASURED}: what was not measured; for
 *               {@code NOT_MET}: the gap; for {@code NOT_MEASURED}: why
 */
record TargetVerdict(String target, String measured, String threshold, Outcome outcome, String detail) {

    enum Outcome { MET, MET_WHERE_MEASURED, NOT_MET, NOT_MEASURED }

    static TargetVerdict met(String target, String measured, String threshold, String qualification) {
        return new TargetVerdict(target, measured, threshold, Outcome.MET, qualification);
    }

    /** Met on the cases measured; {@code unmeasured} says how many of how many were not, and which, and why. */
    static TargetVerdict metWhereMeasured(String target, String measured, String threshold, String unmeasured) {
        return new TargetVerdict(target, measured, threshold, Outcome.MET_WHERE_MEASURED, unmeasured);
    }

    static TargetVerdict notMet(String target, String measured, String threshold, String gap) {
        return new TargetVerdict(target, measured, threshold, Outcome.NOT_MET, gap);
    }

    static TargetVerdict notMeasured(String target, String measured, String threshold, String why) {
        return new TargetVerdict(target, measured, threshold, Outcome.NOT_MEASURED, why);
    }

    /**
     * {@code met}, {@code met (…)}, {@code met where measured (2 of 6 … not measured: …)}, {@code not met (gap: …)}
     * or {@code not measured (…)}.
     */
    String verdict() {
        return switch (outcome) {
            case MET -> detail == null ? "met" : "met (" + detail + ")";
            case MET_WHERE_MEASURED -> "met where measured (" + detail + ")";
            case NOT_MET -> "not met (gap: " + detail + ")";
            case NOT_MEASURED -> "not measured (" + detail + ")";
        };
    }
}
