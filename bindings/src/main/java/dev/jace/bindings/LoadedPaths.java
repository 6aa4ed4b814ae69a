package dev.jace.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the dynamic linker actually loaded a library from, read from {@code /proc/self/maps}. */
final class LoadedPaths {

    private LoadedPaths() {
    }

    /**
     * The mapped file whose name starts with {@code fileName} up to its ".so" (so "libcuda.so.1" matches the
     * "libcuda.so.550.54.15" it links to), if any.
     */
    static Optional<Path> of(String fileName) {
        int so = fileName.indexOf(".so");
        String stem = so < 0 ? fileName : fileName.substring(0, so + 3);
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        for (String line : maps) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            Path path = Path.of(line.substring(slash).strip());
            Path name = path.getFileName();
            if (name != null && name.toString().startsWith(stem)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
