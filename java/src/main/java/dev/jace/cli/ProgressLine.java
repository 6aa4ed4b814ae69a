package dev.jace.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The text of a progress line, e.g. "ace seed 0 [######      ]  50% loss 0.4839 mse 0.4839 ETA 0:12" or, while a
 * pass over samples goes on, "ace seed 0 [############]  100% loss 0.3080 mse 0.3080 evaluating test 1500/3000 samples
 * ETA 0:12", fitted to a width: a line wider than its terminal wraps, and a carriage return then cannot redraw it in
 * place. What matters least gives way first, whole: the bar narrows, then goes; then the word "samples"; then the pass's
 * wording is shortened, then dropped; then the loss, the metric, and the steps' percentage and the ETA (a pass keeps
 * its ETA longer, the steps their percentage), and the pass's count, whole: a count cut short reads as another. Only
 * a label that alone is too wide is cut, in its middle, keeping its end ("seed 0").
 *
 * @param steps the training steps' progress, if any
 * @param pass  the pass over samples going on, if any
 * @param eta   the time left, as m:ss: the pass's where there is one, else the steps'
 */
record ProgressLine(String label, Optional<Steps> steps, Optional<Pass> pass, Optional<String> eta) {

    /** The widest bar, between its brackets. */
    static final int BAR = 24;
    /** The narrowest bar worth drawing. */
    static final int MIN_BAR = 8;
    /** The fewest characters of a pass's wording worth keeping before the ellipsis. */
    static final int MIN_WORDING = 4;
    private static final String ELLIPSIS = "...";

    /** {@code fraction} of the steps done, with the last step's loss and metric (named {@code metricName}). */
    record Steps(double fraction, double loss, String metricName, double metric) {
    }

    /** A pass called {@code what}, e.g. "evaluating test", with {@code done} of its {@code total} samples through. */
    record Pass(String what, int done, int total) {
    }

    /** The parts in the order they are shown. */
    private enum Part { LABEL, BAR, PERCENT, LOSS, METRIC, WORDING, COUNT, SAMPLES, ETA }

    /** The line in at most {@code width} characters. */
    String fit(int width) {
        EnumMap<Part, String> parts = parts();
        int room = width - join(parts).length() - 1;
        if (steps.isPresent() && room >= MIN_BAR + 2) {
            parts.put(Part.BAR, bar(Math.min(BAR, room - 2)));
            return join(parts);
        }
        if (fits(parts, width)) {
            return join(parts);
        }
        parts.remove(Part.SAMPLES);
        if (pass.isPresent() && !fits(parts, width)) {
            parts.remove(Part.WORDING);
            int left = width - join(parts).length() - 1 - ELLIPSIS.length();
            if (left >= MIN_WORDING) {
                parts.put(Part.WORDING, shortened(pass.get().what(), left) + ELLIPSIS);
            }
        }
        List<Part> dropped = pass.isPresent() ? List.of(Part.LOSS, Part.METRIC, Part.PERCENT, Part.ETA)
                : List.of(Part.LOSS, Part.METRIC, Part.ETA, Part.PERCENT);
        for (Part part : dropped) {
            if (fits(parts, width)) {
                break;
            }
            parts.remove(part);
        }
        if (!fits(parts, width)) {
            parts.remove(Part.COUNT);
        }
        String text = join(parts);
        if (text.length() <= width) {
            return text;
        }
        if (width <= ELLIPSIS.length()) {
            return text.substring(0, Math.max(0, width));
        }
        int head = (width - ELLIPSIS.length()) / 2;
        int tail = width - ELLIPSIS.length() - head;
        return text.substring(0, head) + ELLIPSIS + text.substring(text.length() - tail);
    }

    /** The first at most {@code length} characters of {@code wording}, ending on a whole word where one does. */
    private static String shortened(String wording, int length) {
        int space = wording.lastIndexOf(' ', length);
        return space >= MIN_WORDING ? wording.substring(0, space) : wording.substring(0, length);
    }

    private EnumMap<Part, String> parts() {
        EnumMap<Part, String> parts = new EnumMap<>(Part.class);
        parts.put(Part.LABEL, label);
        steps.ifPresent(s -> {
            parts.put(Part.PERCENT, String.format(Locale.ROOT, "%3.0f%%", 100 * s.fraction()));
            parts.put(Part.LOSS, String.format(Locale.ROOT, "loss %.4g", s.loss()));
            parts.put(Part.METRIC, String.format(Locale.ROOT, "%s %.4g", s.metricName(), s.metric()));
        });
        pass.ifPresent(p -> {
            parts.put(Part.WORDING, p.what());
            parts.put(Part.COUNT, p.done() + "/" + p.total());
            parts.put(Part.SAMPLES, "samples");
        });
        eta.ifPresent(e -> parts.put(Part.ETA, "ETA " + e));
        return parts;
    }

    /** E.g. "[######      ]", {@code width} characters between the brackets. */
    private String bar(int width) {
        int filled = (int) Math.round(steps.orElseThrow().fraction() * width);
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }

    private static boolean fits(EnumMap<Part, String> parts, int width) {
        return join(parts).length() <= width;
    }

    private static String join(EnumMap<Part, String> parts) {
        return String.join(" ", parts.values());
    }
}
