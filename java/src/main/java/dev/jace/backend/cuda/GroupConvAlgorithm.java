package dev.jace.backend.cuda;

/** How {@link CudaBackend} runs lifting and group convolutions. */
public enum GroupConvAlgorithm {
    /** Time {@link #DIRECT} and {@link #EXPANDED} once per (op, shape, precision) and keep the faster. */
    AUTO,
    /** libjace's jace_lifting_conv_* / jace_group_conv_* kernels. */
    DIRECT,
    /** Expand the filter bank (jace_expand_*_filter), run a plain convolution (cuDNN or libjace), adjoint for dw. */
    EXPANDED
}
