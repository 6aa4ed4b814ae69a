package dev.jace.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The headers and main library of one pip-packaged NVIDIA library (cuDNN, cuBLAS), as {@code include/} and {@code lib/}
 * folders: those of an installed {@code site-packages/nvidia/<package>}, or else the ones unpacked from a wheel file
 * ({@value #WHEELS_ENV}, default {@value #DEFAULT_WHEELS}), so the bindings can be checked against the real thing on a
 * machine without a GPU.
 *
 * @param include the folder holding the wanted header
 * @param library the library file the bindings resolve their symbols in
 */
record NvidiaComponent(Path include, Path library) {

    static final String WHEELS_ENV = "JACE_NVIDIA_WHEELS";
    static final String DEFAULT_WHEELS = "/opt/pypi-more/files";

    /**
     * What to look for: e.g. wheels named nvidia_cudnn*, holding nvidia/&lt;any&gt;/include/cudnn.h and
     * lib/libcudnn.so.9, with the {@code companions} (file names or globs) that must lie beside the library (unpacked
     * too).
     */
    record Wanted(String wheelPrefix, String header, String libraryFile, List<String> companions) {

        String missing() {
            return "no " + header + " with " + libraryFile + " under any site-packages/nvidia/*/ nor in a "
                    + wheelPrefix + "*.whl in " + wheelFolder() + " (pip install the wheel, or set " + WHEELS_ENV
                    + " to a folder of wheels)";
        }
    }

    /** The installed component, or the one unpacked from a wheel into {@code scratch}. */
    static Optional<NvidiaComponent> find(Wanted wanted, Path scratch) throws IOException {
        for (Path site : PythonSitePackages.sitePackages()) {
            for (Path lib : PythonSitePackages.childLibFolders(site.resolve("nvidia"))) {
                Path include = lib.resolveSibling("include");
                if (Files.isRegularFile(include.resolve(wanted.header()))
                        && Files.isRegularFile(lib.resolve(wanted.libraryFile()))
                        && wanted.companions().stream().allMatch(c -> !LibraryLocator.siblings(lib, c).isEmpty())) {
                    return Optional.of(new NvidiaComponent(include, lib.resolve(wanted.libraryFile())));
                }
            }
        }
        for (Path wheel : wheels(wanted.wheelPrefix())) {
            Optional<NvidiaComponent> unpacked = unpack(wheel, wanted, scratch);
            if (unpacked.isPresent()) {
                return unpacked;
            }
        }
        return Optional.empty();
    }

    private static Path wheelFolder() {
        String folder = System.getenv(WHEELS_ENV);
        return Path.of(folder == null || folder.isBlank() ? DEFAULT_WHEELS : folder);
    }

    private static List<Path> wheels(String prefix) throws IOException {
        List<Path> wheels = new ArrayList<>();
        if (!Files.isDirectory(wheelFolder())) {
            return wheels;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(wheelFolder(), prefix + "*.whl")) {
            files.forEach(wheels::add);
        }
        wheels.sort(null);
        return wheels;
    }

    /** The wheel's include folder and the library file, unpacked; empty when the wheel lacks either. */
    private static Optional<NvidiaComponent> unpack(Path wheel, Wanted wanted, Path scratch) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            Optional<String> header = entries(zip).stream()
                    .filter(name -> name.matches("nvidia/[^/]+/include/" + Pattern.quote(wanted.header())))
                    .findFirst();
            if (header.isEmpty()) {
                return Optional.empty();
            }
            String root = header.get().substring(0, header.get().indexOf("/include/"));
            String library = root + "/lib/" + wanted.libraryFile();
            if (zip.getEntry(library) == null) {
                return Optional.empty();
            }
            List<String> libraries = new ArrayList<>(List.of(library));
            for (String companion : wanted.companions()) {
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + root + "/lib/" + companion);
                List<String> matching = entries(zip).stream().filter(name -> glob.matches(Path.of(name))).toList();
                if (matching.isEmpty()) {
                    return Optional.empty();
                }
                libraries.addAll(matching);
            }
            Path target = scratch.resolve(wheel.getFileName().toString());
            for (String name : entries(zip)) {
                if (name.startsWith(root + "/include/") && !name.endsWith("/") || libraries.contains(name)) {
                    Path file = target.resolve(name);
                    Files.createDirectories(file.getParent());
                    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return Optional.of(new NvidiaComponent(target.resolve(root + "/include"), target.resolve(library)));
        }
    }

    private static List<String> entries(ZipFile zip) {
        List<String> names = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            names.add(e.nextElement().getName());
        }
        return names;
    }
}
