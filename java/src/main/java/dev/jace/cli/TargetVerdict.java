package dev.jace.cli;

/**
 * One performance target of issue #6 judged on a GPU run's files: what was measured, the threshold, and the verdict.
 *
 * @param detail for {@code MET}: a qualification or null; for {@code NOT_MET}: the gap; for {@code NOT_MEASURED}: why
 */
record TargetVerdict(String target, String measured, String threshold, Outcome outcome, String detail) {

    enum Outcome { MET, NOT_MET, NOT_MEASURED }

    static TargetVerdict met(String target, String measured, String threshold, String qualification) {
        return new TargetVerdict(target, measured, threshold, Outcome.MET, qualification);
    }

    static TargetVerdict notMet(String target, String measured, String threshold, String gap) {
        return new TargetVerdict(target, measured, threshold, Outcome.NOT_MET, gap);
    }

    static TargetVerdict notMeasured(String target, String measured, String threshold, String why) {
        return new TargetVerdict(target, measured, threshold, Outcome.NOT_MEASURED, why);
    }

    /** {@code met}, {@code met (…)}, {@code not met (gap: …)} or {@code not measured (…)}. */
    String verdict() {
        return switch (outcome) {
            case MET -> detail == null ? "met" : "met (" + detail + ")";
            case NOT_MET -> "not met (gap: " + detail + ")";
            case NOT_MEASURED -> "not measured (" + detail + ")";
        };
    }
}
