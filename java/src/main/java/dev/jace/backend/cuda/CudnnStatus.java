package dev.jace.backend.cuda;

import dev.jace.bindings.cudnn.cudnn_h;

/** Turns {@code cudnnStatus_t} results into {@link CudnnException}s with cudnnGetErrorString's text. */
final class CudnnStatus {

    private CudnnStatus() {
    }

    static void check(String call, int status) {
        if (status != cudnn_h.CUDNN_STATUS_SUCCESS()) {
            throw new CudnnException(call, status, cudnn_h.cudnnGetErrorString(status).getString(0));
        }
    }
}
