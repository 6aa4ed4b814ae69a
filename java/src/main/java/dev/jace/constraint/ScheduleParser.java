package dev.jace.constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the textual schedule forms listed in {@link #FORMS}. */
final class ScheduleParser {

    static final String FORMS = "V | const:V | linear:A->B | cosine:A->B | exp:A->B[:RATE] (RATE default 5)"
            + " | step:V0@0,V1@S1,... | adaptive:A->B[:DECAY[:THRESHOLD]] (defaults 0.9, 0)";

    static final double DEFAULT_EXP_RATE = 5.0;
    static final double DEFAULT_ADAPTIVE_DECAY = 0.9;

    private ScheduleParser() {
    }

    static Schedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw error(text, "empty schedule");
        }
        String t = text.strip();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? "const" : t.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String[] parts = colon < 0 ? new String[] {t} : t.substring(colon + 1).split(":", -1);
        try {
            return switch (kind) {
                case "const", "constant" -> {
                    arity(text, parts, 1, 1);
                    yield new Schedule.Constant(number(text, parts[0], "value"));
                }
                case "linear" -> {
                    arity(text, parts, 1, 1);
                    double[] r = range(text, parts[0]);
                    yield new Schedule.Linear(r[0], r[1]);
                }
                case "cosine", "cos" -> {
                    arity(text, parts, 1, 1);
                    double[] r = range(text, parts[0]);
                    yield new Schedule.Cosine(r[0], r[1]);
                }
                case "exp", "exponential" -> {
                    arity(text, parts, 1, 2);
                    double[] r = range(text, parts[0]);
                    double rate = parts.length > 1 ? number(text, parts[1], "rate") : DEFAULT_EXP_RATE;
                    yield new Schedule.Exponential(r[0], r[1], rate);
                }
                case "step" -> {
                    arity(text, parts, 1, 1);
                    yield steps(text, parts[0]);
                }
                case "adaptive" -> {
                    arity(text, parts, 1, 3);
                    double[] r = range(text, parts[0]);
                    double decay = parts.length > 1 ? number(text, parts[1], "decay") : DEFAULT_ADAPTIVE_DECAY;
                    double threshold = parts.length > 2 ? number(text, parts[2], "threshold") : 0.0;
                    yield new Schedule.Adaptive(r[0], r[1], decay, threshold);
                }
                default -> throw error(text, "unknown schedule kind '" + kind + "'");
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("bad schedule")) {
                throw e;
            }
            throw error(text, e.getMessage());
        }
    }

    private static Schedule.Step steps(String text, String body) {
        List<Double> values = new ArrayList<>();
        List<Long> boundaries = new ArrayList<>();
        for (String item : body.split(",", -1)) {
            int at = item.indexOf('@');
            if (at < 0) {
                throw error(text, "step item '" + item + "' is not VALUE@STEP");
            }
            values.add(number(text, item.substring(0, at), "value"));
            String s = item.substring(at + 1).strip();
            try {
                boundaries.add(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw error(text, "step boundary '" + s + "' is not an integer step");
            }
        }
        return new Schedule.Step(values, boundaries);
    }

    private static double[] range(String text, String part) {
        int arrow = part.indexOf("->");
        if (arrow < 0) {
            // An unquoted "A->B" on a shell command line ends at '-': the shell took ">B" for a redirection.
            String quote = part.strip().endsWith("-") ? " (quote the schedule: the shell reads '>' as a redirection)"
                    : "";
            throw error(text, "expected FROM->TO, got '" + part + "'" + quote);
        }
        return new double[] {number(text, part.substring(0, arrow), "from"), number(text, part.substring(arrow + 2), "to")};
    }

    private static void arity(String text, String[] parts, int min, int max) {
        if (parts.length < min || parts.length > max) {
            throw error(text, "expected " + (min == max ? min : min + " to " + max) + " ':'-separated field(s) after the kind, got "
                    + parts.length);
        }
    }

    /** A number as text; the schedules refuse non-finite ones themselves. */
    private static double number(String text, String s, String what) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw error(text, what + " '" + s + "' is not a number");
        }
    }

    private static IllegalArgumentException error(String text, String why) {
        return new IllegalArgumentException("bad schedule '" + text + "': " + why + "; expected one of: " + FORMS);
    }
}
