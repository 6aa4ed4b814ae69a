package dev.jace.backend.cuda;

import dev.jace.bindings.NativeLibraryException;
import dev.jace.bindings.jace.jace_h;

/** Turns libjace's {@code jace_status} results into {@link CudaException}s. */
final class Jace {

    static final int SUCCESS = jace_h.JACE_SUCCESS();
    static final int OUT_OF_MEMORY = jace_h.JACE_ERROR_OUT_OF_MEMORY();
    static final int UNSUPPORTED = jace_h.JACE_ERROR_UNSUPPORTED();

    static {
        // Linked here, where a virtual thread keeps its carrier, so that check's read takes no lock (see check).
        try {
            jace_h.jace_last_error$handle();
        } catch (NativeLibraryException e) {
            // No libjace: no call can fail with a status, and check would report the library if one did.
        }
    }

    private Jace() {
    }

    /**
     * Throws a {@link CudaException} naming {@code call} with jace_last_error() unless status is JACE_SUCCESS. That
     * message is the C thread's, so it is read first: a virtual thread that blocks before reading it (on a lock, as
     * another call's first linking takes one) may go on on another carrier thread and read that thread's failure.
     */
    static void check(String call, int status) {
        if (status != SUCCESS) {
            String detail = jace_h.jace_last_error().getString(0);
            String name = jace_h.jace_status_string(status).getString(0);
            throw new CudaException(call, status, name + (detail.isEmpty() ? "" : ": " + detail));
        }
    }
}
