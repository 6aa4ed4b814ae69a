package dev.jace.backend;

import dev.jace.backend.ArgumentChecks.Refused;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.jace.backend.ArgumentChecks.t;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The group ops' argument checks that every backend runs first (C4: element 1 is a quarter turn, 2 a half turn). */
class GroupOpShapesTest {

    private static final GroupTable C4 = new C4().table();
    private static final GroupTable C2 = new C2().table();

    static List<Refused> refused() {
        Tensor map = t(2, 3, 4, 5, 5);
        Tensor wide = t(2, 3, 4, 5, 6);
        Tensor image = t(2, 3, 5, 5);
        Tensor liftingW = t(6, 3, 3, 3);
        Tensor groupW = t(6, 3, 4, 3, 3);
        int[] all = {0, 1, 2, 3};
        return List.of(
                new Refused("groupAction: element 1 of c4 is a quarter turn, so x needs square maps (half turns and"
                        + " flips keep any shape), got shape [2, 3, 4, 5, 6]",
                        () -> GroupOpShapes.groupAction(wide, C4, new int[] {2, 1}, FeatureRep.GROUP_MAP, t(4, 3, 4,
                                5, 6))),
                new Refused("groupAction: x should be a group feature map [N, C, 4, H, W] for c4 but has shape"
                        + " [2, 3, 2, 5, 5]",
                        () -> GroupOpShapes.groupAction(t(2, 3, 2, 5, 5), C4, all, FeatureRep.GROUP_MAP, map)),
                new Refused("groupAction: x should be an image batch [N, C, H, W] but has shape [2, 3, 4, 5, 5]",
                        () -> GroupOpShapes.groupAction(map, C4, all, FeatureRep.IMAGE, map)),
                new Refused("groupAction: out should have shape [4, 3, 4, 5, 5] but has [2, 3, 4, 5, 5]",
                        () -> GroupOpShapes.groupAction(map, C4, new int[] {0, 2}, FeatureRep.GROUP_MAP, map)),
                new Refused("groupAction: group element 4 is not in c4 (elements are 0..3), got [0, 4]",
                        () -> GroupOpShapes.groupAction(map, C4, new int[] {0, 4}, FeatureRep.GROUP_MAP, map)),
                new Refused("groupAction: 65 group elements in one call; at most 64 (libjace's limit, so every backend"
                        + " keeps it): split the list", () -> GroupOpShapes.groupAction(image, C4, new int[65],
                        FeatureRep.IMAGE, t(130, 3, 5, 5))),
                new Refused("equivarianceDeviation: 65 group elements in one call; at most 64 (libjace's limit, so"
                        + " every backend keeps it): split the list", () -> GroupOpShapes.equivarianceDeviation(
                        t(130, 3, 5, 5), image, C4, new int[65], FeatureRep.IMAGE, t(65, 2), t(2))),
                new Refused("liftingConv: group convolutions need square filters of odd size, w has shape"
                        + " [6, 3, 4, 4]",
                        () -> GroupOpShapes.liftingConv(image, t(6, 3, 4, 4), C4, Padding.SAME, map)),
                new Refused("liftingConv: group convolutions need square filters of odd size, w has shape"
                        + " [6, 3, 3, 5]",
                        () -> GroupOpShapes.liftingConv(image, t(6, 3, 3, 5), C4, Padding.SAME, map)),
                new Refused("liftingConv: c4 has quarter turns, so x needs square maps, got [2, 3, 5, 6]",
                        () -> GroupOpShapes.liftingConv(t(2, 3, 5, 6), liftingW, C4, Padding.SAME, map)),
                new Refused("liftingConvBackwardData: dx should have rank 4 but has shape [2, 3, 4, 5, 5]",
                        () -> GroupOpShapes.liftingConvBackwardData(t(2, 6, 4, 5, 5), liftingW, C4, Padding.SAME,
                                map)),
                new Refused("groupConv: group convolutions need square filters of odd size, w has shape"
                        + " [6, 3, 4, 2, 2]",
                        () -> GroupOpShapes.groupConv(map, t(6, 3, 4, 2, 2), C4, Padding.SAME, t(2, 6, 4, 5, 5))),
                new Refused("groupConv: element 1 of c4 is a quarter turn, so x needs square maps (half turns and"
                        + " flips keep any shape), got shape [2, 3, 4, 5, 6]",
                        () -> GroupOpShapes.groupConv(wide, groupW, C4, Padding.SAME, t(2, 6, 4, 5, 6))),
                new Refused("groupConvBackwardData: dy should have shape [2, 6, 4, 5, 5] but has [2, 3, 4, 5, 5]",
                        () -> GroupOpShapes.groupConvBackwardData(map, groupW, C4, Padding.SAME, map)),
                new Refused("expandLiftingFilter: group convolutions need square filters of odd size, w has shape"
                        + " [6, 3, 2, 2]",
                        () -> GroupOpShapes.expandLiftingFilter(t(6, 3, 2, 2), C4, t(24, 3, 2, 2))),
                new Refused("expandGroupFilter: group convolutions need square filters of odd size, w has shape"
                        + " [6, 3, 4, 2, 2]",
                        () -> GroupOpShapes.expandGroupFilter(t(6, 3, 4, 2, 2), C4, t(24, 12, 2, 2))),
                new Refused("expandGroupFilter: out should have shape [24, 12, 3, 3] but has [6, 3, 4, 3, 3]",
                        () -> GroupOpShapes.expandGroupFilter(groupW, C4, groupW)),
                new Refused("groupPoolBackward: dy should have shape [2, 3, 5, 5] but has [2, 3, 4, 5, 5]",
                        () -> GroupOpShapes.groupPoolBackward(map, map, PoolMode.MEAN, map)),
                new Refused("groupPoolBackward: dx should have shape [2, 3, 4, 5, 5] but has [2, 3, 5, 5]",
                        () -> GroupOpShapes.groupPoolBackward(map, image, PoolMode.MEAN, image)),
                new Refused("equivarianceDeviation: fgx should have shape [4, 3, 4, 5, 5] but has [2, 3, 4, 5, 5]",
                        () -> GroupOpShapes.equivarianceDeviation(map, map, C4, new int[] {1, 2}, FeatureRep.GROUP_MAP,
                                t(2, 2), t(2))),
                new Refused("equivarianceDeviation: deviation should have shape [2, 2] but has [2]",
                        () -> GroupOpShapes.equivarianceDeviation(t(4, 3, 4, 5, 5), map, C4, new int[] {1, 2},
                                FeatureRep.GROUP_MAP, t(2), t(2))),
                new Refused("equivarianceDeviation: norm should have shape [2] but has [2, 2]",
                        () -> GroupOpShapes.equivarianceDeviation(t(4, 3, 4, 5, 5), map, C4, new int[] {1, 2},
                                FeatureRep.GROUP_MAP, t(2, 2), t(2, 2))),
                new Refused("equivarianceDeviationBackward: group element -1 is not in c4 (elements are 0..3), got"
                        + " [-1]", () -> GroupOpShapes.equivarianceDeviationBackward(map, map, C4, new int[] {-1},
                        FeatureRep.GROUP_MAP, t(1, 2), null, map, map)),
                new Refused("equivarianceDeviationBackward: dDeviation should have shape [1, 2] but has [2]",
                        () -> GroupOpShapes.equivarianceDeviationBackward(map, map, C4, new int[] {2},
                                FeatureRep.GROUP_MAP, t(2), null, map, map)),
                new Refused("equivarianceDeviationBackward: dNorm should have shape [2] but has [1]",
                        () -> GroupOpShapes.equivarianceDeviationBackward(map, map, C4, new int[] {2},
                                FeatureRep.GROUP_MAP, t(1, 2), t(1), map, map)),
                new Refused("equivarianceDeviationBackward: dFgx should have shape [2, 3, 4, 5, 5] but has"
                        + " [2, 3, 5, 5]", () -> GroupOpShapes.equivarianceDeviationBackward(map, map, C4,
                        new int[] {2}, FeatureRep.GROUP_MAP, t(1, 2), t(2), image, map)),
                new Refused("equivarianceDeviationBackward: dFx should have shape [2, 3, 4, 5, 5] but has"
                        + " [2, 3, 5, 5]", () -> GroupOpShapes.equivarianceDeviationBackward(map, map, C4,
                        new int[] {2}, FeatureRep.GROUP_MAP, t(1, 2), t(2), map, image)));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void isRefusedWithAMessageNamingTheOpAndTheRule(Refused row) {
        row.check();
    }

    @Test
    void halfTurnsAndGroupsWithoutQuarterTurnsKeepAnyShape() {
        Tensor wide = t(2, 3, 4, 5, 6);
        assertDoesNotThrow(() -> {
            GroupOpShapes.groupAction(wide, C4, new int[] {0, 2}, FeatureRep.GROUP_MAP, t(4, 3, 4, 5, 6));
            GroupOpShapes.groupAction(t(2, 3, 5, 6), C4, new int[] {2}, FeatureRep.IMAGE, t(2, 3, 5, 6));
            GroupOpShapes.groupAction(t(2), C4, new int[] {1}, FeatureRep.INVARIANT, t(2));
            GroupOpShapes.liftingConv(t(2, 3, 5, 6), t(6, 3, 3, 3), C2, Padding.SAME, t(2, 6, 2, 5, 6));
            GroupOpShapes.groupAction(t(2, 3, 5, 6), C4, new int[GroupTable.MAX_ELEMENTS], FeatureRep.IMAGE,
                    t(2 * GroupTable.MAX_ELEMENTS, 3, 5, 6));
        });
    }

    @Test
    void outputShapes() {
        assertEquals(Shape.of(2, 6, 4, 3, 3),
                GroupOpShapes.liftingOutput("op", Shape.of(2, 3, 5, 5), Shape.of(6, 3, 3, 3), C4, Padding.VALID));
        assertEquals(Shape.of(2, 6, 4, 5, 5), GroupOpShapes.groupConvOutput("op", Shape.of(2, 3, 4, 5, 5),
                Shape.of(6, 3, 4, 3, 3), C4, Padding.SAME));
        assertEquals(Shape.of(24, 3, 5, 5), GroupOpShapes.expandedLifting("op", Shape.of(6, 3, 5, 5), C4));
        assertEquals(Shape.of(24, 12, 3, 3), GroupOpShapes.expandedGroup("op", Shape.of(6, 3, 4, 3, 3), C4));
        assertEquals(Shape.of(2, 3, 5, 6), GroupOpShapes.pooledOverGroup("op", Shape.of(2, 3, 4, 5, 6)));
    }
}
