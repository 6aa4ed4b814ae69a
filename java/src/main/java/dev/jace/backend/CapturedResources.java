package dev.jace.backend;

import dev.jace.tensor.Tensor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The tensors and blocks of device scalars that captured work uses (each once, by identity), collected while it is
 * captured: the work reads their memory at every replay, so a replay must be refused once one of them was closed.
 */
public final class CapturedResources {

    private final Set<Tensor> tensors = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<DeviceScalars> scalars = Collections.newSetFromMap(new IdentityHashMap<>());

    public void add(Tensor t) {
        tensors.add(t);
    }

    public void add(DeviceScalars block) {
        scalars.add(block);
    }

    /** Throws {@link IllegalStateException} when one of them was closed since capture. */
    public void requireOpen() {
        for (Tensor t : tensors) {
            if (t.isClosed()) {
                throw new IllegalStateException("captured work uses a tensor closed since capture (" + t
                        + "); capture it again");
            }
        }
        for (DeviceScalars s : scalars) {
            if (s.isClosed()) {
                throw new IllegalStateException("captured work uses device scalars closed since capture; capture it "
                        + "again");
            }
        }
    }
}
