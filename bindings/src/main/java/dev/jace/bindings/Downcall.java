package dev.jace.bindings;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

/**
 * The lazily linked downcall handle of one C function. Resolution happens on the first {@link #handle()} call, so
 * loading a header class or reading a descriptor never touches the library; a missing library or symbol throws
 * {@link NativeLibraryException} at that first call (and again at each later one).
 */
@SuppressWarnings("restricted") // FFM: linking and sizing native memory is what this class is for
public final class Downcall {

    private final Supplier<NativeLibrary> library;
    private final String name;
    private final FunctionDescriptor descriptor;
    private volatile MethodHandle handle;

    private Downcall(Supplier<NativeLibrary> library, String name, FunctionDescriptor descriptor) {
        this.library = library;
        this.name = name;
        this.descriptor = descriptor;
    }

    public static Downcall of(Supplier<NativeLibrary> library, String name, FunctionDescriptor descriptor) {
        return new Downcall(library, name, descriptor);
    }

    public FunctionDescriptor descriptor() {
        return descriptor;
    }

    public MethodHandle handle() {
        MethodHandle h = handle;
        if (h == null) {
            synchronized (this) {
                h = handle;
                if (h == null) {
                    h = Linker.nativeLinker().downcallHandle(library.get().find(name), descriptor);
                    handle = h;
                }
            }
        }
        return h;
    }
}
