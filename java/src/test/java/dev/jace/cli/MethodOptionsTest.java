package dev.jace.cli;

import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodSettings;
import dev.jace.constraint.Schedule;
import dev.jace.train.Task;
import dev.jace.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The method flags as library settings (parsed only; nothing is trained). */
class MethodOptionsTest {

    /** A command that mixes the flags in, as train and compare do. */
    @CommandLine.Command
    static final class Host {
        @CommandLine.Mixin
        MethodOptions methods = new MethodOptions();
    }

    private static MethodOptions parse(String... args) {
        Host host = new Host();
        new CommandLine(host).parseArgs(args);
        return host.methods;
    }

    @Test
    void withoutFlagsTheSettingsAreTheLibraryDefaults() {
        MethodOptions options = parse();
        assertEquals(MethodSettings.defaults(), options.settings(Method.ACE));
        assertEquals(TrainerConfig.defaults(Method.ACE, new Task.Regression()).dual(), options.dual());
    }

    @Test
    void flagsReachTheSettingsAndTheDualAscent() {
        MethodOptions options = parse("--epsilon", "cosine:0.05->0", "--epsilon-for", "reflection=0.02",
                "--epsilon-for", "gconv1.relaxation=adaptive:0.1->0", "--slack-cost", "4", "--penalty-weight", "0.5",
                "--penalty-schedule", "exp:0->10:3", "--rpp-weight", "0.01", "--weight-for", "free_l2=linear:0->1",
                "--dual-step", "0.2", "--slack-step", "0.3", "--dual-every", "5");
        MethodSettings expected = MethodSettings.defaults().withEpsilon(new Schedule.Cosine(0.05, 0))
                .withEpsilonFor("reflection", new Schedule.Constant(0.02))
                .withEpsilonFor("gconv1.relaxation", new Schedule.Adaptive(0.1, 0, 0.9, 0)).withAlpha(4)
                .withPenaltyWeight(0.5).withPenaltySchedule(new Schedule.Exponential(0, 10, 3)).withRppWeight(0.01)
                .withWeightFor("free_l2", new Schedule.Linear(0, 1));
        assertEquals(expected, options.settings(Method.ACE_RESILIENT));
        assertEquals(new DualAscent(0.2, 0.3, 5), options.dual());
    }

    @Test
    void theConfigRecordsWhatTheMethodReads() {
        MethodOptions options = parse("--epsilon-for", "reflection=0.02", "--slack-cost", "4", "--penalty-weight",
                "0.5");
        assertEquals(Map.of("epsilon", "const:0", "epsilon_for", Map.of("reflection", "const:0.02"), "slack_cost", 4.0,
                "dual_step", 0.1, "slack_step", 0.1, "dual_every", 1), options.record(Method.ACE_RESILIENT));
        assertEquals(Map.of("penalty_weight", 0.5, "weight_for", Map.of()), options.record(Method.PENALTY));
        assertEquals(Map.of("penalty_schedule", "linear:0->100", "weight_for", Map.of()),
                options.record(Method.SCHEDULED));
        assertEquals(Map.of(), options.record(Method.STRICT));
    }

    /**
     * The dual step runs after every --dual-every-th primal step, so with a period of the run's steps its only one
     * comes after the last primal step: no primal step sees a multiplier other than its starting one.
     */
    @Test
    void aDualPeriodThatNoPrimalStepFollowsIsNamed() {
        assertEquals("jace: --dual-every 5 is at least the 5 steps of the run, so ace takes no dual step before its"
                + " last primal step: its primal steps all use the starting multipliers (slacks, softreg strengths),"
                + " whatever it reports at the end; give at most 4\n", noDualStepWarning("5", List.of(Method.ACE), 5));
        assertEquals("jace: --dual-every 7 is at least the 5 steps of the run, so softreg, ace-resilient take no dual"
                + " step before their last primal step: their primal steps all use the starting multipliers (slacks,"
                + " softreg strengths), whatever they report at the end; give at most 4\n",
                noDualStepWarning("7", List.of(Method.SOFTREG, Method.STRICT, Method.ACE_RESILIENT), 5));
        assertEquals("", noDualStepWarning("4", List.of(Method.ACE), 5));
        assertEquals("", noDualStepWarning("5", List.of(Method.STRICT, Method.PENALTY), 5));
        assertEquals("jace: --dual-every 2 is at least the 1 step of the run, so ace takes no dual step before its"
                + " last primal step: its primal steps all use the starting multipliers (slacks, softreg strengths),"
                + " whatever it reports at the end; a dual step reaches a primal step only in a run of 2 or more"
                + " steps\n", noDualStepWarning("2", List.of(Method.ACE), 1));
        assertEquals("jace: --dual-every 1 is at least the 1 step of the run, so ace takes no dual step before its"
                + " last primal step: its primal steps all use the starting multipliers (slacks, softreg strengths),"
                + " whatever it reports at the end; a dual step reaches a primal step only in a run of 2 or more"
                + " steps\n", noDualStepWarning("1", List.of(Method.ACE), 1));
        StringWriter unnamed = new StringWriter();
        parse().warnIfNoDualStep(List.of(Method.ACE), 1, new PrintWriter(unnamed));
        assertEquals("", unnamed.toString(), "a flag not given is not named");
    }

