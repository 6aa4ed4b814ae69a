// Written in jextract's layout; see bindings/README.md for the jextract command that regenerates it.
package dev.jace.bindings.cuda;

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
 * Bindings of the few CUDA driver API functions ({@code cuda.h}, libcuda.so.1) used to discover devices without libjace.
 *
 * <p>Every function resolves its symbol on first call; a missing library or symbol throws
 * {@link NativeLibraryException} (never an {@code UnsatisfiedLinkError} or {@code ExceptionInInitializerError}).
 */
@SuppressWarnings({"unused", "restricted"})
public final class cuda_h {

    private cuda_h() {
    }

    static final Supplier<NativeLibrary> LIBRARY = () -> NativeLibraries.system().cuda();

    private static final int CUDA_SUCCESS = 0;

    /** {@code CUresult.CUDA_SUCCESS} = 0 */
    public static int CUDA_SUCCESS() {
        return CUDA_SUCCESS;
    }

    private static final int CUDA_ERROR_NOT_INITIALIZED = 3;

    /** {@code CUresult.CUDA_ERROR_NOT_INITIALIZED} = 3 */
    public static int CUDA_ERROR_NOT_INITIALIZED() {
        return CUDA_ERROR_NOT_INITIALIZED;
    }

    private static final int CUDA_ERROR_NO_DEVICE = 100;

    /** {@code CUresult.CUDA_ERROR_NO_DEVICE} = 100 */
    public static int CUDA_ERROR_NO_DEVICE() {
        return CUDA_ERROR_NO_DEVICE;
    }

    private static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;

    /** {@code CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT} = 16 */
    public static int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT() {
        return CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
    }

    private static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;

    /** {@code CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} = 75 */
    public static int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR() {
        return CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
    }

    private static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    /** {@code CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR} = 76 */
    public static int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR() {
        return CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
    }

