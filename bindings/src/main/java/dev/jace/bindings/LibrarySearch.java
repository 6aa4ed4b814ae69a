package dev.jace.bindings;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where {@link NativeLibraries} looks for native libraries.
 *
 * @param cudaLibs     folders searched first for CUDA libraries (each folder and its {@code *}{@code /lib}
 *                     subfolders); {@code JACE_CUDA_LIBS} in the environment
 * @param systemLinker whether to ask the dynamic linker by file name (LD_LIBRARY_PATH, /etc/ld.so.cache)
 * @param pythonWheels whether to search pip's {@code site-packages/nvidia/*}{@code /lib} folders
 * @param jaceLibrary  libjace.so to load instead of the one in the natives jar; {@code JACE_NATIVE_LIB}
 */
public record LibrarySearch(List<Path> cudaLibs, boolean systemLinker, boolean pythonWheels,
                            Optional<Path> jaceLibrary) {

    public static final String CUDA_LIBS_ENV = "JACE_CUDA_LIBS";
    public static final String NATIVE_LIB_ENV = "JACE_NATIVE_LIB";

    public LibrarySearch {
        cudaLibs = List.copyOf(cudaLibs);
    }

    /** The default: {@code JACE_CUDA_LIBS}, then the system linker path, then pip wheels; {@code JACE_NATIVE_LIB}. */
    public static LibrarySearch fromEnvironment() {
        return fromVariables(System::getenv);
    }

    /** {@link #fromEnvironment()} with the variables read through {@code variable} (null where unset). */
    static LibrarySearch fromVariables(UnaryOperator<String> variable) {
        String libs = variable.apply(CUDA_LIBS_ENV);
        List<Path> folders = libs == null ? List.of() : Arrays.stream(libs.split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        String jace = variable.apply(NATIVE_LIB_ENV);
        return new LibrarySearch(folders, true, true,
                jace == null || jace.isBlank() ? Optional.empty() : Optional.of(Path.of(jace)));
    }

    /** Only the given folders (no system linker, no wheels); libjace from the classpath. For tests and tools. */
    public static LibrarySearch onlyFolders(List<Path> folders) {
        return new LibrarySearch(folders, false, false, Optional.empty());
    }
}
