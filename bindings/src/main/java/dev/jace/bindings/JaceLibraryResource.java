package dev.jace.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * libjace.so from the natives jar on the classpath, extracted to a temporary file when it lives in a jar. A build that
 * left it out (native/build.sh without nvcc, or with JACE_SKIP_NATIVE=1) put the reason in {@link #ABSENT} instead.
 */
final class JaceLibraryResource {

    static final String PLATFORM = "linux-x86_64";
    static final String RESOURCE = "dev/jace/native/" + PLATFORM + "/libjace.so";
    static final String ABSENT = RESOURCE + ".absent";

    private JaceLibraryResource() {
    }

    /** A file holding libjace.so; throws {@link NativeLibraryException} explaining how to get one. */
    static Path locate() {
        return locate(JaceLibraryResource.class.getClassLoader());
    }

    static Path locate(ClassLoader classpath) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new NativeLibraryException("libjace.so is only built for " + PLATFORM + ", this JVM runs on "
                    + os + "/" + arch);
        }
        URL url = classpath.getResource(RESOURCE);
        if (url == null) {
            throw new NativeLibraryException("libjace.so not found: the classpath has no resource /" + RESOURCE
                    + "; " + whyAbsent(classpath) + " (build it on a machine with the CUDA toolkit, e.g. with"
                    + " bin/test, or set " + LibrarySearch.NATIVE_LIB_ENV + "=/path/to/libjace.so)");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new NativeLibraryException("libjace.so resource has an unusable URL " + url, e);
            }
        }
        try (InputStream in = url.openStream()) {
            Path folder = Files.createTempDirectory("jace-native-");
            folder.toFile().deleteOnExit();
            Path file = folder.resolve("libjace.so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new NativeLibraryException("could not extract libjace.so from " + url + " to a temporary file: "
                    + e.getMessage() + " (set " + LibrarySearch.NATIVE_LIB_ENV + "=/path/to/libjace.so or free"
                    + " space in java.io.tmpdir)", e);
        }
    }

    /** The reason the build wrote where it left the library out. */
    private static String whyAbsent(ClassLoader classpath) {
        URL note = classpath.getResource(ABSENT);
        if (note != null) {
            try (InputStream in = note.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                // The generic reason below still says how to get the library.
            }
        }
        return "the jace-native jar holds it only when its build found nvcc";
    }
}
