package dev.jace.backend.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs test code on a new thread, every parallel loop of it serially there, so that it starts with empty
 * {@link CpuScratch} slots: a driver that asks for less scratch than it uses fails there, while on a thread whose
 * slots earlier, larger calls grew it would pass.
 */
final class FreshThread {

    private FreshThread() {
    }

    /** What {@code body} returns, run serially on a new thread; its failure rethrown as an {@link AssertionError}. */
    static <T> T call(Supplier<T> body) {
        FutureTask<T> task = new FutureTask<>(() -> {
            AtomicReference<T> result = new AtomicReference<>();
            CpuParallel.serially(() -> result.set(body.get()));
            return result.get();
        });
        new Thread(task).start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw new AssertionError("on a fresh thread: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code body} serially on a new thread, its failure rethrown as an {@link AssertionError}. */
    static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
