package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;
import dev.jace.tensor.Tensor;

import java.util.Collection;
import java.util.List;

/** {@link CapturedWork} of the CPU backend: the ops {@link CpuBackend#capture} recorded, run in order by a replay. */
final class CpuCapturedWork implements CapturedWork {

    private final CpuBackend backend;
    private final List<Runnable> ops;
    private final List<Tensor> uses;
    private boolean closed;

    /** @param uses the tensors the ops read or write, which must still be open at a replay */
    CpuCapturedWork(CpuBackend backend, List<Runnable> ops, Collection<Tensor> uses) {
        this.backend = backend;
        this.ops = List.copyOf(ops);
        this.uses = List.copyOf(uses);
    }

    @Override
    public void replay() {
        if (closed) {
            throw new IllegalStateException("replay of captured work after close()");
        }
        backend.refuseNesting("replay");
        CapturedWork.requireOpen(uses);
        ops.forEach(Runnable::run);
    }

    @Override
    public void close() {
        closed = true;
    }
}
