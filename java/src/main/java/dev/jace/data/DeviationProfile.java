package dev.jace.data;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.SamplePasses;
import dev.jace.group.Group;
import dev.jace.group.SymmetryType;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** Deviation of a map for every non-identity element of a group, with means per {@link SymmetryType}. */
public record DeviationProfile(String group, List<ElementDeviation> elements) {

    public DeviationProfile {
        elements = List.copyOf(elements);
    }

    /**
     * Measures the image-to-image map {@code f} at the samples {@code inputs} ({@code batchShape}: [N, C, H, W]),
     * at most {@code samplesPerPass} of them at a time: a pass holds |G| - 1 transformed copies of its samples and
     * f's activations for all of them, which for every sample at once can exceed the memory. The means run over every
     * sample in order, so the profile is the same for any pass size where f's result for a sample does not depend
     * on the others in its batch.
     */
    public static DeviationProfile measure(Backend backend, Group group, Function<Tensor, Tensor> f, float[] inputs,
                                           Shape batchShape, int samplesPerPass) {
        return measure(backend, group, f, inputs, batchShape, samplesPerPass, done -> { });
    }

    /**
     * {@link #measure(Backend, Group, Function, float[], Shape, int)}, telling {@code measured} after each pass how
     * many samples are through, for progress on many samples: each takes |G| forwards of f.
     */
    public static DeviationProfile measure(Backend backend, Group group, Function<Tensor, Tensor> f, float[] inputs,
                                           Shape batchShape, int samplesPerPass, IntConsumer measured) {
        if (inputs.length != batchShape.size() || samplesPerPass < 1) {
            throw new IllegalArgumentException("deviation profile: " + inputs.length + " values for " + batchShape
                    + " in passes of " + samplesPerPass + " samples; give as many values as the shape holds and"
                    + " at least one sample per pass");
        }
        int[] ids = group.nonIdentityElements();
        double[][] relative = new double[ids.length][batchShape.dim(0)];
        double[][] absolute = new double[ids.length][batchShape.dim(0)];
        SamplePasses.forEach(backend, inputs, batchShape, samplesPerPass, (start, x) -> {
            try (EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(backend, group, ids,
                    FeatureRep.IMAGE, FeatureRep.IMAGE, f, x)) {
                for (int s = 0; s < ids.length; s++) {
                    System.arraycopy(m.relative()[s], 0, relative[s], start, m.relative()[s].length);
                    System.arraycopy(m.absolute()[s], 0, absolute[s], start, m.absolute()[s].length);
                }
            }
            measured.accept(start + x.shape().dim(0));
        });
        ElementDeviation[] out = new ElementDeviation[ids.length];
        for (int s = 0; s < ids.length; s++) {
            out[s] = new ElementDeviation(group.elementName(ids[s]), group.symmetryType(ids[s]), mean(relative[s]),
                    mean(absolute[s]));
        }
        return new DeviationProfile(group.name(), List.of(out));
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
