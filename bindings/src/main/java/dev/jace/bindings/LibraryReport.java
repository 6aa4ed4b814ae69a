package dev.jace.bindings;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link NativeLibraries} found, for {@code jace info}.
 *
 * @param libraries          one entry per library, in load order
 * @param cudaLibraryFolders folders holding the CUDA libraries found (for LD_LIBRARY_PATH)
 */
public record LibraryReport(List<Entry> libraries, List<Path> cudaLibraryFolders) {

    /**
     * @param library what it is, e.g. "cuBLAS"
     * @param found   whether it loaded
     * @param detail  where it was loaded from, or why not (with the fix)
     */
    public record Entry(String library, boolean found, String detail) {
    }

    public LibraryReport {
        libraries = List.copyOf(libraries);
        cudaLibraryFolders = List.copyOf(cudaLibraryFolders);
    }

    /** Human-readable, one library per paragraph. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Entry e : libraries) {
            out.append(String.format("%-12s %s%n", e.library(), e.found() ? e.detail()
                    : "MISSING\n" + e.detail().indent(4).stripTrailing()));
        }
        if (!cudaLibraryFolders.isEmpty()) {
            out.append("CUDA library folders: ").append(String.join(java.io.File.pathSeparator,
                    cudaLibraryFolders.stream().map(Path::toString).toList())).append(System.lineSeparator());
        }
        return out.toString();
    }
}