    private static String noDualStepWarning(String dualEvery, List<Method> methods, long steps) {
        StringWriter err = new StringWriter();
        parse("--dual-every", dualEvery).warnIfNoDualStep(methods, steps, new PrintWriter(err));
        return err.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void aStepScheduleSwitchingAfterTheRunsLastStepIsNamed() {
        MethodOptions options = parse("--epsilon", "ace-resilient=step:0.1@0,0.05@50,0@100", "--epsilon-for",
                "reflection=step:0.2@0,0.1@96", "--weight-for", "rotation=step:1@0,2@10", "--weight-for",
                "reflection=step:1@0,3@400",
                "--penalty-schedule", "step:0@0,5@95,9@200", "--epsilon-for", "ace:rotation=step:1@0,0@500");
        StringWriter err = new StringWriter();
        options.warnIfStepsBeyondRun(List.of(Method.ACE_RESILIENT, Method.SCHEDULED), 96, new PrintWriter(err));
        String tail = " steps (0 to 95): its values from there on are never used (a step schedule counts training"
                + " steps, not epochs)\n";
        assertEquals("jace: --epsilon ace-resilient=step:0.1@0,0.05@50,0@100 switches at step 100, but the run has 96"
                + tail + "jace: --epsilon-for reflection=step:0.2@0,0.1@96 switches at step 96, but the run has 96"
                + tail + "jace: --weight-for reflection=step:1@0,3@400 switches at step 400, but the run has 96"
                + tail + "jace: --penalty-schedule step:0@0,5@95,9@200 switches at step 200, but the run has 96"
                + tail, err.toString(), "within the run: step 95 and rotation's 10; ace's own is not run");

        StringWriter none = new StringWriter();
        options.warnIfStepsBeyondRun(List.of(Method.ACE_RESILIENT, Method.SCHEDULED), 401, new PrintWriter(none));
        options.warnIfStepsBeyondRun(List.of(Method.STRICT), 2, new PrintWriter(none));
        assertEquals("", none.toString());
    }

    @Test
    void badValuesAreBadUsageNamingTheFlag() {
        assertBad("'--epsilon-for' ([METHOD:]TERM=SCHEDULE): expected [METHOD:]TERM=SCHEDULE (e.g. reflection=0.05 or"
                + " ace-resilient:reflection=0.05), got 'reflection'", "--epsilon-for", "reflection");
        assertBad("epsilon must stay >= 0, but linear:0.1->-0.1 goes down to -0.1", "--epsilon", "linear:0.1->-0.1");
        assertBad("weight for 'rotation' 'adaptive:1->0': adaptive schedules follow a multiplier", "--weight-for",
                "rotation=adaptive:1->0");
        assertBad("bad schedule 'cosine:1'", "--penalty-schedule", "cosine:1");
        assertBad("'--epsilon' ([METHOD=]SCHEDULE): unknown method ''", "--epsilon", "=0.05");
        assertBad("'--epsilon-for' ([METHOD:]TERM=SCHEDULE): unknown method ''", "--epsilon-for", ":reflection=0.05");
        assertBad("weight for 'rotation' must stay >= 0, but const:-1 goes down to -1", "--weight-for",
                "rotation=-1");
        assertBad("expected [METHOD:]TERM=SCHEDULE (e.g. reflection=0.05 or ace-resilient:reflection=0.05), got"
                + " ' =0.1'", "--epsilon-for", " =0.1");
        assertBad("got 'reflection= '", "--epsilon-for", "reflection= ");
        assertBad("got 'ace:=0.1'", "--epsilon-for", "ace:=0.1");
        assertBad("unknown method 'acee'; valid methods: strict,", "--epsilon-for", "acee:reflection=0.1");
        assertBad("penalty reads no --epsilon-for (ace, ace-resilient do)", "--epsilon-for", "penalty:reflection=0.1");
        assertBad("ace reads no --weight-for (penalty, scheduled, rpp do)", "--weight-for", "ace:reflection=0.1");
        assertBad("'--epsilon' ([METHOD=]SCHEDULE): strict reads no --epsilon (ace, ace-resilient do)", "--epsilon",
                "strict=0.1");
        assertBad("expected [METHOD=]SCHEDULE (e.g. 0.05 or ace-resilient=0.05), got 'ace='", "--epsilon", "ace=");
        assertBad("epsilon of ace-resilient must stay >= 0, but const:-1 goes down to -1", "--epsilon",
                "ace-resilient=-1");
        assertBad("must be a finite number above 0, got 0", "--slack-cost", "0");
    }

    @Test
    void aTermGivenTwiceIsBadUsage() {
        MethodOptions options = parse("--epsilon-for", "reflection=0.1", "--epsilon-for", "reflection=0.2");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> options.check(List.of(Method.ACE_RESILIENT), new PrintWriter(new StringWriter())));
        assertEquals("--epsilon-for names 'reflection' twice", e.getMessage());
        assertCheckRefuses("--weight-for names 'penalty:rotation' twice", "--weight-for", "penalty:rotation=1",
                "--weight-for", "rotation=2", "--weight-for", "penalty:rotation=3");
        assertCheckRefuses("--epsilon is given twice for ace", "--epsilon", "ace=cosine:0.1->0", "--epsilon", "0.1",
                "--epsilon", "ace=0");
        assertCheckRefuses("--epsilon is given twice for every method (METHOD= gives one method its own)",
                "--epsilon", "0.1", "--epsilon", "0.2");
    }

