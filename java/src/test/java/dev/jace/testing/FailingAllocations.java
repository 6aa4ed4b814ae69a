package dev.jace.testing;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.tensor.Tensor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A {@link Backend} that passes every call on to another one and keeps what it allocates (tensors and device
 * scalars), throwing {@code failure} instead of making allocation number {@code failing} (from 1; 0: none fails).
 */
public record FailingAllocations(Backend backend, List<AutoCloseable> made, RuntimeException failure) {

    private static final Set<String> CALLS = Set.of("allocate", "upload", "scalars");

    public static FailingAllocations failingAt(Backend delegate, int failing) {
        List<AutoCloseable> made = new ArrayList<>();
        RuntimeException failure = new IllegalStateException("out of memory at allocation " + failing);
        Backend backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, call, args) -> {
                    boolean allocation = CALLS.contains(call.getName());
                    if (allocation && made.size() + 1 == failing) {
                        throw failure;
                    }
                    try {
                        Object result = call.invoke(delegate, args);
                        if (allocation) {
                            made.add((AutoCloseable) result);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new FailingAllocations(backend, made, failure);
    }

    /** What was allocated and is still open. */
    public List<AutoCloseable> open() {
        return made.stream().filter(r -> r instanceof Tensor t ? !t.isClosed() : !((DeviceScalars) r).isClosed())
                .toList();
    }

    /**
     * Makes an object with {@code make} once to count its allocations, then once with each of them failing, and checks
     * that each failure reaches the caller with everything allocated before it closed again; returns the count.
     */
    public static int checkEveryFailureClosesWhatWasMade(Backend delegate,
                                                         Function<Backend, ? extends AutoCloseable> make) {
        FailingAllocations counted = failingAt(delegate, 0);
        try {
            make.apply(counted.backend()).close();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of(), counted.open(), "close() left allocations open");
        int allocations = counted.made().size();
        for (int failing = 1; failing <= allocations; failing++) {
            FailingAllocations some = failingAt(delegate, failing);
            assertSame(some.failure(), assertThrows(RuntimeException.class, () -> make.apply(some.backend())));
            assertEquals(failing - 1, some.made().size());
            assertEquals(List.of(), some.open(), "left open when allocation " + failing + " of " + allocations
                    + " failed");
        }
        return allocations;
    }
}
