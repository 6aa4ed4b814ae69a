package dev.jace.backend.cuda;

import dev.jace.backend.JaceException;

/** A cuBLAS call returned a {@code cublasStatus_t} other than CUBLAS_STATUS_SUCCESS. */
public class CublasException extends JaceException {

    public CublasException(String call, int status, String message) {
        super(call, status, message);
    }
}
