package dev.jace.backend.cuda;

import dev.jace.backend.JaceException;

/** A libjace call returned a {@code jace_status} other than JACE_SUCCESS; the message is its jace_last_error(). */
public class CudaException extends JaceException {

    public CudaException(String call, int status, String message) {
        super(call, status, message);
    }

    /** Whether the status is JACE_ERROR_OUT_OF_MEMORY. */
    public boolean isOutOfMemory() {
        return status() == Jace.OUT_OF_MEMORY;
    }

    /** Whether the status is JACE_ERROR_UNSUPPORTED (the kernels do not handle this shape or precision). */
    public boolean isUnsupported() {
        return status() == Jace.UNSUPPORTED;
    }
}
