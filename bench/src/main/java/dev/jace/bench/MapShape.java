package dev.jace.bench;

import dev.jace.backend.FeatureRep;
import dev.jace.tensor.Shape;

/** A batch of feature maps as a benchmark parameter {@code "NxCxSIZE"}: n samples, c channels, size x size. */
record MapShape(int n, int c, int size) {

    /** The {@code maps} parameter of the deviation and action suites. */
    static MapShape parse(String text) {
        int[] v = BenchParams.sizes("maps", text, "NxCxSIZE", "samples, channels, map size", "32x16x28");
        return new MapShape(v[0], v[1], v[2]);
    }

    /** {@code [N, C, H, W]} for images, {@code [N, C, |G|, H, W]} for group feature maps. */
    Shape shape(FeatureRep rep, int order) {
        return rep == FeatureRep.GROUP_MAP ? Shape.of(n, c, order, size, size) : Shape.of(n, c, size, size);
    }
}
