package dev.jace.constraint;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a method does to training: whether the model's relaxations are trainable at all ({@code strict} projects them
 * to zero from the start and keeps them there) and which weighted terms join the loss.
 */
public record LagrangianPlan(String method, boolean relaxationEnabled, List<Term> terms) {

    public LagrangianPlan {
        terms = List.copyOf(terms);
        Set<String> names = new HashSet<>();
        for (Term t : terms) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("method " + method + ": two terms are named '" + t.name() + "'");
            }
        }
    }
}
