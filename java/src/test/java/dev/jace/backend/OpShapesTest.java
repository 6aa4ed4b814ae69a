package dev.jace.backend;

import dev.jace.backend.ArgumentChecks.Refused;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.jace.backend.ArgumentChecks.t;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dense ops' argument checks that every backend runs first: each refusal's message, and the values at the edge
 * of each range, accepted.
 */
class OpShapesTest {

    static List<Refused> refused() {
        Tensor x = t(2, 3);
        Tensor w = t(4, 3, 3, 3);
        Tensor image = t(2, 3, 5, 5);
        Tensor c3 = t(3);
        return List.of(
                new Refused("matmul: a should have rank 2 but has shape [2, 3, 1]",
                        () -> OpShapes.matmul(t(2, 3, 1), false, t(3, 4), false, t(2, 4))),
                new Refused("matmul: b should have rank 2 but has shape [3]",
                        () -> OpShapes.matmul(x, false, t(3), false, t(2, 4))),
                new Refused("matmul: inner dimensions differ: op(a) is [3, 2] (a [2, 3] transposed), op(b) is [3, 4]"
                        + " (b [4, 3] transposed)", () -> OpShapes.matmul(x, true, t(4, 3), true, t(3, 4))),
                new Refused("matmul: inner dimensions differ: op(a) is [2, 3] (a [2, 3]), op(b) is [4, 3] (b [4, 3])",
                        () -> OpShapes.matmul(x, false, t(4, 3), false, t(2, 3))),
                new Refused("matmul: out should have shape [3, 3] but has [2, 4]",
                        () -> OpShapes.matmul(x, true, t(2, 3), false, t(2, 4))),
                new Refused("scaleBy: factor should have shape [1] but has [2]",
                        () -> OpShapes.scaleBy(x, t(2), t(2, 3))),
                new Refused("scaleBy: out should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.scaleBy(x, t(1), t(3, 2))),
                new Refused("reluBackward: dy should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.reluBackward(x, t(3, 2), t(2, 3))),
                new Refused("reluBackward: dx should have shape [2, 3] but has [6]",
                        () -> OpShapes.reluBackward(x, t(2, 3), t(6))),
                new Refused("addChannelBias: x should have rank >= 2 but has shape [6]",
                        () -> OpShapes.addChannelBias(t(6), t(6), t(6))),
                new Refused("addChannelBias: bias should have shape [3] but has [2]",
                        () -> OpShapes.addChannelBias(x, t(2), t(2, 3))),
                new Refused("addChannelBias: out should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.addChannelBias(x, c3, t(3, 2))),
                new Refused("softmaxCrossEntropy: logits should have rank 2 but has shape [6]",
                        () -> OpShapes.softmaxCrossEntropy(t(6), t(6), t(6), t(6))),
                new Refused("softmaxCrossEntropy: labels should have shape [2] but has [3]",
                        () -> OpShapes.softmaxCrossEntropy(x, t(3), t(2), t(2, 3))),
                new Refused("softmaxCrossEntropy: loss should have shape [2] but has [1]",
                        () -> OpShapes.softmaxCrossEntropy(x, t(2), t(1), t(2, 3))),
                new Refused("softmaxCrossEntropy: dlogits should have shape [2, 3] but has [2, 4]",
                        () -> OpShapes.softmaxCrossEntropy(x, t(2), t(2), t(2, 4))),
                new Refused("channelSum: x should have rank >= 2 but has shape [3]",
                        () -> OpShapes.channelSum(c3, c3)),
                new Refused("conv2dBackwardData: dx should have rank 4 but has shape [2, 3]",
                        () -> OpShapes.conv2dBackwardData(image, w, Padding.SAME, x)),
                new Refused("conv2dBackwardFilter: dw should have rank 4 but has shape [4, 3, 3]",
                        () -> OpShapes.conv2dBackwardFilter(image, t(2, 4, 5, 5), Padding.SAME, t(4, 3, 3))),
                new Refused("conv2dBackwardFilter: dy should have shape [2, 4, 3, 3] but has [2, 4, 5, 5]",
                        () -> OpShapes.conv2dBackwardFilter(image, t(2, 4, 5, 5), Padding.VALID, w)),
                new Refused("avgPool2d: window must be positive, got 0",
                        () -> OpShapes.pool2dOutput("avgPool2d", image.shape(), 0, 1)),
                new Refused("avgPool2d: stride must be positive, got 0",
                        () -> OpShapes.pool2dOutput("avgPool2d", image.shape(), 2, 0)),
                new Refused("avgPool2d: window 6 exceeds the spatial size 5x5 of x [2, 3, 5, 5]",
                        () -> OpShapes.pool2dOutput("avgPool2d", image.shape(), 6, 1)),
                new Refused("maxPool2dBackward: dy should have shape [2, 3, 2, 2] but has [2, 3, 5, 5]",
                        () -> OpShapes.maxPool2dBackward(image, image, 2, 2, image)),
                new Refused("maxPool2dBackward: dx should have shape [2, 3, 5, 5] but has [2, 3, 2, 2]",
                        () -> OpShapes.maxPool2dBackward(image, t(2, 3, 2, 2), 2, 2, t(2, 3, 2, 2))),
                new Refused("batchNormTrain: x should have rank >= 2 but has shape [3]",
                        () -> OpShapes.batchNormTrain(c3, c3, c3, c3, c3, 0.1f, 1e-5f, c3, c3, c3)),
                new Refused("batchNormTrain: saveInvStd should have shape [3] but has [2]",
                        () -> OpShapes.batchNormTrain(x, c3, c3, c3, c3, 0.1f, 1e-5f, x, c3, t(2))),
                new Refused("batchNormTrain: out should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.batchNormTrain(x, c3, c3, c3, c3, 0.1f, 1e-5f, t(3, 2), c3, c3)),
                new Refused("batchNormTrain: momentum must be in [0, 1], got 1.01",
                        () -> OpShapes.batchNormTrain(x, c3, c3, c3, c3, 1.01f, 1e-5f, x, c3, c3)),
                new Refused("batchNormTrain: momentum must be in [0, 1], got -0.01",
                        () -> OpShapes.batchNormTrain(x, c3, c3, c3, c3, -0.01f, 1e-5f, x, c3, c3)),
                new Refused("batchNormTrain: eps must be positive, got 0.0",
                        () -> OpShapes.batchNormTrain(x, c3, c3, c3, c3, 0.1f, 0f, x, c3, c3)),
                new Refused("batchNormTrain: needs at least 2 values per channel, x has shape [1, 3]",
                        () -> OpShapes.batchNormTrain(t(1, 3), c3, c3, c3, c3, 0.1f, 1e-5f, t(1, 3), c3, c3)),
                new Refused("batchNormEval: runningVar should have shape [3] but has [1]",
                        () -> OpShapes.batchNormEval(x, c3, c3, c3, t(1), 1e-5f, x)),
                new Refused("batchNormEval: eps must be positive, got 0.0",
                        () -> OpShapes.batchNormEval(x, c3, c3, c3, c3, 0f, x)),
                new Refused("batchNormBackward: dbeta should have shape [3] but has [2]",
                        () -> OpShapes.batchNormBackward(x, x, c3, c3, c3, x, c3, t(2))),
                new Refused("batchNormBackward: dy should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.batchNormBackward(x, t(3, 2), c3, c3, c3, x, c3, c3)),
                new Refused("batchNormBackward: dx should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.batchNormBackward(x, x, c3, c3, c3, t(3, 2), c3, c3)),
                new Refused("sgdStep: velocity should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.sgdStep(x, x, t(3, 2), 0.1f, 0.9f, 0f)),
                new Refused("sgdStep: momentum must be finite, got NaN",
                        () -> OpShapes.sgdStep(x, x, x, 0.1f, Float.NaN, 0f)),
                new Refused("sgdStep: weightDecay must be finite, got Infinity",
                        () -> OpShapes.sgdStep(x, x, x, 0.1f, 0.9f, Float.POSITIVE_INFINITY)),
                new Refused("sgdStep: lr must be finite, got NaN",
                        () -> OpShapes.sgdStep(x, x, x, Float.NaN, 0.9f, 0f)),
                new Refused("adamStep: grad should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.adamStep(x, t(3, 2), x, x, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, 1)),
                new Refused("adamStep: m should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.adamStep(x, x, t(3, 2), x, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, 1)),
                new Refused("adamStep: v should have shape [2, 3] but has [3, 2]",
                        () -> OpShapes.adamStep(x, x, x, t(3, 2), 0.01f, 0.9f, 0.999f, 1e-8f, 0f, 1)),
                new Refused("adamStep: weightDecay must be finite, got NaN",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, 0.9f, 0.999f, 1e-8f, Float.NaN, 1)),
                new Refused("adamStep: betas must be in [0, 1), got 1.0, 0.999",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, 1f, 0.999f, 1e-8f, 0f, 1)),
                new Refused("adamStep: betas must be in [0, 1), got 0.9, 1.0",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, 0.9f, 1f, 1e-8f, 0f, 1)),
                new Refused("adamStep: betas must be in [0, 1), got -0.1, 0.999",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, -0.1f, 0.999f, 1e-8f, 0f, 1)),
                new Refused("adamStep: betas must be in [0, 1), got 0.9, -0.1",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, 0.9f, -0.1f, 1e-8f, 0f, 1)),
                new Refused("adamStep: eps must be positive, got 0.0",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, 0.9f, 0.999f, 0f, 0f, 1)),
                new Refused("adamStep: lr must be finite, got Infinity",
                        () -> OpShapes.adamStep(x, x, x, x, Float.POSITIVE_INFINITY, 0.9f, 0.999f, 1e-8f, 0f, 1)),
                new Refused("adamStep: step must be positive, got 0",
                        () -> OpShapes.adamStep(x, x, x, x, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, 0)),
                new Refused("scalars: count must be in [1, 65536], got 0", () -> OpShapes.scalars(0)),
                new Refused("scalars: count must be in [1, 65536], got 65537", () -> OpShapes.scalars(65537)),
                new Refused("relativeDeviationMean: deviation should have rank 2 but has shape [3]",
                        () -> OpShapes.relativeDeviationMean(c3, c3, new int[] {0})),
                new Refused("relativeDeviationMean: deviation has 65 rows, at most 64 are supported",
                        () -> OpShapes.relativeDeviationMean(t(65, 2), t(2), new int[] {0})),
                new Refused("relativeDeviationMean: norm should have shape [3] but has [2]",
                        () -> OpShapes.relativeDeviationMean(t(2, 3), t(2), new int[] {0})),
                new Refused("relativeDeviationMean: rows should be strictly ascending in [0, 4), got [0, 4]",
                        () -> OpShapes.relativeDeviationMean(t(4, 3), c3, new int[] {0, 4})),
                new Refused("relativeDeviationMean: rows should be strictly ascending in [0, 4), got [-1]",
                        () -> OpShapes.relativeDeviationMean(t(4, 3), c3, new int[] {-1})),
                new Refused("relativeDeviationMean: rows should be strictly ascending in [0, 4), got [1, 1]",
                        () -> OpShapes.relativeDeviationMean(t(4, 3), c3, new int[] {1, 1})),
                new Refused("relativeDeviationMean: rows should be strictly ascending in [0, 4), got [2, 1]",
                        () -> OpShapes.relativeDeviationMean(t(4, 3), c3, new int[] {2, 1})),
                new Refused("relativeDeviationWeights: dDeviation should have shape [4, 3] but has [3, 4]",
                        () -> OpShapes.relativeDeviationWeights(t(4, 3), c3, new int[] {0}, t(3, 4), c3)),
                new Refused("relativeDeviationWeights: dNorm should have shape [3] but has [4]",
                        () -> OpShapes.relativeDeviationWeights(t(4, 3), c3, new int[] {0}, t(4, 3), t(4))));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void isRefusedWithAMessageNamingTheOpAndTheRule(Refused row) {
        row.check();
    }

    @Test
    void theEdgesOfEachRangeAreAccepted() {
        Tensor x = t(2, 3);
        Tensor c3 = t(3);
        assertDoesNotThrow(() -> {
            OpShapes.matmul(x, true, t(2, 4), false, t(3, 4));
            OpShapes.matmul(x, false, t(4, 3), true, t(2, 4));
            OpShapes.pool2dOutput("avgPool2d", Shape.of(1, 5, 5), 5, 1);
            OpShapes.positive("op", "n", 1);
            OpShapes.batchNormTrain(x, c3, c3, c3, c3, 0f, 1e-5f, x, c3, c3);
            OpShapes.batchNormTrain(x, c3, c3, c3, c3, 1f, Float.MIN_VALUE, x, c3, c3);
            OpShapes.batchNormEval(x, c3, c3, c3, c3, Float.MIN_VALUE, x);
            OpShapes.adamStep(x, x, x, x, 0.01f, 0f, 0f, Float.MIN_VALUE, 0f, 1);
            OpShapes.scalars(1);
            OpShapes.scalars(OpShapes.MAX_SCALARS);
            OpShapes.relativeDeviationMean(t(64, 3), c3, new int[] {0, 1, 63});
            OpShapes.relativeDeviationMean(t(4, 3), c3, new int[] {});
        });
        assertEquals(Shape.of(2, 3, 2, 1), OpShapes.pool2dOutput("avgPool2d", Shape.of(2, 3, 5, 3), 2, 2));
        assertEquals(Shape.of(1, 1, 1), OpShapes.pool2dOutput("avgPool2d", Shape.of(1, 5, 5), 5, 1));
        assertEquals(Shape.of(2, 3), OpShapes.pool2dOutput("avgPool2d", Shape.of(4, 6), 2, 2), "a bare H×W plane");
    }
}
