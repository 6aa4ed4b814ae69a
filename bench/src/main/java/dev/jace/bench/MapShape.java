package dev.jace.bench;

import dev.jace.backend.FeatureRep;
import dev.jace.tensor.Shape;

/** A batch of feature maps as a benchmark parameter {@code "NxCxSIZE"}: n samples, c channels, size x size. */
record MapShape(int n, int c, int size) {

    static MapShape parse(String text) {
        String[] parts = text.split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("map shape must be \"NxCxSIZE\", got \"" + text + "\"");
        }
        return new MapShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                Integer.parseInt(parts[2].trim()));
    }

    /** {@code [N, C, H, W]} for images, {@code [N, C, |G|, H, W]} for group feature maps. */
    Shape shape(FeatureRep rep, int order) {
        return rep == FeatureRep.GROUP_MAP ? Shape.of(n, c, order, size, size) : Shape.of(n, c, size, size);
    }
}