    private static void assertCheckRefuses(String message, String... args) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parse(args).check(List.of(Method.ACE_RESILIENT), new PrintWriter(new StringWriter())));
        assertEquals(message, e.getMessage());
    }

    /**
     * METHOD= and METHOD: give one method its own values (ace a homotopy to 0 beside ace-resilient's target above 0 in
     * one compare): for its runs they replace the value for every method, and the same TERM without METHOD:; a more
     * specific TERM for every method still wins over a less specific one of the method's own.
     */
    @Test
    void methodScopedValuesApplyToTheirMethodsRunsOnly() {
        MethodOptions options = parse("--epsilon", "0.05", "--epsilon", "ace=cosine:0.05->0", "--epsilon-for",
                "reflection=0.04", "--epsilon-for", "ace:reflection=cosine:0.04->0", "--epsilon-for",
                "output.rotation=0.03", "--epsilon-for", "ace-resilient:deviation=0.02", "--weight-for",
                "penalty:rotation=2", "--weight-for", "free_l2=0.5");
        assertEquals(MethodSettings.defaults().withEpsilon(new Schedule.Constant(0.05))
                .withEpsilonFor("reflection", new Schedule.Constant(0.04))
                .withEpsilonFor("output.rotation", new Schedule.Constant(0.03))
                .withEpsilonFor("deviation", new Schedule.Constant(0.02))
                .withWeightFor("free_l2", new Schedule.Constant(0.5)), options.settings(Method.ACE_RESILIENT));
        assertEquals(MethodSettings.defaults().withEpsilon(new Schedule.Cosine(0.05, 0))
                .withEpsilonFor("reflection", new Schedule.Cosine(0.04, 0))
                .withEpsilonFor("output.rotation", new Schedule.Constant(0.03))
                .withWeightFor("free_l2", new Schedule.Constant(0.5)), options.settings(Method.ACE));
        assertEquals(MethodSettings.defaults().withEpsilon(new Schedule.Constant(0.05))
                .withEpsilonFor("reflection", new Schedule.Constant(0.04))
                .withEpsilonFor("output.rotation", new Schedule.Constant(0.03))
                .withWeightFor("rotation", new Schedule.Constant(2))
                .withWeightFor("free_l2", new Schedule.Constant(0.5)), options.settings(Method.PENALTY));
        assertEquals(Map.of("epsilon", "cosine:0.05->0", "epsilon_for", Map.of("reflection", "cosine:0.04->0",
                "output.rotation", "const:0.03"), "dual_step", 0.1, "dual_every", 1), options.record(Method.ACE));
        assertEquals(Map.of("rpp_weight", 0.001, "weight_for", Map.of("free_l2", "const:0.5")),
                options.record(Method.RPP));
    }

    @Test
    void aceNeedsTargetsThatEndAtZero() {
        MethodOptions options = parse("--epsilon-for", "rotation=linear:0.1->0.02");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> options.check(List.of(Method.ACE_RESILIENT, Method.ACE), new PrintWriter(new StringWriter())));
        assertEquals("--epsilon-for rotation=linear:0.1->0.02 ends at 0.02, but ace's equality constraints need a"
                + " target that ends at 0 (e.g. cosine:0.1->0); ace-resilient may keep one above 0 (--method"
                + " ace-resilient)", e.getMessage());
        CommandLine.ParameterException own = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--epsilon", "ace=0.1").check(List.of(Method.ACE), new PrintWriter(new StringWriter())));
        assertEquals("--epsilon ace=const:0.1 ends at 0.1, but ace's equality constraints need a target that ends at 0"
                + " (e.g. cosine:0.1->0)", own.getMessage());
        parse("--epsilon", "0.1", "--epsilon", "ace=0").check(List.of(Method.ACE), new PrintWriter(new StringWriter()));
        parse("--epsilon-for", "ace-resilient:rotation=0.1").check(List.of(Method.ACE, Method.ACE_RESILIENT),
                new PrintWriter(new StringWriter()));
        CommandLine.ParameterException rising = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--epsilon", "step:0@0,0.05@10").check(List.of(Method.ACE),
                        new PrintWriter(new StringWriter())));
        assertTrue(rising.getMessage().contains("(e.g. cosine:0.05->0)"), rising.getMessage());
        options.check(List.of(Method.ACE_RESILIENT), new PrintWriter(new StringWriter()));
    }

    @Test
    void anAdaptiveTargetThatAceMayNotFinishIsNamed() {
        assertEquals("jace: --epsilon adaptive:0.1->0:0.5:0 under ace moves its target only after a dual step that"
                + " leaves λ <= θ, here 0, and an equality's multiplier grows while training holds c above the target:"
                + " the target may stop short of 0, leaving the model's equivariance to ace's final projection; give a"
                + " threshold (adaptive:0.1->0:0.5:θ) or use ace-resilient\n",
                termWarnings(Method.ACE, "--epsilon", "adaptive:0.1->0:0.5"));
        String perTerm = termWarnings(Method.ACE, "--epsilon-for", "rotation=adaptive:0.2->0:0.5");
        assertTrue(perTerm.startsWith("jace: --epsilon-for rotation=adaptive:0.2->0:0.5:0 under ace moves its target"
                + " only after"), perTerm);
        assertEquals("", termWarnings(Method.ACE, "--epsilon", "adaptive:0.1->0:0.5:0.01"));
        assertEquals("", termWarnings(Method.ACE_RESILIENT, "--epsilon", "adaptive:0.1->0:0.5"));
    }

    /** What checkTerms names on stderr for {@code method}'s run of a model without constrained quantities. */
    private static String termWarnings(Method method, String... args) {
        StringWriter err = new StringWriter();
        parse(args).checkTerms(List.of(method), m -> List.of(), new PrintWriter(err));
        return err.toString();
    }

    @Test
    void flagsThatNoMethodReadsAreNamed() {
        MethodOptions options = parse("--slack-cost", "2", "--epsilon", "cosine:0.1->0", "--rpp-weight", "0.1");
        StringWriter err = new StringWriter();
        options.check(List.of(Method.ACE, Method.PENALTY), new PrintWriter(err));
        assertEquals("jace: --slack-cost is read by ace-resilient only; ace, penalty ignore it\n"
                + "jace: --rpp-weight is read by rpp only; ace, penalty ignore it\n", err.toString());
    }

    @Test
    void valuesForAMethodThatDoesNotRunAreNamed() {
        StringWriter err = new StringWriter();
        parse("--epsilon", "ace-resilient=0.1", "--epsilon-for", "ace-resilient:rotation=0.1", "--epsilon-for",
                "rotation=cosine:0.1->0", "--weight-for", "rpp:free_l2=1").check(List.of(Method.ACE, Method.PENALTY),
                new PrintWriter(err));
        assertEquals("jace: --epsilon ace-resilient=const:0.1 is for ace-resilient only; ace, penalty ignore it\n"
                + "jace: --epsilon-for ace-resilient:rotation=const:0.1 is for ace-resilient only; ace, penalty ignore"
                + " it\n"
                + "jace: --weight-for rpp:free_l2=const:1 is for rpp only; ace, penalty ignore it\n", err.toString());
        StringWriter unread = new StringWriter();
        parse("--epsilon", "ace-resilient=0.1").check(List.of(Method.STRICT), new PrintWriter(unread));
        assertEquals("jace: --epsilon is read by ace, ace-resilient only; strict ignores it\n", unread.toString());
    }

    private static void assertBad(String message, String... args) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
