package dev.jace.cli;

import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodFactory;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The methods' hyper-parameters, shared by {@code train} and {@code compare}. Each flag is read by some methods only;
 * the defaults are {@link MethodSettings#defaults()} and the dual ascent of {@code TrainerConfig.defaults}.
 */
final class MethodOptions {

    private static final Set<Method> ACE = EnumSet.of(Method.ACE, Method.ACE_RESILIENT);
    private static final Set<Method> WEIGHTED = EnumSet.of(Method.PENALTY, Method.SCHEDULED, Method.RPP);
    private static final Set<Method> DUAL = EnumSet.of(Method.ACE, Method.ACE_RESILIENT, Method.SOFTREG);
    /**
     * The methods whose terms act on what {@code --constrain} names (a {@link TrainingOptions} flag): strict and
     * unconstrained have no terms, and rpp's act on the free branches.
     */
    static final Set<Method> CONSTRAINING = EnumSet.of(Method.PENALTY, Method.SCHEDULED, Method.SOFTREG, Method.ACE,
            Method.ACE_RESILIENT);

    /** A flag, its key in {@code config.json}'s "method_settings", the methods that read it and its value there. */
    private record Setting(String flag, String key, Set<Method> readers,
                           BiFunction<MethodOptions, Method, Object> value) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("--epsilon", "epsilon", ACE, (o, m) -> o.epsilonOf(m).schedule().text()),
            new Setting("--epsilon-for", "epsilon_for", ACE, (o, m) -> texts(entriesFor(o.epsilonFor, m))),
            new Setting("--slack-cost", "slack_cost", EnumSet.of(Method.ACE_RESILIENT), (o, m) -> o.alpha),
            new Setting("--dual-step", "dual_step", ACE, (o, m) -> o.dualStep),
            new Setting("--slack-step", "slack_step", EnumSet.of(Method.ACE_RESILIENT), (o, m) -> o.slackStep),
            new Setting("--dual-every", "dual_every", DUAL, (o, m) -> o.dualEvery),
            new Setting("--penalty-weight", "penalty_weight", EnumSet.of(Method.PENALTY), (o, m) -> o.penaltyWeight),
            new Setting("--penalty-schedule", "penalty_schedule", EnumSet.of(Method.SCHEDULED),
                    (o, m) -> o.penaltySchedule.text()),
            new Setting("--rpp-weight", "rpp_weight", EnumSet.of(Method.RPP), (o, m) -> o.rppWeight),
            new Setting("--weight-for", "weight_for", WEIGHTED,
                    (o, m) -> texts(entriesFor(o.weightFor, m))));

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--epsilon", paramLabel = "[METHOD=]SCHEDULE", converter = Target.class,
            description = "ace, ace-resilient: the target ε(t) of every constraint, a schedule: V, linear:A->B,"
                    + " cosine:A->B, exp:A->B[:RATE], step:V0@0,V1@STEP,... or adaptive:A->B[:DECAY[:THRESHOLD]];"
                    + " ace needs one that reaches 0 by the run's last step (e.g. cosine:0.05->0, the homotopy)."
                    + " METHOD= gives one method its own, e.g. compare --epsilon ace=cosine:0.05->0 --epsilon"
                    + " ace-resilient=0.05 (default: 0). Repeatable, once per method.")
    List<MethodTarget> epsilon = new ArrayList<>();

    @Option(names = "--epsilon-for", paramLabel = "[METHOD:]TERM=SCHEDULE", converter = TermTarget.class,
            description = "ace, ace-resilient: a target for some terms instead of --epsilon. TERM is a term's name"
                    + " (output.rotation, gconv1.relaxation; listed in metrics.jsonl), a symmetry type (rotation,"
                    + " reflection, or the group's name, d4, for the relaxations) or a kind (deviation, relaxation);"
                    + " the most specific wins. METHOD: (e.g. ace-resilient:reflection=0.05) limits it to that method's"
                    + " runs, where it replaces the same TERM without METHOD:. Repeatable.")
    List<TermSchedule<Schedule>> epsilonFor = new ArrayList<>();

    @Option(names = "--slack-cost", defaultValue = "1", converter = Numbers.Positive.class,
            description = "ace-resilient: the slack cost α of (α/2)u², above 0; smaller lets the constraints relax"
                    + " more (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--dual-step", defaultValue = "0.1", converter = Numbers.NonNegative.class,
            description = "ace, ace-resilient: the multipliers' step size η_d (default: ${DEFAULT-VALUE}).")
    double dualStep;

    @Option(names = "--slack-step", defaultValue = "0.1", converter = Numbers.NonNegative.class,
            description = "ace-resilient: the slacks' step size η_u (default: ${DEFAULT-VALUE}).")
    double slackStep;

    @Option(names = "--dual-every", defaultValue = "1", converter = Numbers.AtLeastOne.class,
            description = "ace, ace-resilient, softreg: primal steps per dual step, which updates the multipliers"
                    + " and softreg strengths (ace-resilient's slacks step every primal step) (default:"
                    + " ${DEFAULT-VALUE}).")
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

    @Option(names = "--weight-for", paramLabel = "[METHOD:]TERM=SCHEDULE", converter = TermWeight.class,
            description = "penalty, scheduled, rpp: a weight for some terms instead of the method's, a schedule of"
                    + " the step (not adaptive), selected (and limited to one method) as for --epsilon-for (rpp's"
                    + " terms are LAYER.free_l2, kind free_l2). Repeatable.")
    List<TermSchedule<Schedule.Timed>> weightFor = new ArrayList<>();

    /** A value as given on the command line: for the runs of {@code method}, or of every method (empty). */
    sealed interface Scoped permits MethodTarget, TermSchedule {
        Optional<Method> method();

        Schedule schedule();

        /** As given, without the flag. */
        String given();
    }

    /** A target as given on the command line. */
    record MethodTarget(Optional<Method> method, Schedule schedule) implements Scoped {
        /** E.g. "ace=cosine:0.05->0". */
        @Override
        public String given() {
            return method.map(m -> m.id() + "=").orElse("") + schedule.text();
        }
    }

    /** A per-term schedule as given on the command line. */
    record TermSchedule<S extends Schedule>(Optional<Method> method, String selector, S schedule) implements Scoped {
        /** The terms it is for, as given, e.g. "ace-resilient:reflection". */
        String term() {
            return method.map(m -> m.id() + ":").orElse("") + selector;
        }

        /** E.g. "ace-resilient:reflection=const:0.05". */
        @Override
        public String given() {
            return term() + "=" + schedule.text();
        }
    }

    /** The settings of {@code method}'s runs. */
    MethodSettings settings(Method method) {
        requireEachOnce();
        MethodSettings s = MethodSettings.defaults().withEpsilon(epsilonOf(method).schedule()).withAlpha(alpha)
                .withPenaltyWeight(penaltyWeight).withPenaltySchedule(penaltySchedule).withRppWeight(rppWeight);
        for (TermSchedule<Schedule> t : entriesFor(epsilonFor, method)) {
            s = s.withEpsilonFor(t.selector(), t.schedule());
        }
        for (TermSchedule<Schedule.Timed> t : entriesFor(weightFor, method)) {
            s = s.withWeightFor(t.selector(), t.schedule());
        }
        return s;
    }

    /** {@code method}'s own --epsilon, else the one for every method, else the default 0. */
    private MethodTarget epsilonOf(Method method) {
        return epsilon.stream().filter(e -> e.method().equals(Optional.of(method))).findFirst()
                .or(() -> epsilon.stream().filter(e -> e.method().isEmpty()).findFirst())
                .orElse(new MethodTarget(Optional.empty(), new Schedule.Constant(0)));
    }

    /** The entries {@code method}'s runs read: its own, and those for every method whose TERM it does not give. */
    private static <S extends Schedule> List<TermSchedule<S>> entriesFor(List<TermSchedule<S>> given, Method method) {
        Set<String> own = new HashSet<>();
        given.stream().filter(t -> t.method().equals(Optional.of(method))).forEach(t -> own.add(t.selector()));
        return given.stream().filter(t -> t.method().equals(Optional.of(method))
                || t.method().isEmpty() && !own.contains(t.selector())).toList();
    }

    DualAscent dual() {
        return new DualAscent(dualStep, slackStep, dualEvery);
    }

    /** What {@code method} reads of these settings, for {@code config.json}. */
    Map<String, Object> record(Method method) {
        Map<String, Object> record = new LinkedHashMap<>();
        SETTINGS.stream().filter(s -> s.readers().contains(method))
                .forEach(s -> record.put(s.key(), s.value().apply(this, method)));
        return record;
    }

    /**
     * Checks the settings against the methods to run, before anything is trained: a target that does not end at 0 is
     * bad usage for {@code ace}, and a flag that none of them reads is named on stderr, as it would be ignored.
     */
    void check(Collection<Method> methods, PrintWriter err) {
        requireEachOnce();
        if (methods.contains(Method.ACE)) {
            MethodTarget target = epsilonOf(Method.ACE);
            requireEndsAtZero("--epsilon " + target.given(), target.method().isPresent(), target.schedule(),
                    h -> "--epsilon ace=" + h);
            entriesFor(epsilonFor, Method.ACE).forEach(t -> requireEndsAtZero("--epsilon-for " + t.given(),
                    t.method().isPresent(), t.schedule(), h -> "--epsilon-for ace:" + t.selector() + "=" + h));
        }
        List<String> unread = new ArrayList<>();
        for (Setting s : SETTINGS) {
            if (given(s.flag()) && methods.stream().noneMatch(s.readers()::contains)) {
                err.println("jace: " + s.flag() + " is read by " + names(s.readers()) + " only; " + ignore(methods));
                unread.add(s.flag());
            }
        }
        if (given("--constrain") && methods.stream().noneMatch(CONSTRAINING::contains)) {
            err.println("jace: --constrain is read by " + names(CONSTRAINING) + " only; " + ignore(methods));
        }
        warnIfNotRun("--epsilon", epsilon, methods, unread, err);
        warnIfNotRun("--epsilon-for", epsilonFor, methods, unread, err);
        warnIfNotRun("--weight-for", weightFor, methods, unread, err);
        err.flush();
    }

    /** Names the entries given for a method that is not among {@code methods} (unless the whole flag is unread). */
    private static void warnIfNotRun(String flag, List<? extends Scoped> given, Collection<Method> methods,
                                     List<String> unread, PrintWriter err) {
        if (unread.contains(flag)) {
            return;
        }
        for (Scoped v : given) {
            v.method().filter(m -> !methods.contains(m)).ifPresent(m -> err.println("jace: " + flag + " " + v.given()
                    + " is for " + m.id() + " only; " + ignore(methods)));
        }
    }

    private static String ignore(Collection<Method> methods) {
        return names(methods) + " ignore" + (methods.size() == 1 ? "s" : "") + " it";
    }

    /** At most one --epsilon per method (and one for every method), and each [METHOD:]TERM once. */
    private void requireEachOnce() {
        List<Optional<Method>> seen = new ArrayList<>();
        for (MethodTarget e : epsilon) {
            if (seen.contains(e.method())) {
                throw new ParameterException(command.commandLine(), "--epsilon is given twice" + e.method()
                        .map(m -> " for " + m.id()).orElse(" for every method (METHOD= gives one method its own)"));
            }
            seen.add(e.method());
        }
        requireEachOnce("--epsilon-for", epsilonFor);
        requireEachOnce("--weight-for", weightFor);
    }

    private <S extends Schedule> void requireEachOnce(String flag, List<TermSchedule<S>> given) {
        List<String> seen = new ArrayList<>();
        for (TermSchedule<S> t : given) {
            String term = t.term();
            if (seen.contains(term)) {
                throw new ParameterException(command.commandLine(), flag + " names '" + term + "' twice");
            }
            seen.add(term);
        }
    }

    /**
     * The dual step runs after every {@code --dual-every}-th primal step, so with a run's {@code steps} or more its
     * only one (if any) comes after the last primal step: every primal step uses the starting multipliers, slacks and
     * softreg strengths, as with {@code --dual-step 0}, though the run ends reporting moved ones. {@code steps} is the
     * fewest steps of a run of the {@code methods}. The default period of 1 is not named: only a run of one step has
     * so few steps, and no period would help it.
     */
    void warnIfNoDualStep(Collection<Method> methods, long steps, PrintWriter err) {
        List<Method> reading = methods.stream().filter(DUAL::contains).toList();
        if (dualEvery >= steps && given("--dual-every") && !reading.isEmpty()) {
            boolean one = reading.size() == 1;
            String their = one ? "its" : "their";
            String advice = steps > 1 ? "give at most " + (steps - 1)
                    : "a dual step reaches a primal step only in a run of 2 or more steps";
            err.println("jace: --dual-every " + dualEvery + " is at least the " + steps
                    + (steps == 1 ? " step" : " steps") + " of " + (inCompare() ? "a run" : "the run") + ", so "
                    + names(reading) + (one ? " takes" : " take") + " no dual step before " + their + " last primal"
                    + " step: " + their + " primal steps all use the starting multipliers (slacks, softreg strengths),"
                    + " whatever " + (one ? "it reports" : "they report") + " at the end; " + advice);
            err.flush();
        }
    }

    /**
     * A step schedule's boundaries count training steps, so one at or past a run's {@code steps} is never reached: the
     * values from there on are never used (a schedule written for a longer run, or in epochs). {@code steps} as for
     * {@link #warnIfNoDualStep}; only the schedules that {@code methods} read are checked.
     */
    void warnIfStepsBeyondRun(Collection<Method> methods, long steps, PrintWriter err) {
        if (methods.stream().anyMatch(ACE::contains)) {
            warnIfBeyond("--epsilon", epsilon, methods, steps, err);
            warnIfBeyond("--epsilon-for", epsilonFor, methods, steps, err);
        }
        if (methods.stream().anyMatch(WEIGHTED::contains)) {
            warnIfBeyond("--weight-for", weightFor, methods, steps, err);
        }
        if (methods.contains(Method.SCHEDULED)) {
            warnIfBeyond("--penalty-schedule " + penaltySchedule.text(), penaltySchedule, steps, err);
        }
        err.flush();
    }

    private void warnIfBeyond(String flag, List<? extends Scoped> given, Collection<Method> methods, long steps,
                              PrintWriter err) {
        for (Scoped v : given) {
            if (v.method().isEmpty() || methods.contains(v.method().get())) {
                warnIfBeyond(flag + " " + v.given(), v.schedule(), steps, err);
            }
        }
    }

    private void warnIfBeyond(String flag, Schedule schedule, long steps, PrintWriter err) {
        if (schedule instanceof Schedule.Step s) {
            s.boundaries().stream().filter(b -> b >= steps).findFirst().ifPresent(b -> err.println("jace: " + flag
                    + " switches at step " + b + ", but " + (inCompare() ? "a run" : "the run") + " has " + steps
                    + " steps (0 to " + (steps - 1) + "): its values from there on are never used (a step schedule"
                    + " counts training steps, not epochs)"));
        }
    }

    /**
     * Refuses a target of ace that does not end at 0. {@code aceOnly}: the flag was given for ace alone; else
     * {@code aceOwn} makes the flag that would give ace its own target from a homotopy.
     */
    private void requireEndsAtZero(String flag, boolean aceOnly, Schedule s, UnaryOperator<String> aceOwn) {
        if (s.finalValue() != 0.0) {
            // The suggested homotopy starts where the given target starts (or ends, for one that starts at 0).
            double start = s.initial(2);
            String homotopy = "cosine:" + Schedule.number(start > 0 ? start : s.finalValue()) + "->0";
            throw new ParameterException(command.commandLine(), flag + " ends at " + Schedule.number(s.finalValue())
                    + ", but ace's equality constraints need a target that ends at 0 (e.g. " + homotopy + ")"
                    + (aceOnly ? "" : "; ace-resilient may keep one above 0 (" + (inCompare()
                    ? "give ace its own: " + aceOwn.apply(homotopy) : "--method ace-resilient") + ")"));
        }
    }

    /**
     * An adaptive target tightens only after a dual step that leaves λ ≤ θ; an equality's λ grows while training holds
     * c above the target, so under ace with θ = 0 the target may stop short of 0, and then only the final projection
     * makes the model equivariant. One that could not reach 0 even if every dual step moved it is refused
     * ({@link PrimalDualLoop.TargetNotZeroInTime}).
     */
    private static void warnIfStuck(String flag, Schedule s, PrintWriter err) {
        if (s instanceof Schedule.Adaptive a && a.threshold() == 0 && a.to() < a.from()) {
            err.println("jace: " + flag + " under ace moves its target only after a dual step that leaves λ <= θ, here"
                    + " 0, and an equality's multiplier grows while training holds c above the target: the target may"
                    + " stop short of 0, leaving the model's equivariance to ace's final projection; give a threshold"
                    + " (adaptive:" + Schedule.number(a.from()) + "->" + Schedule.number(a.to()) + ":"
                    + Schedule.number(a.decay()) + ":θ) or use ace-resilient");
        }
    }

    /**
     * Checks the per-term flags against the terms of each method, as {@code terms} builds them: a selector that
     * matches no quantity of the model is bad usage naming its flag, and one that picks no term of the methods that
     * read it (a deviation's weight under rpp alone) is named on stderr, as it would change nothing.
     */
    void checkTerms(Collection<Method> methods, Function<Method, List<ConstraintQuantity>> terms, PrintWriter err) {
        Map<Method, List<ConstraintQuantity>> byMethod = new LinkedHashMap<>();
        for (Method m : methods) {
            try {
                byMethod.put(m, terms.apply(m));
            } catch (TermOverrides.UnmatchedSelector e) {
                boolean target = e.setting().equals("epsilonFor");
                List<? extends TermSchedule<?>> read = target ? entriesFor(epsilonFor, m) : entriesFor(weightFor, m);
                String term = read.stream().filter(t -> t.selector().equals(e.selector())).findFirst()
                        .map(TermSchedule::term).orElse(e.selector());
                throw new ParameterException(command.commandLine(), (target ? "--epsilon-for " : "--weight-for ")
                        + term + ": " + e.getMessage());
            } catch (PrimalDualLoop.TargetNotZeroInTime e) {
                throw new ParameterException(command.commandLine(), (epsilonFor.isEmpty() ? "--epsilon"
                        : "--epsilon or --epsilon-for") + ": " + e.getMessage());
            }
        }
        if (methods.contains(Method.ACE)) {
            MethodTarget target = epsilonOf(Method.ACE);
            warnIfStuck("--epsilon " + target.given(), target.schedule(), err);
            entriesFor(epsilonFor, Method.ACE)
                    .forEach(t -> warnIfStuck("--epsilon-for " + t.given(), t.schedule(), err));
        }
        warnUnused("--epsilon-for", epsilonFor, ACE, byMethod, err);
        warnUnused("--weight-for", weightFor, WEIGHTED, byMethod, err);
        err.flush();
    }

    private static <S extends Schedule> void warnUnused(String flag, List<TermSchedule<S>> given, Set<Method> readers,
                                                        Map<Method, List<ConstraintQuantity>> byMethod,
                                                        PrintWriter err) {
        List<Method> reading = byMethod.keySet().stream().filter(readers::contains).toList();
        for (TermSchedule<S> t : given) {
            // One for a method that does not run, or a flag none of the methods reads: check() has named it.
            List<Method> its = t.method().map(m -> reading.contains(m) ? List.of(m) : List.<Method>of())
                    .orElse(reading);
            List<ConstraintQuantity> terms = its.stream().flatMap(m -> byMethod.get(m).stream()).toList();
            if (!its.isEmpty() && !TermOverrides.<S>none().with(t.selector(), t.schedule()).unusedBy(terms)
                    .isEmpty()) {
                err.println("jace: " + flag + " " + t.term() + " picks no term of " + names(its) + ", so it changes"
                        + " nothing (terms: " + String.join(", ", terms.stream().map(ConstraintQuantity::name)
                        .distinct().toList()) + ")");
            }
        }
    }

    private boolean inCompare() {
        return command.commandLine().getCommandName().equals("compare");
    }

    private boolean given(String flag) {
        return command != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(flag);
    }

    private static Map<String, String> texts(List<? extends TermSchedule<?>> given) {
        Map<String, String> texts = new LinkedHashMap<>();
        given.forEach(t -> texts.put(t.selector(), t.schedule().text()));
        return texts;
    }

    private static String names(Collection<Method> methods) {
        return String.join(", ", methods.stream().map(Method::id).toList());
    }

    /** A target ε(t) for every method, or after METHOD= for one: any schedule that stays at or above 0. */
    static final class Target implements ITypeConverter<MethodTarget> {
        @Override
        public MethodTarget convert(String value) {
            int eq = value.indexOf('=');
            if (value.substring(eq + 1).isBlank()) {
                throw new TypeConversionException("expected [METHOD=]SCHEDULE (e.g. 0.05 or ace-resilient=0.05), got '"
                        + value + "'");
            }
            Optional<Method> method = eq < 0 ? Optional.empty()
                    : Optional.of(reader(value.substring(0, eq), "--epsilon", ACE));
            return checked(() -> new MethodTarget(method, MethodSettings.parseTarget(
                    method.map(m -> "epsilon of " + m.id()).orElse("epsilon"), value.substring(eq + 1))));
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
            return term(value, "--epsilon-for", ACE,
                    (selector, text) -> MethodSettings.parseTarget("epsilon for '" + selector + "'", text));
        }
    }

    static final class TermWeight implements ITypeConverter<TermSchedule<Schedule.Timed>> {
        @Override
        public TermSchedule<Schedule.Timed> convert(String value) {
            return term(value, "--weight-for", WEIGHTED,
                    (selector, text) -> MethodSettings.parseWeight("weight for '" + selector + "'", text));
        }
    }

    /** [METHOD:]TERM=SCHEDULE; METHOD must be one of the {@code readers} of {@code flag}. */
    private static <S extends Schedule> TermSchedule<S> term(String value, String flag, Set<Method> readers,
                                                             BiFunction<String, String, S> schedule) {
        int eq = value.indexOf('=');
        String term = eq < 0 ? "" : value.substring(0, eq).strip();
        int colon = term.indexOf(':');
        String selector = term.substring(colon + 1).strip();
        if (selector.isEmpty() || value.substring(eq + 1).isBlank()) {
            throw new TypeConversionException("expected [METHOD:]TERM=SCHEDULE (e.g. reflection=0.05 or"
                    + " ace-resilient:reflection=0.05), got '" + value + "'");
        }
        Optional<Method> method = colon < 0 ? Optional.empty()
                : Optional.of(reader(term.substring(0, colon), flag, readers));
        return checked(() -> new TermSchedule<>(method, selector, schedule.apply(selector, value.substring(eq + 1))));
    }

    /** The method {@code name}, which must be one of the {@code readers} of {@code flag}. */
    private static Method reader(String name, String flag, Set<Method> readers) {
        Method method = checked(() -> MethodFactory.byName(name.strip().toLowerCase(Locale.ROOT)));
        if (!readers.contains(method)) {
            throw new TypeConversionException(method.id() + " reads no " + flag + " (" + names(readers) + " do)");
        }
        return method;
    }

    private static <T> T checked(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
