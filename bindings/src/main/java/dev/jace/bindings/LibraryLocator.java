package dev.jace.bindings;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds and loads one CUDA library following a {@link LibrarySearch}: its folders, then the system linker path,
 * then pip wheels. Fails with one {@link NativeLibraryException} that lists every place looked at.
 */
@SuppressWarnings("restricted") // FFM: linking and sizing native memory is what this class is for
final class LibraryLocator {

    private final LibrarySearch search;
    private final Supplier<List<Path>> wheelFolders;

    LibraryLocator(LibrarySearch search, Supplier<List<Path>> wheelFolders) {
        this.search = search;
        this.wheelFolders = wheelFolders;
    }

    /** The folders of {@link LibrarySearch#cudaLibs()} and their {@code *}{@code /lib} subfolders. */
    List<Path> explicitFolders() {
        Set<Path> folders = new LinkedHashSet<>();
        for (Path folder : search.cudaLibs()) {
            folders.add(folder.toAbsolutePath());
            folders.addAll(PythonSitePackages.childLibFolders(folder.toAbsolutePath()));
        }
        return List.copyOf(folders);
    }

    NativeLibrary load(LibrarySpec spec) {
        List<String> problems = new ArrayList<>();
        Optional<NativeLibrary> found = inFolders(spec, explicitFolders(), problems);
        if (found.isEmpty() && search.systemLinker()) {
            found = fromSystemLinker(spec, problems);
        }
        List<Path> wheels = List.of();
        if (found.isEmpty() && spec.inWheels() && search.pythonWheels()) {
            wheels = wheelFolders.get();
            found = inFolders(spec, wheels, problems);
        }
        return found.orElseThrow(() -> new NativeLibraryException(missing(spec, problems)));
    }

    private Optional<NativeLibrary> inFolders(LibrarySpec spec, List<Path> folders, List<String> problems) {
        for (Path folder : folders) {
            for (String fileName : spec.fileNames()) {
                Path file = folder.resolve(fileName);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Optional<String> lacking = loadNeeds(spec, file.toString(), need -> loadFile(folder.resolve(need)));
                if (lacking.isPresent()) {
                    problems.add(lacking.get());
                    continue;
                }
                for (String companion : spec.companions()) {
                    // Optional (e.g. a cuDNN engine needing NVRTC): the main library reports what it lacks.
                    siblings(folder, companion).forEach(LibraryLocator::loadFile);
                }
                try {
                    SymbolLookup lookup = SymbolLookup.libraryLookup(file, Arena.global());
                    return Optional.of(new NativeLibrary(spec.name(), file.toString(), lookup));
                } catch (IllegalArgumentException e) {
                    problems.add("found " + file + " but could not load it (" + e.getMessage()
                            + "): a library it needs may be missing (ldd " + file + " lists them), or it was built"
                            + " for another platform");
                }
            }
        }
        return Optional.empty();
    }

    /** The files in {@code folder} named {@code companion}, a file name or a glob such as "libx.so.13*". */
    static List<Path> siblings(Path folder, String companion) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(folder, companion)) {
            matches.forEach(files::add);
        } catch (IOException | SecurityException e) {
            return files;
        }
        files.removeIf(file -> !Files.isRegularFile(file));
        files.sort(null);
        return files;
    }

    /** Loads the libraries {@code spec} needs, each through {@code load}; why one could not be, or empty. */
    private static Optional<String> loadNeeds(LibrarySpec spec, String found,
                                              Function<String, Optional<String>> load) {
        for (String need : spec.needs()) {
            Optional<String> failure = load.apply(need);
            if (failure.isPresent()) {
                return Optional.of("found " + found + " but not its " + need + " (" + failure.get() + "), which "
                        + spec.name() + " opens only when first used, then aborting the process or failing jace's"
                        + " calls: the installation is incomplete");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> loadFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.of("no " + file);
        }
        try {
            SymbolLookup.libraryLookup(file, Arena.global());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("cannot load " + file + ": " + e.getMessage());
        }
    }

    private static Optional<String> loadName(String fileName) {
        try {
            SymbolLookup.libraryLookup(fileName, Arena.global());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("not on the system linker path: " + e.getMessage());
        }
    }

    private static Optional<NativeLibrary> fromSystemLinker(LibrarySpec spec, List<String> problems) {
        for (String fileName : spec.fileNames()) {
            try {
                SymbolLookup lookup = SymbolLookup.libraryLookup(fileName, Arena.global());
                Optional<Path> loaded = LoadedPaths.of(fileName);
                String where = loaded.map(Path::toString).orElse(fileName);
                // Beside the file, where the library's own RUNPATH ($ORIGIN) looks first; else by name.
                Optional<String> lacking = loadNeeds(spec, where, need -> loaded
                        .map(file -> file.resolveSibling(need)).filter(Files::isRegularFile)
                        .map(LibraryLocator::loadFile).orElseGet(() -> loadName(need)));
                if (lacking.isPresent()) {
                    problems.add(lacking.get());
                    continue;
                }
                return Optional.of(new NativeLibrary(spec.name(), where, lookup));
            } catch (IllegalArgumentException e) {
                // not on the linker path under this name; try the next one
            }
        }
        return Optional.empty();
    }

    private String missing(LibrarySpec spec, List<String> problems) {
        StringBuilder message = new StringBuilder(spec.name()).append(" not found: looked for ")
                .append(String.join(" or ", spec.fileNames())).append(" in\n");
        List<Path> explicit = explicitFolders();
        message.append("  1. ").append(LibrarySearch.CUDA_LIBS_ENV).append(": ")
                .append(explicit.isEmpty() ? "(none given)" : withProblems(explicit)).append('\n');
        message.append("  2. the system linker path: ").append(search.systemLinker()
                ? "LD_LIBRARY_PATH=" + Optional.ofNullable(System.getenv("LD_LIBRARY_PATH")).orElse("(unset)")
                        + " and /etc/ld.so.cache"
                : "(not searched)").append('\n');
        message.append("  3. pip wheels (site-packages/nvidia/*/lib): ");
        if (!spec.inWheels()) {
            message.append("(not shipped as a wheel)");
        } else if (!search.pythonWheels()) {
            message.append("(not searched)");
        } else {
            List<Path> wheels = wheelFolders.get();
            message.append(wheels.isEmpty() ? "no such folder in any python3 site-packages" : joined(wheels));
        }
        message.append('\n');
        for (String problem : problems) {
            message.append("  ").append(problem).append('\n');
        }
        return message.append("Fix: ").append(spec.fix()).toString();
    }

    /** The folders, each one that is none said so: a mistyped {@code JACE_CUDA_LIBS} entry shows at once. */
    private static String withProblems(List<Path> folders) {
        return String.join(", ", folders.stream().map(f -> f + (Files.isDirectory(f) ? ""
                : Files.exists(f) ? " (not a folder)" : " (no such folder)")).toList());
    }

    private static String joined(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
