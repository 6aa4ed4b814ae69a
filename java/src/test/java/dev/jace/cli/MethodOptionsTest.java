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
        assertEquals(MethodSettings.defaults(), options.settings());
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
        assertEquals(expected, options.settings());
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

    @Test
    void badValuesAreBadUsageNamingTheFlag() {
        assertBad("'--epsilon-for' (TERM=SCHEDULE): expected TERM=SCHEDULE (e.g. reflection=0.05), got 'reflection'",
                "--epsilon-for", "reflection");
        assertBad("epsilon must stay >= 0, but linear:0.1->-0.1 goes down to -0.1", "--epsilon", "linear:0.1->-0.1");
        assertBad("weight for 'rotation' 'adaptive:1->0': adaptive schedules follow a multiplier", "--weight-for",
                "rotation=adaptive:1->0");
        assertBad("bad schedule 'cosine:1'", "--penalty-schedule", "cosine:1");
        assertBad("weight for 'rotation' must stay >= 0, but const:-1 goes down to -1", "--weight-for",
                "rotation=-1");
        assertBad("expected TERM=SCHEDULE (e.g. reflection=0.05), got ' =0.1'", "--epsilon-for", " =0.1");
        assertBad("expected TERM=SCHEDULE (e.g. reflection=0.05), got 'reflection= '", "--epsilon-for", "reflection= ");
        assertBad("must be a finite number above 0, got 0", "--slack-cost", "0");
    }

    @Test
    void aTermGivenTwiceIsBadUsage() {
        MethodOptions options = parse("--epsilon-for", "reflection=0.1", "--epsilon-for", "reflection=0.2");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> options.check(List.of(Method.ACE_RESILIENT), new PrintWriter(new StringWriter())));
        assertEquals("--epsilon-for names 'reflection' twice", e.getMessage());
    }

    @Test
    void aceNeedsTargetsThatEndAtZero() {
        MethodOptions options = parse("--epsilon-for", "rotation=linear:0.1->0.02");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> options.check(List.of(Method.ACE_RESILIENT, Method.ACE), new PrintWriter(new StringWriter())));
        assertEquals("--epsilon-for rotation=linear:0.1->0.02 ends at 0.02, but ace's equality constraints need a"
                + " target that ends at 0 (e.g. cosine:0.1->0); ace-resilient may keep one above 0 (--method"
                + " ace-resilient)", e.getMessage());
        CommandLine.ParameterException rising = assertThrows(CommandLine.ParameterException.class,
                () -> parse("--epsilon", "step:0@0,0.05@10").check(List.of(Method.ACE),
                        new PrintWriter(new StringWriter())));
        assertTrue(rising.getMessage().contains("(e.g. cosine:0.05->0)"), rising.getMessage());
        options.check(List.of(Method.ACE_RESILIENT), new PrintWriter(new StringWriter()));
    }

    @Test
    void anAdaptiveTargetThatAceWouldNeverMoveIsNamed() {
        StringWriter err = new StringWriter();
        parse("--epsilon", "adaptive:0.1->0:0.5").check(List.of(Method.ACE), new PrintWriter(err));
        assertEquals("jace: --epsilon adaptive:0.1->0:0.5:0 under ace tightens only when a dual step leaves |λ| <= θ,"
                + " here 0, which an equality's multiplier seldom is: the target would stay at 0.1; give a threshold"
                + " (adaptive:0.1->0:0.5:θ) or use ace-resilient\n", err.toString());
        StringWriter perTerm = new StringWriter();
        parse("--epsilon-for", "rotation=adaptive:0.2->0:0.5").check(List.of(Method.ACE), new PrintWriter(perTerm));
        assertTrue(perTerm.toString().startsWith("jace: --epsilon-for rotation=adaptive:0.2->0:0.5:0 under ace"
                + " tightens only when"), perTerm.toString());
        StringWriter none = new StringWriter();
        parse("--epsilon", "adaptive:0.1->0:0.5:0.01").check(List.of(Method.ACE), new PrintWriter(none));
        parse("--epsilon", "adaptive:0.1->0:0.5").check(List.of(Method.ACE_RESILIENT), new PrintWriter(none));
        assertEquals("", none.toString());
    }

    @Test
    void flagsThatNoMethodReadsAreNamed() {
        MethodOptions options = parse("--slack-cost", "2", "--epsilon", "cosine:0.1->0", "--rpp-weight", "0.1");
        StringWriter err = new StringWriter();
        options.check(List.of(Method.ACE, Method.PENALTY), new PrintWriter(err));
        assertEquals("jace: --slack-cost is read by ace-resilient only; ace, penalty ignore it\n"
                + "jace: --rpp-weight is read by rpp only; ace, penalty ignore it\n", err.toString());
    }

    private static void assertBad(String message, String... args) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
