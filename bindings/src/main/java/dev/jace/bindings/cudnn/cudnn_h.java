// Written in jextract's layout; see bindings/README.md for the jextract command that regenerates it.
package dev.jace.bindings.cudnn;

import dev.jace.bindings.Downcall;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibrary;
import dev.jace.bindings.NativeLibraryException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

import static dev.jace.bindings.CTypes.*;

/**
 * Bindings of the cuDNN 9 legacy convolution API jace uses ({@code cudnn.h}: cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h; libcudnn.so.9).
 *
 * <p>Every function resolves its symbol on first call; a missing library or symbol throws
 * {@link NativeLibraryException} (never an {@code UnsatisfiedLinkError} or {@code ExceptionInInitializerError}).
 */
@SuppressWarnings({"unused", "restricted"})
public final class cudnn_h {

    private cudnn_h() {
    }

    static final Supplier<NativeLibrary> LIBRARY = () -> NativeLibraries.system().cudnn();

    private static final int CUDNN_STATUS_SUCCESS = 0;

    /** {@code cudnnStatus_t.CUDNN_STATUS_SUCCESS} = 0 */
    public static int CUDNN_STATUS_SUCCESS() {
        return CUDNN_STATUS_SUCCESS;
    }

    private static final int CUDNN_TENSOR_NCHW = 0;

    /** {@code cudnnTensorFormat_t.CUDNN_TENSOR_NCHW} = 0 */
    public static int CUDNN_TENSOR_NCHW() {
        return CUDNN_TENSOR_NCHW;
    }

    private static final int CUDNN_DATA_FLOAT = 0;

    /** {@code cudnnDataType_t.CUDNN_DATA_FLOAT} = 0 */
    public static int CUDNN_DATA_FLOAT() {
        return CUDNN_DATA_FLOAT;
    }

    private static final int CUDNN_DATA_BFLOAT16 = 9;

    /** {@code cudnnDataType_t.CUDNN_DATA_BFLOAT16} = 9 */
    public static int CUDNN_DATA_BFLOAT16() {
        return CUDNN_DATA_BFLOAT16;
    }

    private static final int CUDNN_CROSS_CORRELATION = 1;

    /** {@code cudnnConvolutionMode_t.CUDNN_CROSS_CORRELATION} = 1 */
    public static int CUDNN_CROSS_CORRELATION() {
        return CUDNN_CROSS_CORRELATION;
    }

    private static final int CUDNN_DEFAULT_MATH = 0;

    /** {@code cudnnMathType_t.CUDNN_DEFAULT_MATH} = 0 */
    public static int CUDNN_DEFAULT_MATH() {
        return CUDNN_DEFAULT_MATH;
    }

    private static final int CUDNN_TENSOR_OP_MATH = 1;

    /** {@code cudnnMathType_t.CUDNN_TENSOR_OP_MATH} = 1 */
    public static int CUDNN_TENSOR_OP_MATH() {
        return CUDNN_TENSOR_OP_MATH;
    }

    private static final int CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION = 2;

    /** {@code cudnnMathType_t.CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION} = 2 */
    public static int CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION() {
        return CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION;
    }

    private static final int CUDNN_FMA_MATH = 3;

    /** {@code cudnnMathType_t.CUDNN_FMA_MATH} = 3 */
    public static int CUDNN_FMA_MATH() {
        return CUDNN_FMA_MATH;
    }

    private static final int CUDNN_CONVOLUTION_FWD_ALGO_COUNT = 8;

    /** {@code cudnnConvolutionFwdAlgo_t.CUDNN_CONVOLUTION_FWD_ALGO_COUNT} = 8 */
    public static int CUDNN_CONVOLUTION_FWD_ALGO_COUNT() {
        return CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
    }

    private static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT = 6;

    /** {@code cudnnConvolutionBwdDataAlgo_t.CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT} = 6 */
    public static int CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT() {
        return CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
    }

    private static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT = 7;

    /** {@code cudnnConvolutionBwdFilterAlgo_t.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT} = 7 */
    public static int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT() {
        return CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
    }

    private static final int CUDNN_DETERMINISTIC = 1;