    private static final class cuInit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuInit", DESC);
    }

    /** Descriptor of {@code CUresult cuInit(unsigned int Flags)}. */
    public static FunctionDescriptor cuInit$descriptor() {
        return cuInit.DESC;
    }

    /** Downcall handle of {@code CUresult cuInit(unsigned int Flags)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuInit$handle() {
        return cuInit.CALL.handle();
    }

    /** {@code CUresult cuInit(unsigned int Flags)} */
    public static int cuInit(int Flags) {
        var mh$ = cuInit.CALL.handle();
        try {
            return (int) mh$.invokeExact(Flags);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDriverGetVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuDriverGetVersion", DESC);
    }

    /** Descriptor of {@code CUresult cuDriverGetVersion(int *driverVersion)}. */
    public static FunctionDescriptor cuDriverGetVersion$descriptor() {
        return cuDriverGetVersion.DESC;
    }

    /** Downcall handle of {@code CUresult cuDriverGetVersion(int *driverVersion)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuDriverGetVersion$handle() {
        return cuDriverGetVersion.CALL.handle();
    }

    /** {@code CUresult cuDriverGetVersion(int *driverVersion)} */
    public static int cuDriverGetVersion(MemorySegment driverVersion) {
        var mh$ = cuDriverGetVersion.CALL.handle();
        try {
            return (int) mh$.invokeExact(driverVersion);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGetCount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuDeviceGetCount", DESC);
    }

    /** Descriptor of {@code CUresult cuDeviceGetCount(int *count)}. */
    public static FunctionDescriptor cuDeviceGetCount$descriptor() {
        return cuDeviceGetCount.DESC;
    }

    /** Downcall handle of {@code CUresult cuDeviceGetCount(int *count)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuDeviceGetCount$handle() {
        return cuDeviceGetCount.CALL.handle();
    }

    /** {@code CUresult cuDeviceGetCount(int *count)} */
    public static int cuDeviceGetCount(MemorySegment count) {
        var mh$ = cuDeviceGetCount.CALL.handle();
        try {
            return (int) mh$.invokeExact(count);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGet {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuDeviceGet", DESC);
    }

    /** Descriptor of {@code CUresult cuDeviceGet(CUdevice *device, int ordinal)}. */
    public static FunctionDescriptor cuDeviceGet$descriptor() {
        return cuDeviceGet.DESC;
    }

    /** Downcall handle of {@code CUresult cuDeviceGet(CUdevice *device, int ordinal)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuDeviceGet$handle() {
        return cuDeviceGet.CALL.handle();
    }

    /** {@code CUresult cuDeviceGet(CUdevice *device, int ordinal)} */
    public static int cuDeviceGet(MemorySegment device, int ordinal) {
        var mh$ = cuDeviceGet.CALL.handle();
        try {
            return (int) mh$.invokeExact(device, ordinal);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGetName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuDeviceGetName", DESC);
    }

    /** Descriptor of {@code CUresult cuDeviceGetName(char *name, int len, CUdevice dev)}. */
    public static FunctionDescriptor cuDeviceGetName$descriptor() {
        return cuDeviceGetName.DESC;
    }

    /** Downcall handle of {@code CUresult cuDeviceGetName(char *name, int len, CUdevice dev)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuDeviceGetName$handle() {
        return cuDeviceGetName.CALL.handle();
    }

    /** {@code CUresult cuDeviceGetName(char *name, int len, CUdevice dev)} */
    public static int cuDeviceGetName(MemorySegment name, int len, int dev) {
        var mh$ = cuDeviceGetName.CALL.handle();
        try {
            return (int) mh$.invokeExact(name, len, dev);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceTotalMem_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuDeviceTotalMem_v2", DESC);
    }

    /** Descriptor of {@code CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)}. */
    public static FunctionDescriptor cuDeviceTotalMem_v2$descriptor() {
        return cuDeviceTotalMem_v2.DESC;
    }

    /** Downcall handle of {@code CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuDeviceTotalMem_v2$handle() {
        return cuDeviceTotalMem_v2.CALL.handle();
    }

    /** {@code CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)} */
    public static int cuDeviceTotalMem_v2(MemorySegment bytes, int dev) {
        var mh$ = cuDeviceTotalMem_v2.CALL.handle();
        try {
            return (int) mh$.invokeExact(bytes, dev);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuDeviceGetAttribute {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuDeviceGetAttribute", DESC);
    }

    /** Descriptor of {@code CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)}. */
    public static FunctionDescriptor cuDeviceGetAttribute$descriptor() {
        return cuDeviceGetAttribute.DESC;
    }

    /** Downcall handle of {@code CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuDeviceGetAttribute$handle() {
        return cuDeviceGetAttribute.CALL.handle();
    }

    /** {@code CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)} */
    public static int cuDeviceGetAttribute(MemorySegment pi, int attrib, int dev) {
        var mh$ = cuDeviceGetAttribute.CALL.handle();
        try {
            return (int) mh$.invokeExact(pi, attrib, dev);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class cuGetErrorString {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final Downcall CALL = Downcall.of(LIBRARY, "cuGetErrorString", DESC);
    }

    /** Descriptor of {@code CUresult cuGetErrorString(CUresult error, const char **pStr)}. */
    public static FunctionDescriptor cuGetErrorString$descriptor() {
        return cuGetErrorString.DESC;
    }

    /** Downcall handle of {@code CUresult cuGetErrorString(CUresult error, const char **pStr)}; throws {@link NativeLibraryException} when the symbol is absent. */
    public static MethodHandle cuGetErrorString$handle() {
        return cuGetErrorString.CALL.handle();
    }

    /** {@code CUresult cuGetErrorString(CUresult error, const char **pStr)} */
    public static int cuGetErrorString(int error, MemorySegment pStr) {
        var mh$ = cuGetErrorString.CALL.handle();
        try {
            return (int) mh$.invokeExact(error, pStr);
        } catch (RuntimeException | Error ex$) {
            throw ex$;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
