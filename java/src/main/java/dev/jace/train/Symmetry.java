package dev.jace.train;

import dev.jace.backend.FeatureRep;
import dev.jace.group.Group;

import java.util.Objects;

/** The group a model should respect and how it acts on the model's input and output. */
public record Symmetry(Group group, FeatureRep input, FeatureRep output) {

    public Symmetry {
        Objects.requireNonNull(group, "symmetry: group");
        Objects.requireNonNull(input, "symmetry: input representation");
        Objects.requireNonNull(output, "symmetry: output representation");
    }
}
