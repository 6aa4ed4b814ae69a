package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;

/**
 * {@link CapturedWork} of the CPU backend: there is no graph to record, so each replay runs the work again, with the
 * backend refusing host-side calls meanwhile, as CUDA does while capturing.
 */
final class CpuCapturedWork implements CapturedWork {

    private final CpuBackend backend;
    private final Runnable work;
    private boolean closed;

    CpuCapturedWork(CpuBackend backend, Runnable work) {
        this.backend = backend;
        this.work = work;
    }

    @Override
    public void replay() {
        if (closed) {
            throw new IllegalStateException("replay of captured work after close()");
        }
        backend.runCaptured(work);
    }

    @Override
    public void close() {
        closed = true;
    }
}
