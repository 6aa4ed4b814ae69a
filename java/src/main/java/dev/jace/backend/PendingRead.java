package dev.jace.backend;

/**
 * Values a backend copies to the host in stream order without the host waiting at once ({@link Backend#readLater},
 * {@link DeviceScalars#readLater}): the copy holds the values as of the work enqueued before it, whatever runs after.
 */
public interface PendingRead<T> {

    /**
     * The values: waits for this copy only (not for work enqueued after it), the first time. Every call returns the
     * same array, so a caller that calls again must not modify it.
     */
    T get();
}
