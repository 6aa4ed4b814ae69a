package dev.jace.backend.cuda;

import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.tensor.Shape;

/**
 * What the {@link GroupConvAutotuner} keys its choice on.
 *
 * @param op         the operation
 * @param first      shape of its first tensor argument (x or dy)
 * @param second     shape of its second tensor argument (w or dy)
 * @param groupOrder |G|
 */
public record GroupConvKey(GroupConvOp op, Shape first, Shape second, int groupOrder, Padding padding,
                           Precision precision) {
}
