package dev.jace.train;

import dev.jace.backend.FeatureRep;
import dev.jace.group.Group;

/** The group a model should respect and how it acts on the model's input and output. */
public record Symmetry(Group group, FeatureRep input, FeatureRep output) {
}