    /** {@code cudnnDeterminism_t.CUDNN_DETERMINISTIC} = 1 */
    public static int CUDNN_DETERMINISTIC() {
        return CUDNN_DETERMINISTIC;
    }

    private static final int CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM = 0;

    /** {@code cudnnConvolutionFwdAlgo_t.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM} = 0 */
    public static int CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM() {
        return CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
    }

    private static final int CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM = 1;

    /** {@code cudnnConvolutionFwdAlgo_t.CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM} = 1 */
    public static int CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM() {
        return CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM;
    }

    private static final int CUDNN_CONVOLUTION_FWD_ALGO_GEMM = 2;

    /** {@code cudnnConvolutionFwdAlgo_t.CUDNN_CONVOLUTION_FWD_ALGO_GEMM} = 2 */
    public static int CUDNN_CONVOLUTION_FWD_ALGO_GEMM() {
        return CUDNN_CONVOLUTION_FWD_ALGO_GEMM;
    }

    private static final int CUDNN_CONVOLUTION_FWD_ALGO_DIRECT = 3;

    /** {@code cudnnConvolutionFwdAlgo_t.CUDNN_CONVOLUTION_FWD_ALGO_DIRECT} = 3 */
    public static int CUDNN_CONVOLUTION_FWD_ALGO_DIRECT() {
        return CUDNN_CONVOLUTION_FWD_ALGO_DIRECT;
    }

    private static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_1 = 1;

    /** {@code cudnnConvolutionBwdDataAlgo_t.CUDNN_CONVOLUTION_BWD_DATA_ALGO_1} = 1 */
    public static int CUDNN_CONVOLUTION_BWD_DATA_ALGO_1() {
        return CUDNN_CONVOLUTION_BWD_DATA_ALGO_1;
    }

    private static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1 = 1;

    /** {@code cudnnConvolutionBwdFilterAlgo_t.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1} = 1 */
    public static int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1() {
        return CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1;
    }

    private static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3 = 3;

    /** {@code cudnnConvolutionBwdFilterAlgo_t.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3} = 3 */
    public static int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3() {
        return CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3;
    }

    private static final int CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED = 4003;

    /** {@code cudnnStatus_t.CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED} = 4003 */
    public static int CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED() {
        return CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED;
    }

    private static final int CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED = 4004;

    /** {@code cudnnStatus_t.CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED} = 4004 */
    public static int CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED() {
        return CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED;
    }

    private static final int CUDNN_CONVOLUTION_BWD_DATA_ALGO_0 = 0;

    /** {@code cudnnConvolutionBwdDataAlgo_t.CUDNN_CONVOLUTION_BWD_DATA_ALGO_0} = 0 */
    public static int CUDNN_CONVOLUTION_BWD_DATA_ALGO_0() {
        return CUDNN_CONVOLUTION_BWD_DATA_ALGO_0;
    }

    private static final int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0 = 0;

    /** {@code cudnnConvolutionBwdFilterAlgo_t.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0} = 0 */
    public static int CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0() {
        return CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0;
    }

