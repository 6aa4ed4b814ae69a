package dev.jace.bindings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code site-packages/nvidia/<package>/lib} folders that pip's {@code nvidia-*} wheels install, by asking
 * {@code python3} for its site-packages folders (with a timeout) and by looking at the usual places.
 */
final class PythonSitePackages {

    private static final long PYTHON_TIMEOUT_SECONDS = 10;
    private static final String PYTHON_SCRIPT =
            "import site, sys\n"
                    + "paths = list(getattr(site, 'getsitepackages', lambda: [])())\n"
                    + "paths.append(site.getusersitepackages())\n"
                    + "paths.extend(sys.path)\n"
                    + "print('\\n'.join(p for p in paths if p))\n";

    private PythonSitePackages() {
    }

    /** Existing {@code nvidia/*}{@code /lib} folders under every site-packages folder found. */
    static List<Path> nvidiaLibFolders() {
        List<Path> folders = new ArrayList<>();
        for (Path site : sitePackages()) {
            folders.addAll(childLibFolders(site.resolve("nvidia")));
        }
        return folders;
    }

    /** {@code folder/*}{@code /lib} for every subfolder that has one, sorted. */
    static List<Path> childLibFolders(Path folder) {
        List<Path> libs = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return libs;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                if (Files.isDirectory(child.resolve("lib"))) {
                    libs.add(child.resolve("lib"));
                }
            }
        } catch (IOException | SecurityException e) {
            return libs;
        }
        libs.sort(null);
        return libs;
    }

    static List<Path> sitePackages() {
        Set<Path> sites = new LinkedHashSet<>(fromPython());
        String home = System.getProperty("user.home");
        for (String prefix : new String[] {System.getenv("VIRTUAL_ENV"), System.getenv("CONDA_PREFIX"),
                "/usr/local", "/usr", home == null ? null : home + "/.local"}) {
            if (prefix != null && !prefix.isBlank()) {
                for (Path python : pythonFolders(Path.of(prefix, "lib"))) {
                    sites.add(python.resolve("site-packages"));
                    sites.add(python.resolve("dist-packages"));
                }
            }
        }
        sites.add(Path.of("/usr/lib/python3/dist-packages"));
        return sites.stream().filter(Files::isDirectory).toList();
    }

    /** {@code lib/python3*} folders. */
    private static List<Path> pythonFolders(Path lib) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(lib)) {
            return found;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(lib, "python3*")) {
            children.forEach(found::add);
        } catch (IOException | SecurityException e) {
            return found;
        }
        return found;
    }

    /** The folders python3 reports, or none when python3 is absent, fails or takes too long. */
    private static List<Path> fromPython() {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", PYTHON_SCRIPT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        try {
            if (!process.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return List.of();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<Path> paths = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    paths.add(Path.of(line.strip()));
                }
            }
            return paths;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            process.destroyForcibly();
        }
    }
}
