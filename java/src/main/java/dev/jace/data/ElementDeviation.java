package dev.jace.data;

import dev.jace.group.SymmetryType;

/**
 * Equivariance deviation of a map for one group element, averaged over a batch: {@code relative} is the mean of
 * {@code ‖f(g·x) − g·f(x)‖² / ‖f(x)‖²}, {@code absolute} the mean of the numerator.
 */
public record ElementDeviation(String element, SymmetryType type, double relative, double absolute) {
}
