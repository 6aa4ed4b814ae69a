package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.group.Group;
import dev.jace.tensor.Tensor;

/** Applies group elements to a batch: {@code out[s·N + n] = elements[s] · x[n]}. The caller closes the result. */
public final class GroupActions {

    private GroupActions() {
    }

    /** Every element of the group, in index order: {@code [|G|·N, ...]}. */
    public static Tensor apply(Backend backend, Group group, Tensor x, FeatureRep rep) {
        return apply(backend, group, group.allElements(), x, rep);
    }

    /** The chosen elements: {@code [|S|·N, ...]}. */
    public static Tensor apply(Backend backend, Group group, int[] elements, Tensor x, FeatureRep rep) {
        Tensor out = backend.allocate(x.shape().withDim0(elements.length * x.shape().dim(0)));
        try {
            backend.groupAction(x, group.table(), elements, rep, out);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
