package dev.jace.backend.cpu;

import dev.jace.backend.CapturedResources;
import dev.jace.backend.CapturedWork;

import java.util.List;

/** {@link CapturedWork} of the CPU backend: the ops {@link CpuBackend#capture} recorded, run in order by a replay. */
final class CpuCapturedWork implements CapturedWork {

    private final CpuBackend backend;
    private final List<Runnable> ops;
    private final CapturedResources uses;
    private boolean closed;

    /** @param uses the tensors and device scalars the ops read or write, which must still be open at a replay */
    CpuCapturedWork(CpuBackend backend, List<Runnable> ops, CapturedResources uses) {
        this.backend = backend;
        this.ops = List.copyOf(ops);
        this.uses = uses;
    }

    @Override
    public void replay() {
        if (closed) {
            throw new IllegalStateException("replay of captured work after close()");
        }
        backend.checkOpen("replay");
        backend.refuseNesting("replay");
        uses.requireOpen();
        ops.forEach(Runnable::run);
    }

    @Override
    public void close() {
        closed = true;
    }
}
