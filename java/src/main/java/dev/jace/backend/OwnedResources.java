package dev.jace.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The resources (device buffers, handles, streams) an object acquires one by one, closed newest first: all of them
 * when the object closes, and those acquired so far when its constructor fails part way, so that a failed
 * construction leaks nothing. Every close runs even when an earlier one failed.
 */
public final class OwnedResources implements AutoCloseable {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Adds {@code resource} to those closed together, and returns it. */
    public <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /**
     * Closes the resources owned so far after {@code failure} (a constructor's, which the caller then throws), adding
     * the close failures to it as suppressed.
     */
    public void closeAfter(Throwable failure) {
        for (RuntimeException e : closeEach()) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Closes every resource owned; throws the first close failure, with the later ones suppressed. */
    @Override
    public void close() {
        List<RuntimeException> failures = closeEach();
        if (failures.isEmpty()) {
            return;
        }
        RuntimeException first = failures.getFirst();
        failures.stream().skip(1).filter(e -> e != first).forEach(first::addSuppressed);
        throw first;
    }

    /** Closes and forgets every resource, newest first, each even if an earlier close failed; returns the failures. */
    private List<RuntimeException> closeEach() {
        List<RuntimeException> failures = new ArrayList<>();
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (RuntimeException e) {
                failures.add(e);
            } catch (Exception e) {
                failures.add(new IllegalStateException(e));
            }
        }
        return failures;
    }
}
