package dev.jace.data;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.group.Group;
import dev.jace.group.SymmetryType;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/** Deviation of a map for every non-identity element of a group, with means per {@link SymmetryType}. */
public record DeviationProfile(String group, List<ElementDeviation> elements) {

    public DeviationProfile {
        elements = List.copyOf(elements);
    }

    /** Measures the image-to-image map {@code f} at the batch {@code x} ({@code [N, C, H, W]}). */
    public static DeviationProfile measure(Backend backend, Group group, Function<Tensor, Tensor> f, Tensor x) {
        int[] ids = group.nonIdentityElements();
        try (EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(backend, group, ids,
                FeatureRep.IMAGE, FeatureRep.IMAGE, f, x)) {
            double[] relative = m.relativePerElement();
            ElementDeviation[] out = new ElementDeviation[ids.length];
            for (int s = 0; s < ids.length; s++) {
                out[s] = new ElementDeviation(group.elementName(ids[s]), group.symmetryType(ids[s]), relative[s],
                        mean(m.absolute()[s]));
            }
            return new DeviationProfile(group.name(), List.of(out));
        }
    }

    /** The entry of the element called {@code name} ("r1", "m", ...). */
    public ElementDeviation element(String name) {
        return elements.stream().filter(e -> e.element().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no element '" + name + "' in this " + group + " profile"));
    }

    /** Mean relative deviation over the elements of one type (NaN when the group has none). */
    public double meanRelative(SymmetryType type) {
        return elements.stream().filter(e -> e.type() == type).mapToDouble(ElementDeviation::relative).average()
                .orElse(Double.NaN);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
