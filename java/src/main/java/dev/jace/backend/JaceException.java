package dev.jace.backend;

/**
 * A native library call failed (CUDA, cuBLAS, cuDNN). Carries the name of the call and the library's status code;
 * the message includes both and the library's own description.
 */
public class JaceException extends RuntimeException {

    private final String call;
    private final int status;

    public JaceException(String call, int status, String message) {
        super(call + " failed with status " + status + ": " + message);
        this.call = call;
        this.status = status;
    }

    /** The C function that failed, e.g. "jace_conv2d_forward" or "cublasGemmEx". */
    public String call() {
        return call;
    }

    /** The library's status code. */
    public int status() {
        return status;
    }
}
