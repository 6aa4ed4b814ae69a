package dev.jace.backend.cuda;

import dev.jace.backend.JaceException;

/** A cuDNN call returned a {@code cudnnStatus_t} other than CUDNN_STATUS_SUCCESS; the message is cudnnGetErrorString's. */
public class CudnnException extends JaceException {

    public CudnnException(String call, int status, String message) {
        super(call, status, message);
    }
}
