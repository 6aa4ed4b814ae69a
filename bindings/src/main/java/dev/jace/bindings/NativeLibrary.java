package dev.jace.bindings;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * A loaded native library.
 *
 * @param name     what it is, e.g. "cuBLAS"
 * @param location where it was loaded from (a path, or "system linker path (libcuda.so.1)")
 * @param lookup   its symbols
 */
public record NativeLibrary(String name, String location, SymbolLookup lookup) {

    /** The address of {@code symbol}; throws {@link NativeLibraryException} naming the library when absent. */
    public MemorySegment find(String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new NativeLibraryException(name + " loaded from " + location
                + " has no symbol " + symbol + "; the library is older or newer than the bindings expect"));
    }
}
