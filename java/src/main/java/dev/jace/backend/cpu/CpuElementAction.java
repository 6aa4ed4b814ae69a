package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.tensor.Shape;

/**
 * The action of one element on one sample of a feature tensor, as a permutation of planes times a permutation of
 * the pixels inside a plane: {@code (e·x)[p·planeSize + q] = x[planeSource[p]·planeSize + pixelSource[q]]}.
 * For group maps {@code [C, |G|, H, W]} plane {@code c·|G| + h} comes from plane {@code c·|G| + e⁻¹h}, which
 * realises {@code (e·F)(h, x) = F(e⁻¹h, e⁻¹x)}.
 */
record CpuElementAction(int planeSize, int[] planeSource, int[] pixelSource) {

    static CpuElementAction of(GroupTable group, int e, FeatureRep rep, Shape x) {
        return switch (rep) {
            case INVARIANT -> new CpuElementAction(x.sizeFrom(1), new int[1], identity(x.sizeFrom(1)));
            case IMAGE -> new CpuElementAction(x.sizeFrom(2), identity(x.dim(1)),
                    CpuSpatialMap.source(group, e, x.dim(2), x.dim(3)));
            case GROUP_MAP -> {
                int order = group.order();
                int[] planes = new int[x.dim(1) * order];
                int inverse = group.inverseOf(e);
                for (int c = 0; c < x.dim(1); c++) {
                    for (int h = 0; h < order; h++) {
                        planes[c * order + h] = c * order + group.compose(inverse, h);
                    }
                }
                yield new CpuElementAction(x.sizeFrom(3), planes, CpuSpatialMap.source(group, e, x.dim(3), x.dim(4)));
            }
        };
    }

    /** One action per entry of {@code elements}. */
    static CpuElementAction[] of(GroupTable group, int[] elements, FeatureRep rep, Shape x) {
        CpuElementAction[] actions = new CpuElementAction[elements.length];
        for (int s = 0; s < elements.length; s++) {
            actions[s] = of(group, elements[s], rep, x);
        }
        return actions;
    }

    /**
     * How many planes from each multiple of it on the actions of {@code rep} move among themselves: a channel's
     * {@code |G|} planes for group maps, one plane otherwise.
     */
    static int closedPlanes(GroupTable group, FeatureRep rep) {
        return rep == FeatureRep.GROUP_MAP ? group.order() : 1;
    }

    int sampleSize() {
        return planeSource.length * planeSize;
    }

    /** {@code dst[dstOffset + d] = src[srcOffset + sourceOf(d)]} for one sample. */
    void gather(float[] src, int srcOffset, float[] dst, int dstOffset) {
        for (int p = 0; p < planeSource.length; p++) {
            int from = srcOffset + planeSource[p] * planeSize;
            int to = dstOffset + p * planeSize;
            for (int q = 0; q < planeSize; q++) {
                dst[to + q] = src[from + pixelSource[q]];
            }
        }
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }
}
