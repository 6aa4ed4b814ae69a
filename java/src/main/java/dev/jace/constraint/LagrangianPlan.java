package dev.jace.constraint;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The weighted terms a method adds to the loss. ({@code strict}'s plan has none: the trainer projects its model's
 * relaxations away before the first step.)
 */
public record LagrangianPlan(String method, List<Term> terms) {

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
