package dev.jace.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds and loads the native libraries jace binds, once each, and remembers failures:
 * <ul>
 *   <li>libjace.so: {@code JACE_NATIVE_LIB}, else the resource {@code /dev/jace/native/linux-x86_64/libjace.so}
 *       of the natives jar (extracted to a temporary file);</li>
 *   <li>libcuda.so.1 (the driver): {@code JACE_CUDA_LIBS}, then the system linker path;</li>
 *   <li>cuBLAS (libcublas.so.12/13, after libcublasLt) and cuDNN (libcudnn.so.9, after its sub-libraries, in
 *       dependency order, so its dlopen-by-soname finds them): {@code JACE_CUDA_LIBS}, the system linker path,
 *       then pip's {@code site-packages/nvidia/*}{@code /lib}.</li>
 * </ul>
 * A library that cannot be found gives a {@link NativeLibraryException} saying which file names were looked for,
 * where, and how to fix it. Libraries stay loaded for the life of the process. Thread-safe.
 *
 * <p>Scripts that start other programs against the same libraries can put {@link #cudaLibraryFolders()} on
 * LD_LIBRARY_PATH.
 */
@SuppressWarnings("restricted") // FFM: linking and sizing native memory is what this class is for
public final class NativeLibraries {

    private static final Object SYSTEM_LOCK = new Object();
    private static volatile NativeLibraries system;

    private final LibrarySearch search;
    private final LibraryLocator locator;
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private List<Path> wheelFolders;

    /** Either a loaded library or the message of why not. */
    private record Outcome(NativeLibrary library, String failure) {
    }

    public NativeLibraries(LibrarySearch search) {
        this.search = search;
        this.locator = new LibraryLocator(search, this::wheelFolders);
    }

    /** The process-wide instance the bindings use, configured from the environment on first use. */
    public static NativeLibraries system() {
        NativeLibraries s = system;
        if (s == null) {
            synchronized (SYSTEM_LOCK) {
                s = system;
                if (s == null) {
                    s = new NativeLibraries(LibrarySearch.fromEnvironment());
                    system = s;
                }
            }
        }
        return s;
    }

    public LibrarySearch search() {
        return search;
    }

    /** libjace.so. */
    public NativeLibrary jace() {
        return get("libjace", this::loadJace);
    }

    /** libcuda.so.1, the CUDA driver. */
    public NativeLibrary cuda() {
        return get(LibrarySpec.CUDA_DRIVER.name(), () -> locator.load(LibrarySpec.CUDA_DRIVER));
    }

    /** libcublas (with libcublasLt loaded first). */
    public NativeLibrary cublas() {
        return get(LibrarySpec.CUBLAS.name(), () -> locator.load(LibrarySpec.CUBLAS));
    }

    /** libcudnn.so.9 (with cuBLAS, NVRTC and its sub-libraries loaded first where present). */
    public NativeLibrary cudnn() {
        return get(LibrarySpec.CUDNN.name(), () -> {
            optional(this::cublas);
            optional(this::nvrtc);
            return locator.load(LibrarySpec.CUDNN);
        });
    }

    private NativeLibrary nvrtc() {
        return get(LibrarySpec.NVRTC.name(), () -> locator.load(LibrarySpec.NVRTC));
    }

    /**
     * The folders holding the CUDA libraries (cuBLAS, cuDNN, NVRTC) that could be found, loading them if needed;
     * empty when none was found or all came from the system's default folders.
     */
    public List<Path> cudaLibraryFolders() {
        Set<Path> folders = new LinkedHashSet<>();
        for (Supplier<NativeLibrary> library : List.<Supplier<NativeLibrary>>of(this::cublas, this::cudnn,
                this::nvrtc)) {
            optional(library).flatMap(NativeLibraries::folderOf).ifPresent(folders::add);
        }
        return List.copyOf(folders);
    }

    /** Tries every library and says what was found where. Never throws. */
    public LibraryReport report() {
        List<LibraryReport.Entry> entries = new ArrayList<>();
        entries.add(entry("CUDA driver", this::cuda));
        entries.add(entry("libjace", this::jace));
        entries.add(entry("cuBLAS", this::cublas));
        entries.add(entry("cuDNN", this::cudnn));
        return new LibraryReport(entries, cudaLibraryFolders());
    }

    private static LibraryReport.Entry entry(String name, Supplier<NativeLibrary> library) {
        try {
            return new LibraryReport.Entry(name, true, library.get().location());
        } catch (NativeLibraryException e) {
            return new LibraryReport.Entry(name, false, e.getMessage());
        }
    }

    private static Optional<NativeLibrary> optional(Supplier<NativeLibrary> library) {
        try {
            return Optional.of(library.get());
        } catch (NativeLibraryException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> folderOf(NativeLibrary library) {
        Path path = Path.of(library.location());
        return path.isAbsolute() && path.getParent() != null ? Optional.of(path.getParent()) : Optional.empty();
    }

    private synchronized NativeLibrary get(String key, Supplier<NativeLibrary> loader) {
        Outcome outcome = outcomes.get(key);
        if (outcome == null) {
            try {
                outcome = new Outcome(loader.get(), null);
            } catch (NativeLibraryException e) {
                outcome = new Outcome(null, e.getMessage());
            }
            outcomes.put(key, outcome);
        }
        if (outcome.library() == null) {
            throw new NativeLibraryException(outcome.failure());
        }
        return outcome.library();
    }

    private synchronized List<Path> wheelFolders() {
        if (wheelFolders == null) {
            wheelFolders = PythonSitePackages.nvidiaLibFolders();
        }
        return wheelFolders;
    }

    private NativeLibrary loadJace() {
        Path file;
        String origin;
        if (search.jaceLibrary().isPresent()) {
            file = search.jaceLibrary().get().toAbsolutePath();
            origin = LibrarySearch.NATIVE_LIB_ENV + "=" + file;
            if (!Files.isRegularFile(file)) {
                throw new NativeLibraryException("libjace.so not found: " + origin + " is not a file (unset "
                        + LibrarySearch.NATIVE_LIB_ENV + " to use the one in the natives jar)");
            }
        } else {
            file = JaceLibraryResource.locate();
            origin = file.toString();
        }
        try {
            return new NativeLibrary("libjace", origin, SymbolLookup.libraryLookup(file, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new NativeLibraryException("libjace.so at " + origin + " could not be loaded (" + e.getMessage()
                    + "; a library it needs may be missing, see ldd " + file + ")", e);
        }
    }
}
