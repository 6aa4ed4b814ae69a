package dev.jace.constraint;

import dev.jace.backend.DualUpdate;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A value over training: a constraint target ε(t) or a penalty weight w(t).
 *
 * <p>{@link Timed} schedules depend only on the step. Progress is {@code s = min(1, step / (totalSteps − 1))}, so the
 * last step of a run ({@code totalSteps − 1}) sees the final value exactly and later steps keep it; {@link Step}'s
 * boundaries are absolute step numbers, which {@code totalSteps} does not rescale.
 * {@link Adaptive} depends only on the multiplier of the constraint it belongs to.
 */
public sealed interface Schedule permits Schedule.Timed, Schedule.Adaptive {

    /** The value in force at step 0. */
    double initial(long totalSteps);

    /** The value in force at the end of a run (or the limit it approaches, for {@link Adaptive}). */
    double finalValue();

    /** The smallest value the schedule takes. */
    double lowest();

    /** The schedule in {@link #parse}'s syntax: {@code parse(text())} equals this schedule. */
    String text();

    /** {@code v} as {@link #parse} reads it back exactly: "100" rather than "100.0". */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static Schedule parse(String text) {
        return ScheduleParser.parse(text);
    }

    /** Refuses a non-finite field: {@link #text} would give text that {@link #parse} refuses. */
    private static void requireFinite(String kind, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(kind + " schedule: " + field + " must be finite, got " + value);
        }
    }

    /** {@code v} kept within the endpoints, which rounding near the end could pass by an ulp. */
    private static double between(double from, double to, double v) {
        return Math.min(Math.max(v, Math.min(from, to)), Math.max(from, to));
    }

    /**
     * The value a fraction {@code done} of the way from {@code from} to {@code to}, {@code left} = 1 − done computed
     * apart, taken from the nearer end: exactly {@code from} at done = 0, and as precise near {@code to} as near it.
     */
    private static double fromNearerEnd(double from, double to, double done, double left) {
        return between(from, to, done <= 0.5 ? from + (to - from) * done : to + (from - to) * left);
    }

    /** {@code from} and {@code to} finite, and so far apart as a double can hold. */
    private static void requireFiniteSpan(String kind, double from, double to) {
        requireFinite(kind, "from", from);
        requireFinite(kind, "to", to);
        if (!Double.isFinite(to - from)) {
            throw new IllegalArgumentException(kind + " schedule: to - from must be finite (the values in between are"
                    + " computed from it), got " + (to - from));
        }
    }

    sealed interface Timed extends Schedule permits Constant, Linear, Cosine, Exponential, Step {

        double value(long step, long totalSteps);

        @Override
        default double initial(long totalSteps) {
            return value(0, totalSteps);
        }
    }

    static double progress(long step, long totalSteps) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (totalSteps <= 1) {
            return 1.0;
        }
        return Math.min(1.0, (double) step / (totalSteps - 1));
    }

    /*
     * Each schedule makes -0 0 (x + 0.0), as the options do: config.json records the text, and a resume giving 0
     * would otherwise differ from "-0".
     */
    record Constant(double value) implements Timed {
        public Constant {
            value += 0.0;
            requireFinite("constant", "value", value);
        }

        @Override
        public double value(long step, long totalSteps) {
            return value;
        }

        @Override
        public double finalValue() {
            return value;
        }

        @Override
        public double lowest() {
            return value;
        }

        @Override
        public String text() {
            return "const:" + number(value);
        }
    }

    /** {@code from + (to − from)·s}. */
    record Linear(double from, double to) implements Timed {
        public Linear {
            from += 0.0;
            to += 0.0;
            requireFiniteSpan("linear", from, to);
        }

        @Override
        public double value(long step, long totalSteps) {
            double s = progress(step, totalSteps);
            return s == 1.0 ? to : between(from, to, from + (to - from) * s);
        }

        @Override
        public double finalValue() {
            return to;
        }

        @Override
        public double lowest() {
            return Math.min(from, to);
        }

        @Override
        public String text() {
            return "linear:" + number(from) + "->" + number(to);
        }
    }

    /** {@code to + (from − to)·(1 + cos(π s))/2}: flat at both ends. */
    record Cosine(double from, double to) implements Timed {
        public Cosine {
            from += 0.0;
            to += 0.0;
            requireFiniteSpan("cosine", from, to);
        }

        @Override
        public double value(long step, long totalSteps) {
            double s = progress(step, totalSteps);
            if (s == 1.0) {
                return to;
            }
            // (1 − cos πs)/2 as sin²(πs/2), and what is left as cos²(πs/2): no cancellation at either end.
            double done = Math.sin(0.5 * Math.PI * s);
            double left = Math.cos(0.5 * Math.PI * s);
            return fromNearerEnd(from, to, done * done, left * left);
        }

        @Override
        public double finalValue() {
            return to;
        }

        @Override
        public double lowest() {
            return Math.min(from, to);
        }

        @Override
        public String text() {
            return "cosine:" + number(from) + "->" + number(to);
        }
    }

    /**
     * {@code to + (from − to)·(e^{−r s} − e^{−r}) / (1 − e^{−r})}: an exponential approach with {@code rate} r
     * e-foldings over the run, shifted and rescaled so that it starts at {@code from} and ends exactly at {@code to}
     * (a plain exponential never reaches 0). Small r approaches {@link Linear}.
     */
    record Exponential(double from, double to, double rate) implements Timed {
        public Exponential {
            from += 0.0;
            to += 0.0;
            requireFiniteSpan("exponential", from, to);
            requireFinite("exponential", "rate", rate);
            if (!(rate > 0)) {
                throw new IllegalArgumentException("exponential schedule needs a rate > 0, got " + rate);
            }
        }

        @Override
        public double value(long step, long totalSteps) {
            double s = progress(step, totalSteps);
            if (s == 1.0) {
                return to;
            }
            // The fraction done, (1 − e^{−rs}) / (1 − e^{−r}), and what is left, e^{−rs}(1 − e^{−r(1−s)}) / (1 − e^{−r}),
            // in expm1: e^{-r} rounds to 1 for r below 1e-16, and 1 − e^{-r} cancels long before.
            double end = Math.expm1(-rate);
            return fromNearerEnd(from, to, Math.expm1(-rate * s) / end,
                    Math.exp(-rate * s) * Math.expm1(-rate * (1 - s)) / end);
        }

        @Override
        public double finalValue() {
            return to;
        }

        @Override
        public double lowest() {
            return Math.min(from, to);
        }

        @Override
        public String text() {
            return "exp:" + number(from) + "->" + number(to) + ":" + number(rate);
        }
    }

    /** {@code values[j]} from step {@code boundaries[j]} on; boundaries start at 0 and strictly increase. */
    record Step(List<Double> values, List<Long> boundaries) implements Timed {
        public Step {
            values = List.copyOf(values).stream().map(v -> v + 0.0).toList();
            boundaries = List.copyOf(boundaries);
            if (values.isEmpty() || values.size() != boundaries.size()) {
                throw new IllegalArgumentException("step schedule needs as many values as boundaries (at least one), got "
                        + values.size() + " values and " + boundaries.size() + " boundaries");
            }
            if (boundaries.getFirst() != 0L) {
                throw new IllegalArgumentException("step schedule must start at step 0, got " + boundaries.getFirst());
            }
            for (int j = 1; j < boundaries.size(); j++) {
                if (boundaries.get(j) <= boundaries.get(j - 1)) {
                    throw new IllegalArgumentException("step schedule boundaries must strictly increase, got " + boundaries);
                }
            }
            for (int j = 0; j < values.size(); j++) {
                requireFinite("step", "the value from step " + boundaries.get(j), values.get(j));
            }
        }

        @Override
        public double value(long step, long totalSteps) {
            double v = values.getFirst();
            for (int j = 1; j < boundaries.size() && boundaries.get(j) <= step; j++) {
                v = values.get(j);
            }
            return v;
        }

        @Override
        public double finalValue() {
            return values.getLast();
        }

        @Override
        public double lowest() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        @Override
        public String text() {
            return IntStream.range(0, values.size()).mapToObj(j -> number(values.get(j)) + "@" + boundaries.get(j))
                    .collect(Collectors.joining(",", "step:", ""));
        }
    }

    /**
     * Driven only by the multiplier: starts at {@code from}; after each dual step, unless λ resists the move by more
     * than {@code threshold} (λ &gt; θ for a falling target, which the constraint holds c down to; −λ &gt; θ for a
     * rising one), the target moves towards {@code to} by a factor {@code decay}: {@code ε ← to + (ε − to)·decay};
     * otherwise it stays. It snaps to {@code to} once within
     * 1e-12·max(1, |from|) of it, so a target of 0 is reached exactly. There is no guarantee on when. The update itself
     * is {@link dev.jace.backend.DualUpdate#adaptiveTarget}, run by the primal-dual loop.
     */
    record Adaptive(double from, double to, double decay, double threshold) implements Schedule {
        public Adaptive {
            from += 0.0;
            to += 0.0;
            threshold += 0.0;
            requireFinite("adaptive", "from", from);
            requireFinite("adaptive", "to", to);
            requireFinite("adaptive", "decay", decay);
            requireFinite("adaptive", "threshold", threshold);
            if (!(decay > 0 && decay < 1)) {
                throw new IllegalArgumentException("adaptive schedule needs 0 < decay < 1, got " + decay);
            }
            if (!(threshold >= 0)) {
                throw new IllegalArgumentException("adaptive schedule needs threshold >= 0, got " + threshold);
            }
        }

        @Override
        public double initial(long totalSteps) {
            return from;
        }

        @Override
        public double finalValue() {
            return to;
        }

        @Override
        public double lowest() {
            return Math.min(from, to);
        }

        /**
         * The fewest dual steps that take the target to {@code to} exactly, reached only when λ lets every one of them
         * move it; 0 when it starts there. Counted by running the update itself, unless the closed form
         * ⌈ln(snap/|from − to|) / ln decay⌉ is over {@link #COUNTED_MOVES}, which it then returns.
         */
        public long fewestMoves() {
            double gap = Math.abs(from - to);
            if (gap == 0) {
                return 0;
            }
            double closedForm = Math.max(1, Math.ceil(Math.log(snapDistance() / gap) / Math.log(decay)));
            if (closedForm > COUNTED_MOVES) {
                return (long) Math.min(closedForm, Long.MAX_VALUE);
            }
            long moves = 0;
            for (double e = from; e != to; moves++) {
                e = DualUpdate.adaptiveTarget(e, 0.0, from, to, decay, threshold);
            }
            return moves;
        }

        public Adaptive withDecay(double decay) {
            return new Adaptive(from, to, decay, threshold);
        }

        /** How close to {@code to} the target snaps to it: 1e-12·max(1, |from|). */
        public double snapDistance() {
            return 1e-12 * Math.max(1.0, Math.abs(from));
        }

        /** The most moves {@link #fewestMoves} counts one by one (about 10 ms). */
        static final long COUNTED_MOVES = 10_000_000;

        @Override
        public String text() {
            return "adaptive:" + number(from) + "->" + number(to) + ":" + number(decay) + ":" + number(threshold);
        }
    }
}
