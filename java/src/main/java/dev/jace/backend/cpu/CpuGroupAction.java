package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.tensor.Tensor;

/** {@code out[s·N + n] = elements[s] · x[n]} by index gathering (see {@link CpuElementAction}). */
final class CpuGroupAction {

    private CpuGroupAction() {
    }

    static void apply(Tensor x, GroupTable group, int[] elements, FeatureRep rep, Tensor out) {
        float[] src = CpuBackend.array(x);
        float[] dst = CpuBackend.array(out);
        int n = x.shape().dim(0);
        CpuElementAction[] actions = CpuElementAction.of(group, elements, rep, x.shape());
        int sample = actions[0].sampleSize();
        CpuParallel.forRange(elements.length * n, sample, i ->
                actions[i / n].gather(src, (i % n) * sample, dst, i * sample));
    }
}
