package dev.jace.cli;

import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodSettings;
import dev.jace.constraint.PrimalDualLoop;
import dev.jace.constraint.Schedule;
import dev.jace.constraint.TermOverrides;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The methods' hyper-parameters, shared by {@code train} and {@code compare}. Each flag is read by some methods only;
 * the defaults are {@link MethodSettings#defaults()} and the dual ascent of {@code TrainerConfig.defaults}.
 */
final class MethodOptions {

    private static final Set<Method> ACE = EnumSet.of(Method.ACE, Method.ACE_RESILIENT);
    private static final Set<Method> WEIGHTED = EnumSet.of(Method.PENALTY, Method.SCHEDULED, Method.RPP);
    private static final Set<Method> DUAL = EnumSet.of(Method.ACE, Method.ACE_RESILIENT, Method.SOFTREG);

    /** A flag, its key in {@code config.json}'s "method_settings", the methods that read it and its value there. */
    private record Setting(String flag, String key, Set<Method> readers, Function<MethodOptions, Object> value) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("--epsilon", "epsilon", ACE, o -> o.epsilon.text()),
            new Setting("--epsilon-for", "epsilon_for", ACE, o -> texts(o.epsilonFor)),
            new Setting("--slack-cost", "slack_cost", EnumSet.of(Method.ACE_RESILIENT), o -> o.alpha),
            new Setting("--dual-step", "dual_step", ACE, o -> o.dualStep),
            new Setting("--slack-step", "slack_step", EnumSet.of(Method.ACE_RESILIENT), o -> o.slackStep),
            new Setting("--dual-every", "dual_every", DUAL, o -> o.dualEvery),
            new Setting("--penalty-weight", "penalty_weight", EnumSet.of(Method.PENALTY), o -> o.penaltyWeight),
            new Setting("--penalty-schedule", "penalty_schedule", EnumSet.of(Method.SCHEDULED),
                    o -> o.penaltySchedule.text()),
            new Setting("--rpp-weight", "rpp_weight", EnumSet.of(Method.RPP), o -> o.rppWeight),
            new Setting("--weight-for", "weight_for", WEIGHTED, o -> texts(o.weightFor)));

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--epsilon", defaultValue = "0", paramLabel = "SCHEDULE", converter = Target.class,
            description = "ace, ace-resilient: the target ε(t) of every constraint, a schedule: V, linear:A->B,"
                    + " cosine:A->B, exp:A->B[:RATE], step:V0@0,V1@STEP,... or adaptive:A->B[:DECAY[:THRESHOLD]];"
                    + " ace needs one that ends at 0 (e.g. cosine:0.05->0, the homotopy) (default: ${DEFAULT-VALUE}).")
    Schedule epsilon;

    @Option(names = "--epsilon-for", paramLabel = "TERM=SCHEDULE", converter = TermTarget.class,
            description = "ace, ace-resilient: a target for some terms instead of --epsilon. TERM is a term's name"
                    + " (output.rotation, gconv1.relaxation: see metrics.jsonl), a symmetry type (rotation,"
                    + " reflection, or the group's name, d4, for the relaxations) or a kind (deviation, relaxation);"
                    + " the most specific wins. Repeatable.")
    List<TermSchedule<Schedule>> epsilonFor = new ArrayList<>();

    @Option(names = "--slack-cost", defaultValue = "1", converter = Numbers.Positive.class,
            description = "ace-resilient: the slack cost α of (α/2)u²; smaller lets the constraints relax more"
                    + " (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--dual-step", defaultValue = "0.1", converter = Numbers.NonNegative.class,
            description = "ace, ace-resilient: the multipliers' step size η_d (default: ${DEFAULT-VALUE}).")
    double dualStep;

    @Option(names = "--slack-step", defaultValue = "0.1", converter = Numbers.NonNegative.class,
            description = "ace-resilient: the slacks' step size η_u (default: ${DEFAULT-VALUE}).")
    double slackStep;

    @Option(names = "--dual-every", defaultValue = "1", converter = Numbers.AtLeastOne.class,
            description = "ace, ace-resilient, softreg: primal steps per dual step (multipliers, slacks, softreg"
                    + " strengths) (default: ${DEFAULT-VALUE}).")
    int dualEvery;

    @Option(names = "--penalty-weight", defaultValue = "1", converter = Numbers.NonNegative.class,
            description = "penalty: the fixed weight on every term (default: ${DEFAULT-VALUE}).")
    double penaltyWeight;

    @Option(names = "--penalty-schedule", defaultValue = "linear:0->100", paramLabel = "SCHEDULE",
            converter = Weight.class, description = "scheduled: the weight over the run, a schedule of the step"
            + " (as for --epsilon, but not adaptive) (default: ${DEFAULT-VALUE}).")
    Schedule.Timed penaltySchedule;

    @Option(names = "--rpp-weight", defaultValue = "0.001", converter = Numbers.NonNegative.class,
            description = "rpp: the weight of the free branches' L2 prior (default: ${DEFAULT-VALUE}).")
    double rppWeight;

    @Option(names = "--weight-for", paramLabel = "TERM=SCHEDULE", converter = TermWeight.class,
            description = "penalty, scheduled, rpp: a weight for some terms instead of the method's, selected as for"
                    + " --epsilon-for (rpp's terms are LAYER.free_l2, kind free_l2). Repeatable.")
    List<TermSchedule<Schedule.Timed>> weightFor = new ArrayList<>();

    /** A per-term schedule as given on the command line. */
    record TermSchedule<S extends Schedule>(String selector, S schedule) {
    }

    MethodSettings settings() {
        MethodSettings s = MethodSettings.defaults().withEpsilon(epsilon).withAlpha(alpha)
                .withPenaltyWeight(penaltyWeight).withPenaltySchedule(penaltySchedule).withRppWeight(rppWeight);
        for (TermSchedule<Schedule> t : unique("--epsilon-for", epsilonFor)) {
            s = s.withEpsilonFor(t.selector(), t.schedule());
        }
        for (TermSchedule<Schedule.Timed> t : unique("--weight-for", weightFor)) {
            s = s.withWeightFor(t.selector(), t.schedule());
        }
        return s;
    }

    DualAscent dual() {
        return new DualAscent(dualStep, slackStep, dualEvery);
    }

    /** What {@code method} reads of these settings, for {@code config.json}. */
    Map<String, Object> record(Method method) {
        Map<String, Object> record = new LinkedHashMap<>();
        SETTINGS.stream().filter(s -> s.readers().contains(method))
                .forEach(s -> record.put(s.key(), s.value().apply(this)));
        return record;
    }

    /**
     * Checks the settings against the methods to run, before anything is trained: a target that does not end at 0 is
     * bad usage for {@code ace}, and a flag that none of them reads is named on stderr, as it would be ignored.
     */
    void check(Collection<Method> methods, PrintWriter err) {
        if (methods.contains(Method.ACE)) {
            requireEndsAtZero("--epsilon " + epsilon.text(), epsilon);
            warnIfStuck("--epsilon " + epsilon.text(), epsilon, err);
            epsilonFor.forEach(t -> {
                String flag = "--epsilon-for " + t.selector() + "=" + t.schedule().text();
                requireEndsAtZero(flag, t.schedule());
                warnIfStuck(flag, t.schedule(), err);
            });
        }
        settings(); // refuses a term given twice
        for (Setting s : SETTINGS) {
            if (given(s.flag()) && methods.stream().noneMatch(s.readers()::contains)) {
                err.println("jace: " + s.flag() + " is read by " + names(s.readers()) + " only; " + names(methods)
                        + " ignore" + (methods.size() == 1 ? "s" : "") + " it");
            }
        }
        err.flush();
    }

    /**
     * The dual step runs after every {@code --dual-every}-th primal step, so with more than a run's {@code steps} none
     * runs: the multipliers, slacks and softreg strengths keep their starting values, as with {@code --dual-step 0}.
     * {@code steps} is the fewest steps of a run of the {@code methods}.
     */
    void warnIfNoDualStep(Collection<Method> methods, long steps, PrintWriter err) {
        List<Method> reading = methods.stream().filter(DUAL::contains).toList();
        if (dualEvery > steps && !reading.isEmpty()) {
            err.println("jace: --dual-every " + dualEvery + " is more than the " + steps + " steps of "
                    + (inCompare() ? "a run" : "the run") + ", so " + names(reading) + " take"
                    + (reading.size() == 1 ? "s" : "") + " no dual step: the multipliers (slacks, softreg strengths)"
                    + " keep their starting values; give at most " + steps);
            err.flush();
        }
    }

    private void requireEndsAtZero(String flag, Schedule s) {
        if (s.finalValue() != 0.0) {
            // The suggested homotopy starts where the given target starts (or ends, for one that starts at 0).
            double start = s.initial(2);
            double homotopyStart = start > 0 ? start : s.finalValue();
            throw new ParameterException(command.commandLine(), flag + " ends at " + Schedule.number(s.finalValue())
                    + ", but ace's equality constraints need a target that ends at 0 (e.g. cosine:"
                    + Schedule.number(homotopyStart) + "->0); ace-resilient may keep one above 0 ("
                    + (inCompare() ? "compare it without ace in --methods" : "--method ace-resilient") + ")");
        }
    }

    /**
     * An adaptive target tightens only after a dual step that leaves |λ| ≤ θ; an equality's λ is seldom exactly 0, so
     * under ace with θ = 0 the target stays where it starts and only the final projection makes the model equivariant.
     */
    private static void warnIfStuck(String flag, Schedule s, PrintWriter err) {
        if (s instanceof Schedule.Adaptive a && a.threshold() == 0 && a.from() != a.to()) {
            err.println("jace: " + flag + " under ace tightens only when a dual step leaves |λ| <= θ, here 0, which an"
                    + " equality's multiplier seldom is: the target would stay at " + Schedule.number(a.from())
                    + "; give a threshold (adaptive:" + Schedule.number(a.from()) + "->" + Schedule.number(a.to())
                    + ":" + Schedule.number(a.decay()) + ":θ) or use ace-resilient");
        }
    }

    /**
     * Checks the per-term flags against the terms of each method, as {@code terms} builds them: a selector that
     * matches no quantity of the model is bad usage naming its flag, and one that picks no term of the methods that
     * read it (a deviation's weight under rpp alone) is named on stderr, as it would change nothing.
     */
    void checkTerms(Collection<Method> methods, Function<Method, List<ConstraintQuantity>> terms, PrintWriter err) {
        Map<Method, List<ConstraintQuantity>> byMethod = new LinkedHashMap<>();
        try {
            methods.forEach(m -> byMethod.put(m, terms.apply(m)));
        } catch (TermOverrides.UnmatchedSelector e) {
            String flag = e.setting().equals("epsilonFor") ? "--epsilon-for" : "--weight-for";
            throw new ParameterException(command.commandLine(), flag + " " + e.selector() + ": " + e.getMessage());
        } catch (PrimalDualLoop.TargetNotZeroInTime e) {
            throw new ParameterException(command.commandLine(), (epsilonFor.isEmpty() ? "--epsilon" : "--epsilon or"
                    + " --epsilon-for") + ": " + e.getMessage());
        }
        MethodSettings s = settings();
        warnUnused("--epsilon-for", s.epsilonFor(), ACE, byMethod, err);
        warnUnused("--weight-for", s.weightFor(), WEIGHTED, byMethod, err);
        err.flush();
    }

    private static void warnUnused(String flag, TermOverrides<?> overrides, Set<Method> readers,
                                   Map<Method, List<ConstraintQuantity>> byMethod, PrintWriter err) {
        List<Method> reading = byMethod.keySet().stream().filter(readers::contains).toList();
        if (reading.isEmpty()) {
            return; // check() has named the flag as ignored
        }
        List<ConstraintQuantity> terms = reading.stream().flatMap(m -> byMethod.get(m).stream()).toList();
        for (String selector : overrides.unusedBy(terms)) {
            err.println("jace: " + flag + " " + selector + " picks no term of " + names(reading) + ", so it changes"
                    + " nothing (terms: " + String.join(", ", terms.stream().map(ConstraintQuantity::name)
                    .distinct().toList()) + ")");
        }
    }

    private boolean inCompare() {
        return command.commandLine().getCommandName().equals("compare");
    }

    private boolean given(String flag) {
        return command != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(flag);
    }

    private <S extends Schedule> List<TermSchedule<S>> unique(String flag, List<TermSchedule<S>> given) {
        List<String> seen = new ArrayList<>();
        for (TermSchedule<S> t : given) {
            if (seen.contains(t.selector())) {
                throw new ParameterException(command.commandLine(), flag + " names '" + t.selector() + "' twice");
            }
            seen.add(t.selector());
        }
        return given;
    }

    private static Map<String, String> texts(List<? extends TermSchedule<?>> given) {
        Map<String, String> texts = new LinkedHashMap<>();
        given.forEach(t -> texts.put(t.selector(), t.schedule().text()));
        return texts;
    }

    private static String names(Collection<Method> methods) {
        return String.join(", ", methods.stream().map(Method::id).toList());
    }

    /** A target ε(t): any schedule that stays at or above 0. */
    static final class Target implements ITypeConverter<Schedule> {
        @Override
        public Schedule convert(String value) {
            return checked(() -> MethodSettings.parseTarget("epsilon", value));
        }
    }

    /** A weight: a schedule of the step that stays at or above 0. */
    static final class Weight implements ITypeConverter<Schedule.Timed> {
        @Override
        public Schedule.Timed convert(String value) {
            return checked(() -> MethodSettings.parseWeight("penalty schedule", value));
        }
    }

    static final class TermTarget implements ITypeConverter<TermSchedule<Schedule>> {
        @Override
        public TermSchedule<Schedule> convert(String value) {
            return term(value, (selector, text) -> MethodSettings.parseTarget("epsilon for '" + selector + "'", text));
        }
    }

    static final class TermWeight implements ITypeConverter<TermSchedule<Schedule.Timed>> {
        @Override
        public TermSchedule<Schedule.Timed> convert(String value) {
            return term(value, (selector, text) -> MethodSettings.parseWeight("weight for '" + selector + "'", text));
        }
    }

    private static <S extends Schedule> TermSchedule<S> term(String value, BiFunction<String, String, S> schedule) {
        int eq = value.indexOf('=');
        String selector = eq < 0 ? "" : value.substring(0, eq).strip();
        if (selector.isEmpty() || value.substring(eq + 1).isBlank()) {
            throw new TypeConversionException("expected TERM=SCHEDULE (e.g. reflection=0.05), got '" + value + "'");
        }
        return checked(() -> new TermSchedule<>(selector, schedule.apply(selector, value.substring(eq + 1))));
    }

    private static <T> T checked(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
