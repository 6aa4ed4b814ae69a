package dev.jace.backend.cpu;

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
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                CpuParallel.serially(() -> result[0] = body.get());
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failure[0] != null) {
            throw new AssertionError("on a fresh thread: " + failure[0], failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** Runs {@code body} serially on a new thread, its failure rethrown as an {@link AssertionError}. */
    static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
