package dev.jace.constraint;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schedules that replace a method's one schedule for some of its terms, keyed by a selector: a term's name
 * ("output.reflection", "gconv1.relaxation"), a symmetry type ("rotation", "d4"), or a kind of quantity
 * ({@value #DEVIATION}, {@value #RELAXATION}, {@value #FREE_L2}). A term takes the schedule of the most specific
 * selector that matches it: its name, then its type, then its kind; a term that none matches keeps the method's.
 */
public record TermOverrides<S extends Schedule>(Map<String, S> bySelector) {

    public static final String DEVIATION = "deviation";
    public static final String RELAXATION = "relaxation";
    public static final String FREE_L2 = "free_l2";

    public TermOverrides {
        bySelector = Collections.unmodifiableMap(new LinkedHashMap<>(bySelector));
        bySelector.forEach((selector, schedule) -> {
            if (selector == null || selector.isBlank() || schedule == null) {
                throw new IllegalArgumentException("term overrides need a selector and a schedule, got '" + selector
                        + "' -> " + schedule);
            }
        });
    }

    public static <S extends Schedule> TermOverrides<S> none() {
        return new TermOverrides<>(Map.of());
    }

    /** These overrides with {@code schedule} for {@code selector} (replacing one it had). */
    public TermOverrides<S> with(String selector, S schedule) {
        Map<String, S> next = new LinkedHashMap<>(bySelector);
        next.put(selector, schedule);
        return new TermOverrides<>(next);
    }

    public boolean isEmpty() {
        return bySelector.isEmpty();
    }

    /** The schedule for {@code q}: the most specific selector's, else {@code fallback}. */
    public S scheduleFor(ConstraintQuantity q, S fallback) {
        for (String selector : selectors(q)) {
            S s = bySelector.get(selector);
            if (s != null) {
                return s;
            }
        }
        return fallback;
    }

    /**
     * Refuses a selector that matches none of {@code quantities} (a misspelt one would be ignored silently), naming the
     * selectors that would match; {@code setting} is the {@link MethodSettings} component these overrides are.
     */
    public void requireEachMatches(String what, String setting, Collection<ConstraintQuantity> quantities) {
        List<String> unmatched = unusedBy(quantities);
        if (!unmatched.isEmpty()) {
            String selector = unmatched.getFirst();
            List<String> names = quantities.stream().map(ConstraintQuantity::name).distinct().toList();
            List<String> types = quantities.stream().map(TermOverrides::type).filter(t -> !t.isEmpty()).distinct()
                    .toList();
            List<String> kinds = quantities.stream().map(q -> kindSelector(q.kind())).distinct().toList();
            throw new UnmatchedSelector(setting, selector, what + " for '" + selector + "' matches no term; select"
                    + " terms by name (" + String.join(", ", names) + ")"
                    + (types.isEmpty() ? "" : ", by symmetry type (" + String.join(", ", types) + ")")
                    + " or by kind (" + String.join(", ", kinds) + ")");
        }
    }

    /** The selectors that pick none of {@code terms}, in order. */
    public List<String> unusedBy(Collection<ConstraintQuantity> terms) {
        return bySelector.keySet().stream()
                .filter(selector -> terms.stream().noneMatch(q -> selectors(q).contains(selector))).toList();
    }

    /** A selector that matches no quantity of the model, from {@link MethodSettings} component {@code setting}. */
    public static final class UnmatchedSelector extends IllegalArgumentException {
        private final String setting;
        private final String selector;

        UnmatchedSelector(String setting, String selector, String message) {
            super(message);
            this.setting = setting;
            this.selector = selector;
        }

        public String setting() {
            return setting;
        }

        public String selector() {
            return selector;
        }
    }

    /** The selectors that pick {@code q}, most specific first. */
    private static List<String> selectors(ConstraintQuantity q) {
        return List.of(q.name(), type(q), kindSelector(q.kind()));
    }

    /** {@code q}'s symmetry type as a selector: "" (which no selector is) where it has none. */
    private static String type(ConstraintQuantity q) {
        return q.symmetryType().equals(ConstraintQuantity.NO_SYMMETRY) ? "" : q.symmetryType();
    }

    /** The selector word of a kind of quantity. */
    public static String kindSelector(QuantityKind kind) {
        return switch (kind) {
            case EQUIVARIANCE_DEVIATION -> DEVIATION;
            case RELAXATION_MAGNITUDE -> RELAXATION;
            case FREE_BRANCH_L2 -> FREE_L2;
        };
    }
}