    private static final class cudnnCreate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnCreate", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnCreate(cudnnHandle_t *handle)}. */
    public static FunctionDescriptor cudnnCreate$descriptor() {
        return cudnnCreate.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnCreate(cudnnHandle_t *handle)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnCreate$handle() {
        return cudnnCreate.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnCreate(cudnnHandle_t *handle)} */
    public static int cudnnCreate(MemorySegment handle) {
        var mh$ = cudnnCreate.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnDestroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnDestroy", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnDestroy(cudnnHandle_t handle)}. */
    public static FunctionDescriptor cudnnDestroy$descriptor() {
        return cudnnDestroy.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnDestroy(cudnnHandle_t handle)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnDestroy$handle() {
        return cudnnDestroy.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnDestroy(cudnnHandle_t handle)} */
    public static int cudnnDestroy(MemorySegment handle) {
        var mh$ = cudnnDestroy.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnSetStream {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnSetStream", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId)}. */
    public static FunctionDescriptor cudnnSetStream$descriptor() {
        return cudnnSetStream.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnSetStream$handle() {
        return cudnnSetStream.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId)} */
    public static int cudnnSetStream(MemorySegment handle, MemorySegment streamId) {
        var mh$ = cudnnSetStream.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, streamId);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnGetVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnGetVersion", DESC);
    }

    /** Descriptor of {@code size_t cudnnGetVersion(void)}. */
    public static FunctionDescriptor cudnnGetVersion$descriptor() {
        return cudnnGetVersion.DESC;
    }

    /** Downcall handle of {@code size_t cudnnGetVersion(void)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnGetVersion$handle() {
        return cudnnGetVersion.CALL.handle();
    }

    /** {@code size_t cudnnGetVersion(void)} */
    public static long cudnnGetVersion() {
        var mh$ = cudnnGetVersion.CALL.handle();
        try {
            return (long) mh$.invokeExact();
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnGetErrorString {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnGetErrorString", DESC);
    }

    /** Descriptor of {@code const char *cudnnGetErrorString(cudnnStatus_t status)}. */
    public static FunctionDescriptor cudnnGetErrorString$descriptor() {
        return cudnnGetErrorString.DESC;
    }

    /** Downcall handle of {@code const char *cudnnGetErrorString(cudnnStatus_t status)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnGetErrorString$handle() {
        return cudnnGetErrorString.CALL.handle();
    }

    /** {@code const char *cudnnGetErrorString(cudnnStatus_t status)} */
    public static MemorySegment cudnnGetErrorString(int status) {
        var mh$ = cudnnGetErrorString.CALL.handle();
        try {
            return (MemorySegment) mh$.invokeExact(status);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnCreateTensorDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnCreateTensorDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc)}. */
    public static FunctionDescriptor cudnnCreateTensorDescriptor$descriptor() {
        return cudnnCreateTensorDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnCreateTensorDescriptor$handle() {
        return cudnnCreateTensorDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t *tensorDesc)} */
    public static int cudnnCreateTensorDescriptor(MemorySegment tensorDesc) {
        var mh$ = cudnnCreateTensorDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(tensorDesc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnSetTensor4dDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnSetTensor4dDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w)}. */
    public static FunctionDescriptor cudnnSetTensor4dDescriptor$descriptor() {
        return cudnnSetTensor4dDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnSetTensor4dDescriptor$handle() {
        return cudnnSetTensor4dDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format, cudnnDataType_t dataType, int n, int c, int h, int w)} */
    public static int cudnnSetTensor4dDescriptor(MemorySegment tensorDesc, int format, int dataType, int n, int c, int h, int w) {
        var mh$ = cudnnSetTensor4dDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(tensorDesc, format, dataType, n, c, h, w);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnDestroyTensorDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnDestroyTensorDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc)}. */
    public static FunctionDescriptor cudnnDestroyTensorDescriptor$descriptor() {
        return cudnnDestroyTensorDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnDestroyTensorDescriptor$handle() {
        return cudnnDestroyTensorDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc)} */
    public static int cudnnDestroyTensorDescriptor(MemorySegment tensorDesc) {
        var mh$ = cudnnDestroyTensorDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(tensorDesc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnCreateFilterDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnCreateFilterDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc)}. */
    public static FunctionDescriptor cudnnCreateFilterDescriptor$descriptor() {
        return cudnnCreateFilterDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnCreateFilterDescriptor$handle() {
        return cudnnCreateFilterDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t *filterDesc)} */
    public static int cudnnCreateFilterDescriptor(MemorySegment filterDesc) {
        var mh$ = cudnnCreateFilterDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(filterDesc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnSetFilter4dDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnSetFilter4dDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w)}. */
    public static FunctionDescriptor cudnnSetFilter4dDescriptor$descriptor() {
        return cudnnSetFilter4dDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnSetFilter4dDescriptor$handle() {
        return cudnnSetFilter4dDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnSetFilter4dDescriptor(cudnnFilterDescriptor_t filterDesc, cudnnDataType_t dataType, cudnnTensorFormat_t format, int k, int c, int h, int w)} */
    public static int cudnnSetFilter4dDescriptor(MemorySegment filterDesc, int dataType, int format, int k, int c, int h, int w) {
        var mh$ = cudnnSetFilter4dDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(filterDesc, dataType, format, k, c, h, w);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnDestroyFilterDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnDestroyFilterDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc)}. */
    public static FunctionDescriptor cudnnDestroyFilterDescriptor$descriptor() {
        return cudnnDestroyFilterDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnDestroyFilterDescriptor$handle() {
        return cudnnDestroyFilterDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc)} */
    public static int cudnnDestroyFilterDescriptor(MemorySegment filterDesc) {
        var mh$ = cudnnDestroyFilterDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(filterDesc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnCreateConvolutionDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnCreateConvolutionDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc)}. */
    public static FunctionDescriptor cudnnCreateConvolutionDescriptor$descriptor() {
        return cudnnCreateConvolutionDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnCreateConvolutionDescriptor$handle() {
        return cudnnCreateConvolutionDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t *convDesc)} */
    public static int cudnnCreateConvolutionDescriptor(MemorySegment convDesc) {
        var mh$ = cudnnCreateConvolutionDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(convDesc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnSetConvolution2dDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnSetConvolution2dDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType)}. */
    public static FunctionDescriptor cudnnSetConvolution2dDescriptor$descriptor() {
        return cudnnSetConvolution2dDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnSetConvolution2dDescriptor$handle() {
        return cudnnSetConvolution2dDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnSetConvolution2dDescriptor(cudnnConvolutionDescriptor_t convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType)} */
    public static int cudnnSetConvolution2dDescriptor(MemorySegment convDesc, int pad_h, int pad_w, int u, int v, int dilation_h, int dilation_w, int mode, int computeType) {
        var mh$ = cudnnSetConvolution2dDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(convDesc, pad_h, pad_w, u, v, dilation_h, dilation_w, mode, computeType);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnDestroyConvolutionDescriptor {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnDestroyConvolutionDescriptor", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc)}. */
    public static FunctionDescriptor cudnnDestroyConvolutionDescriptor$descriptor() {
        return cudnnDestroyConvolutionDescriptor.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnDestroyConvolutionDescriptor$handle() {
        return cudnnDestroyConvolutionDescriptor.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc)} */
    public static int cudnnDestroyConvolutionDescriptor(MemorySegment convDesc) {
        var mh$ = cudnnDestroyConvolutionDescriptor.CALL.handle();
        try {
            return (int) mh$.invokeExact(convDesc);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnSetConvolutionMathType {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnSetConvolutionMathType", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType)}. */
    public static FunctionDescriptor cudnnSetConvolutionMathType$descriptor() {
        return cudnnSetConvolutionMathType.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnSetConvolutionMathType$handle() {
        return cudnnSetConvolutionMathType.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType)} */
    public static int cudnnSetConvolutionMathType(MemorySegment convDesc, int mathType) {
        var mh$ = cudnnSetConvolutionMathType.CALL.handle();
        try {
            return (int) mh$.invokeExact(convDesc, mathType);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnGetConvolution2dForwardOutputDim {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnGetConvolution2dForwardOutputDim", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnGetConvolution2dForwardOutputDim(const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t inputTensorDesc, const cudnnFilterDescriptor_t filterDesc, int *n, int *c, int *h, int *w)}. */
    public static FunctionDescriptor cudnnGetConvolution2dForwardOutputDim$descriptor() {
        return cudnnGetConvolution2dForwardOutputDim.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnGetConvolution2dForwardOutputDim(const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t inputTensorDesc, const cudnnFilterDescriptor_t filterDesc, int *n, int *c, int *h, int *w)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnGetConvolution2dForwardOutputDim$handle() {
        return cudnnGetConvolution2dForwardOutputDim.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnGetConvolution2dForwardOutputDim(const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t inputTensorDesc, const cudnnFilterDescriptor_t filterDesc, int *n, int *c, int *h, int *w)} */
    public static int cudnnGetConvolution2dForwardOutputDim(MemorySegment convDesc, MemorySegment inputTensorDesc, MemorySegment filterDesc, MemorySegment n, MemorySegment c, MemorySegment h, MemorySegment w) {
        var mh$ = cudnnGetConvolution2dForwardOutputDim.CALL.handle();
        try {
            return (int) mh$.invokeExact(convDesc, inputTensorDesc, filterDesc, n, c, h, w);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnFindConvolutionForwardAlgorithm {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnFindConvolutionForwardAlgorithm", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnFindConvolutionForwardAlgorithm(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults)}. */
    public static FunctionDescriptor cudnnFindConvolutionForwardAlgorithm$descriptor() {
        return cudnnFindConvolutionForwardAlgorithm.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnFindConvolutionForwardAlgorithm(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnFindConvolutionForwardAlgorithm$handle() {
        return cudnnFindConvolutionForwardAlgorithm.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnFindConvolutionForwardAlgorithm(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t *perfResults)} */
    public static int cudnnFindConvolutionForwardAlgorithm(MemorySegment handle, MemorySegment xDesc, MemorySegment wDesc, MemorySegment convDesc, MemorySegment yDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        var mh$ = cudnnFindConvolutionForwardAlgorithm.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, xDesc, wDesc, convDesc, yDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnFindConvolutionBackwardDataAlgorithm {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnFindConvolutionBackwardDataAlgorithm", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithm(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults)}. */
    public static FunctionDescriptor cudnnFindConvolutionBackwardDataAlgorithm$descriptor() {
        return cudnnFindConvolutionBackwardDataAlgorithm.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithm(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnFindConvolutionBackwardDataAlgorithm$handle() {
        return cudnnFindConvolutionBackwardDataAlgorithm.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithm(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t *perfResults)} */
    public static int cudnnFindConvolutionBackwardDataAlgorithm(MemorySegment handle, MemorySegment wDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment dxDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        var mh$ = cudnnFindConvolutionBackwardDataAlgorithm.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, wDesc, dyDesc, convDesc, dxDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnFindConvolutionBackwardFilterAlgorithm {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnFindConvolutionBackwardFilterAlgorithm", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithm(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t dwDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults)}. */
    public static FunctionDescriptor cudnnFindConvolutionBackwardFilterAlgorithm$descriptor() {
        return cudnnFindConvolutionBackwardFilterAlgorithm.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithm(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t dwDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnFindConvolutionBackwardFilterAlgorithm$handle() {
        return cudnnFindConvolutionBackwardFilterAlgorithm.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithm(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t dwDesc, const int requestedAlgoCount, int *returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t *perfResults)} */
    public static int cudnnFindConvolutionBackwardFilterAlgorithm(MemorySegment handle, MemorySegment xDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment dwDesc, int requestedAlgoCount, MemorySegment returnedAlgoCount, MemorySegment perfResults) {
        var mh$ = cudnnFindConvolutionBackwardFilterAlgorithm.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, xDesc, dyDesc, convDesc, dwDesc, requestedAlgoCount, returnedAlgoCount, perfResults);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnGetConvolutionForwardWorkspaceSize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnGetConvolutionForwardWorkspaceSize", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes)}. */
    public static FunctionDescriptor cudnnGetConvolutionForwardWorkspaceSize$descriptor() {
        return cudnnGetConvolutionForwardWorkspaceSize.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnGetConvolutionForwardWorkspaceSize$handle() {
        return cudnnGetConvolutionForwardWorkspaceSize.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnFilterDescriptor_t wDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t yDesc, cudnnConvolutionFwdAlgo_t algo, size_t *sizeInBytes)} */
    public static int cudnnGetConvolutionForwardWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment wDesc, MemorySegment convDesc, MemorySegment yDesc, int algo, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetConvolutionForwardWorkspaceSize.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, xDesc, wDesc, convDesc, yDesc, algo, sizeInBytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnGetConvolutionBackwardDataWorkspaceSize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnGetConvolutionBackwardDataWorkspaceSize", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes)}. */
    public static FunctionDescriptor cudnnGetConvolutionBackwardDataWorkspaceSize$descriptor() {
        return cudnnGetConvolutionBackwardDataWorkspaceSize.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnGetConvolutionBackwardDataWorkspaceSize$handle() {
        return cudnnGetConvolutionBackwardDataWorkspaceSize.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(cudnnHandle_t handle, const cudnnFilterDescriptor_t wDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnTensorDescriptor_t dxDesc, cudnnConvolutionBwdDataAlgo_t algo, size_t *sizeInBytes)} */
    public static int cudnnGetConvolutionBackwardDataWorkspaceSize(MemorySegment handle, MemorySegment wDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment dxDesc, int algo, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetConvolutionBackwardDataWorkspaceSize.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, wDesc, dyDesc, convDesc, dxDesc, algo, sizeInBytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnGetConvolutionBackwardFilterWorkspaceSize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnGetConvolutionBackwardFilterWorkspaceSize", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes)}. */
    public static FunctionDescriptor cudnnGetConvolutionBackwardFilterWorkspaceSize$descriptor() {
        return cudnnGetConvolutionBackwardFilterWorkspaceSize.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnGetConvolutionBackwardFilterWorkspaceSize$handle() {
        return cudnnGetConvolutionBackwardFilterWorkspaceSize.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnnHandle_t handle, const cudnnTensorDescriptor_t xDesc, const cudnnTensorDescriptor_t dyDesc, const cudnnConvolutionDescriptor_t convDesc, const cudnnFilterDescriptor_t gradDesc, cudnnConvolutionBwdFilterAlgo_t algo, size_t *sizeInBytes)} */
    public static int cudnnGetConvolutionBackwardFilterWorkspaceSize(MemorySegment handle, MemorySegment xDesc, MemorySegment dyDesc, MemorySegment convDesc, MemorySegment gradDesc, int algo, MemorySegment sizeInBytes) {
        var mh$ = cudnnGetConvolutionBackwardFilterWorkspaceSize.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, xDesc, dyDesc, convDesc, gradDesc, algo, sizeInBytes);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnConvolutionForward {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnConvolutionForward", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y)}. */
    public static FunctionDescriptor cudnnConvolutionForward$descriptor() {
        return cudnnConvolutionForward.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnConvolutionForward$handle() {
        return cudnnConvolutionForward.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnConvolutionForward(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionFwdAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t yDesc, void *y)} */
    public static int cudnnConvolutionForward(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment wDesc, MemorySegment w, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        var mh$ = cudnnConvolutionForward.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, alpha, xDesc, x, wDesc, w, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, yDesc, y);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnConvolutionBackwardData {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnConvolutionBackwardData", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx)}. */
    public static FunctionDescriptor cudnnConvolutionBackwardData$descriptor() {
        return cudnnConvolutionBackwardData.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnConvolutionBackwardData$handle() {
        return cudnnConvolutionBackwardData.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnConvolutionBackwardData(cudnnHandle_t handle, const void *alpha, const cudnnFilterDescriptor_t wDesc, const void *w, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdDataAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnTensorDescriptor_t dxDesc, void *dx)} */
    public static int cudnnConvolutionBackwardData(MemorySegment handle, MemorySegment alpha, MemorySegment wDesc, MemorySegment w, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        var mh$ = cudnnConvolutionBackwardData.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, alpha, wDesc, w, dyDesc, dy, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, dxDesc, dx);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cudnnConvolutionBackwardFilter {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_LONG, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cudnnConvolutionBackwardFilter", DESC);
    }

    /** Descriptor of {@code cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw)}. */
    public static FunctionDescriptor cudnnConvolutionBackwardFilter$descriptor() {
        return cudnnConvolutionBackwardFilter.DESC;
    }

    /** Downcall handle of {@code cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cudnnConvolutionBackwardFilter$handle() {
        return cudnnConvolutionBackwardFilter.CALL.handle();
    }

    /** {@code cudnnStatus_t cudnnConvolutionBackwardFilter(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const cudnnTensorDescriptor_t dyDesc, const void *dy, const cudnnConvolutionDescriptor_t convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void *workSpace, size_t workSpaceSizeInBytes, const void *beta, const cudnnFilterDescriptor_t dwDesc, void *dw)} */
    public static int cudnnConvolutionBackwardFilter(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x, MemorySegment dyDesc, MemorySegment dy, MemorySegment convDesc, int algo, MemorySegment workSpace, long workSpaceSizeInBytes, MemorySegment beta, MemorySegment dwDesc, MemorySegment dw) {
        var mh$ = cudnnConvolutionBackwardFilter.CALL.handle();
        try {
            return (int) mh$.invokeExact(handle, alpha, xDesc, x, dyDesc, dy, convDesc, algo, workSpace, workSpaceSizeInBytes, beta, dwDesc, dw);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
