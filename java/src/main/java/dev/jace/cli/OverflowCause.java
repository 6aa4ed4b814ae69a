package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Sequential;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Tensor;

import java.util.Map;

/**
 * What eval and predict say caused a float32 overflow in their passes: data far off the scale the tasks' data have,
 * or, where the data are within it, the model's weights, whose largest is named.
 */
final class OverflowCause {

    /**
     * The largest |value| taken as within the scale of the tasks' data (Fashion-MNIST's pixels in [0, 1], the
     * teacher's images and plume's densities of order 1): such inputs overflow float32 (3.4e38) only through a gain
     * above 1e34, which weights that training made do not give.
     */
    static final float IN_RANGE = 1e4f;

    private OverflowCause() {
    }

    static boolean inRange(float largest) {
        return largest <= IN_RANGE;
    }

    /** The end of a warning whose data are in range: ", within ..., so the model may be the cause: ... (NAME)". */
    static String theModel(Backend backend, Sequential model) {
        float largest = -1;
        String name = "none";
        for (ParameterRegistry.Entry e : model.parameters()) {
            float here = FiniteValues.largestMagnitude(backend.download(e.parameter().value()));
            if (here > largest) {
                largest = here;
                name = e.name();
            }
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            float here = FiniteValues.largestMagnitude(backend.download(e.getValue()));
            if (here > largest) {
                largest = here;
                name = e.getKey();
            }
        }
        return ", within the scale of the tasks' data, so the model may be the cause: its largest |weight| is "
                + largest + " (" + name + ")";
    }
}
