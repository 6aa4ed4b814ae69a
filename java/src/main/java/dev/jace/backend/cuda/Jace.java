package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

/** Turns libjace's {@code jace_status} results into {@link CudaException}s. */
final class Jace {

    static final int SUCCESS = jace_h.JACE_SUCCESS();
    static final int OUT_OF_MEMORY = jace_h.JACE_ERROR_OUT_OF_MEMORY();
    static final int UNSUPPORTED = jace_h.JACE_ERROR_UNSUPPORTED();

    private Jace() {
    }

    /** Throws a {@link CudaException} naming {@code call} with jace_last_error() unless status is JACE_SUCCESS. */
    static void check(String call, int status) {
        if (status != SUCCESS) {
            String name = jace_h.jace_status_string(status).getString(0);
            String detail = jace_h.jace_last_error().getString(0);
            throw new CudaException(call, status, name + (detail.isEmpty() ? "" : ": " + detail));
        }
    }
}
