package dev.jace.backend;

/**
 * How a group acts on a feature tensor whose first axis is the batch.
 */
public enum FeatureRep {
    /** Trivial action: any shape {@code [N, ...]}, g·F = F. */
    INVARIANT,
    /** Images {@code [N, C, H, W]} (H == W where a quarter turn acts): g acts on the pixel grid. */
    IMAGE,
    /** Group feature maps {@code [N, C, |G|, H, W]}: {@code (g·F)(h, x) = F(g⁻¹h, g⁻¹x)}. */
    GROUP_MAP
}
