package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * For {@link JaceTest}, in a child JVM whose libjace handles are not linked yet: {@link #THREADS} virtual threads each
 * make a failing libjace call at once, with its own device ordinal, and check it through {@link Jace#check}. Prints
 * how many exceptions named another thread's ordinal, then up to three of them.
 */
final class LastErrorWorkload {

    static final int THREADS = 200;
    private static final int FIRST_DEVICE = 5000;

    private LastErrorWorkload() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < THREADS; i++) {
                int device = FIRST_DEVICE + i;
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        Jace.check("jace_set_device", jace_h.jace_set_device(device));
                        return "device " + device + " did not fail";
                    } catch (CudaException e) {
                        return e.getMessage().contains("device " + device + " out of range") ? null
                                : "device " + device + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
        }
        List<String> wrong = new ArrayList<>();
        for (Future<String> result : results) {
            if (result.get() != null) {
                wrong.add(result.get());
            }
        }
        System.out.println(wrong.size() + " of " + THREADS + " reported another thread's error");
        wrong.stream().limit(3).forEach(System.out::println);
    }
}
