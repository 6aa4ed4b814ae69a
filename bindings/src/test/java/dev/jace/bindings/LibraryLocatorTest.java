package dev.jace.bindings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where libraries are found and loaded from. The CUDA libraries are stood in for by copies of the JDK's
 * libsyslookup.so, a real shared object that needs only libc, renamed to their sonames; the system linker path is
 * tried with libc itself.
 */
class LibraryLocatorTest {

    private static final Path STAND_IN = Path.of(System.getProperty("java.home"), "lib", "libsyslookup.so");

    @Test
    void librariesFoundInTheGivenFoldersAreLoadedFromThereAndTheirFoldersReported(@TempDir Path dir)
            throws IOException {
        Path cublas = standIns(dir.resolve("cublas"), "libcublas.so.12", "libcublasLt.so.12");
        Path cudnn = standIns(dir.resolve("site/cudnn/lib"), "libcudnn.so.9", "libcudnn_graph.so.9",
                "libcudnn_ops.so.9", "libcudnn_cnn.so.9");
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(cublas,
                dir.resolve("site"))));

        assertEquals(cublas.resolve("libcublas.so.12").toString(), libraries.cublas().location());
        assertTrue(Files.readString(Path.of("/proc/self/maps")).contains(cublas.resolve("libcublasLt.so.12")
                .toString()), "cuBLAS's companion is loaded from its folder first");
        assertEquals(cudnn.resolve("libcudnn.so.9").toString(), libraries.cudnn().location());
        assertEquals(List.of(cublas, cudnn), libraries.cudaLibraryFolders(), "NVRTC is missing, so no folder of its");
        LibraryReport report = libraries.report();
        assertEquals(List.of(false, false, true, true), report.libraries().stream()
                .map(LibraryReport.Entry::found).toList(), report.format());
        assertTrue(report.format().contains("cuBLAS       " + cublas.resolve("libcublas.so.12") + "\n"),
                report.format());
        assertTrue(report.format().endsWith("CUDA library folders: " + cublas + ":" + cudnn + "\n"),
                report.format());
    }

    @Test
    void pipWheelFoldersAreSearchedAfterTheOthersAndListedWhenNothingIsThere(@TempDir Path dir) throws IOException {
        LibrarySearch wheelsOnly = new LibrarySearch(List.of(), false, true, Optional.empty());
        Path wheel = standIns(dir.resolve("nvidia/cublas/lib"), "libcublas.so.13");
        assertEquals(wheel.resolve("libcublas.so.13").toString(),
                new LibraryLocator(wheelsOnly, () -> List.of(wheel)).load(LibrarySpec.CUBLAS).location());

        Path empty = Files.createDirectories(dir.resolve("nvidia/cudnn/lib"));
        assertTrue(message(new LibraryLocator(wheelsOnly, () -> List.of(empty, wheel)), LibrarySpec.CUDNN)
                .contains("\n  3. pip wheels (site-packages/nvidia/*/lib): " + empty + ", " + wheel + "\n"));
        assertTrue(message(new LibraryLocator(wheelsOnly, List::of), LibrarySpec.CUDNN)
                .contains("\n  3. pip wheels (site-packages/nvidia/*/lib): no such folder in any python3"
                        + " site-packages\n"));
        assertTrue(message(new LibraryLocator(LibrarySearch.onlyFolders(List.of()), () -> List.of(wheel)),
                LibrarySpec.CUBLAS).contains("\n  3. pip wheels (site-packages/nvidia/*/lib): (not searched)\n"));
    }

    @Test
    void theSystemLinkerPathGivesWhereTheLibraryWasLoadedFromAndLoadsWhatItNeedsBesideIt() throws IOException {
        LibrarySearch linkerOnly = new LibrarySearch(List.of(), true, false, Optional.empty());
        LibraryLocator locator = new LibraryLocator(linkerOnly, List::of);
        Path libc = Path.of(locator.load(spec("libc.so.6", List.of("libm.so.6"))).location());
        assertTrue(libc.isAbsolute() && libc.endsWith("libc.so.6") && Files.isRegularFile(libc), libc.toString());

        String lacking = message(locator, spec("libc.so.6", List.of("libjace-absent.so.1")));
        assertTrue(lacking.contains("found " + libc + " but not its libjace-absent.so.1 (not on the system linker"
                + " path: "), lacking);
        assertTrue(message(locator, spec("libjace-absent.so.1", List.of()))
                .contains("\n  2. the system linker path: LD_LIBRARY_PATH="));
    }

    @Test
    void libjaceGivenByItsVariableIsLoadedFromThatFile(@TempDir Path dir) throws IOException {
        Path file = standIns(dir, "libjace.so").resolve("libjace.so");
        NativeLibraries libraries = new NativeLibraries(new LibrarySearch(List.of(), false, false,
                Optional.of(file)));
        assertEquals("JACE_NATIVE_LIB=" + file, libraries.jace().location());
    }

    private static LibrarySpec spec(String fileName, List<String> needs) {
        return new LibrarySpec("test library", List.of(fileName), needs, needs, false, "the test's fix");
    }

    private static String message(LibraryLocator locator, LibrarySpec spec) {
        return assertThrows(NativeLibraryException.class, () -> locator.load(spec)).getMessage();
    }

    /** {@code folder} (created) holding a stand-in under each of {@code names}. */
    private static Path standIns(Path folder, String... names) throws IOException {
        Files.createDirectories(folder);
        for (String name : names) {
            Files.copy(STAND_IN, folder.resolve(name));
        }
        return folder.toAbsolutePath();
    }
}
