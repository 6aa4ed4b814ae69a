package dev.jace.bindings;

import dev.jace.bindings.cublas.cublas_api_h;
import dev.jace.bindings.jace.jace_h;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Library discovery reports what it looked for, where, and how to fix it; bindings fail cleanly. */
class NativeLibrariesTest {

    @Test
    void missingCublasNamesFilesPlacesAndFix(@TempDir Path empty) {
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(empty)));
        NativeLibraryException e = assertThrows(NativeLibraryException.class, libraries::cublas);
        String message = e.getMessage();
        assertTrue(message.startsWith("cuBLAS not found"), message);
        assertTrue(message.contains("libcublas.so.12") && message.contains("libcublas.so.13"), message);
        assertTrue(message.contains("JACE_CUDA_LIBS: " + empty.toAbsolutePath()), message);
        assertTrue(message.contains("system linker path: (not searched)"), message);
        assertTrue(message.contains("pip install nvidia-cublas-cu12"), message);
        assertTrue(message.contains("JACE_CUDA_LIBS=/folder/holding/libcublas.so.12"), message);
        // the failure is remembered and reported again with the same text
        assertEquals(message, assertThrows(NativeLibraryException.class, libraries::cublas).getMessage());
    }

    @Test
    void aGivenFolderThatIsNoneIsSaidSo(@TempDir Path dir) throws IOException {
        Path typo = dir.resolve("lbi");
        Path file = Files.writeString(dir.resolve("notes"), "x");
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(dir, typo, file)));
        String message = assertThrows(NativeLibraryException.class, libraries::cublas).getMessage();
        assertTrue(message.contains("JACE_CUDA_LIBS: " + dir.toAbsolutePath() + ", " + typo.toAbsolutePath()
                + " (no such folder), " + file.toAbsolutePath() + " (not a folder)\n"), message);
    }

    @Test
    void missingCudnnAndDriverNameTheirFixes(@TempDir Path empty) {
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(empty)));
        String cudnn = assertThrows(NativeLibraryException.class, libraries::cudnn).getMessage();
        assertTrue(cudnn.contains("libcudnn.so.9") && cudnn.contains("pip install nvidia-cudnn-cu13"), cudnn);
        String driver = assertThrows(NativeLibraryException.class, libraries::cuda).getMessage();
        assertTrue(driver.contains("libcuda.so.1") && driver.contains("NVIDIA driver"), driver);
        assertTrue(driver.contains("(not shipped as a wheel)"), driver);
    }

    @Test
    void unloadableFileIsReportedWithItsPath(@TempDir Path folder) throws IOException {
        Path fake = UnloadableElf.write(folder.resolve("libcublas.so.12"));
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(folder)));
        String message = assertThrows(NativeLibraryException.class, libraries::cublas).getMessage();
        assertTrue(message.contains("found " + fake.toAbsolutePath() + " but could not load it"), message);
        assertTrue(message.contains("(ldd " + fake.toAbsolutePath() + " lists them)"), message);
    }

    @Test
    void wheelLayoutUnderJaceCudaLibsIsSearched(@TempDir Path site) throws IOException {
        Path lib = Files.createDirectories(site.resolve("cublas").resolve("lib"));
        UnloadableElf.write(lib.resolve("libcublas.so.12"));
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(site)));
        String message = assertThrows(NativeLibraryException.class, libraries::cublas).getMessage();
        assertTrue(message.contains(lib.toAbsolutePath().toString()), message);
    }

    /** The cuDNN 9 shim opens its sub-libraries on the first call and aborts the JVM where one is missing. */
    @Test
    void cudnnWithoutItsSubLibrariesIsRefusedNamingTheMissingOne(@TempDir Path site) throws IOException {
        Path lib = Files.createDirectories(site.resolve("cudnn").resolve("lib"));
        Files.writeString(lib.resolve("libcudnn.so.9"), "never loaded: a needed sub-library is missing");
        UnloadableElf.write(lib.resolve("libcudnn_graph.so.9"));
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(site)));
        String message = assertThrows(NativeLibraryException.class, libraries::cudnn).getMessage();
        assertTrue(message.contains("found " + lib.toAbsolutePath().resolve("libcudnn.so.9")
                + " but not its libcudnn_graph.so.9 (cannot load "), message);
        assertTrue(message.contains("aborting the process"), message);

        Files.delete(lib.resolve("libcudnn_graph.so.9"));
        message = assertThrows(NativeLibraryException.class, new NativeLibraries(
                LibrarySearch.onlyFolders(List.of(site)))::cudnn).getMessage();
        assertTrue(message.contains("but not its libcudnn_graph.so.9 (no " + lib.toAbsolutePath()
                .resolve("libcudnn_graph.so.9") + ")"), message);
    }

    @Test
    void missingJaceLibraryOverrideIsExplained(@TempDir Path folder) {
        Path absent = folder.resolve("libjace.so");
        NativeLibraries libraries = new NativeLibraries(new LibrarySearch(List.of(), false, false,
                Optional.of(absent)));
        String message = assertThrows(NativeLibraryException.class, libraries::jace).getMessage();
        assertTrue(message.contains("JACE_NATIVE_LIB=" + absent.toAbsolutePath()), message);
    }

    @Test
    void reportNeverThrowsAndListsEveryLibrary(@TempDir Path empty) {
        NativeLibraries libraries = new NativeLibraries(LibrarySearch.onlyFolders(List.of(empty)));
        LibraryReport report = assertDoesNotThrow(libraries::report);
        assertEquals(List.of("CUDA driver", "libjace", "cuBLAS", "cuDNN"),
                report.libraries().stream().map(LibraryReport.Entry::library).toList());
        assertTrue(report.format().contains("MISSING"), report.format());
        assertTrue(report.cudaLibraryFolders().isEmpty());
    }

    @Test
    void defaultSearchReadsTheEnvironment() {
        LibrarySearch search = LibrarySearch.fromEnvironment();
        assertTrue(search.systemLinker() && search.pythonWheels());
        assertEquals(System.getenv("JACE_CUDA_LIBS") == null, search.cudaLibs().isEmpty());
    }

    @Test
    void cudaLibsIsAColonSeparatedListAndABlankVariableCountsAsUnset() {
        Map<String, String> set = Map.of("JACE_CUDA_LIBS", "/a: :/b/c::", "JACE_NATIVE_LIB", "/x/libjace.so");
        assertEquals(new LibrarySearch(List.of(Path.of("/a"), Path.of("/b/c")), true, true,
                Optional.of(Path.of("/x/libjace.so"))), LibrarySearch.fromVariables(set::get));
        Map<String, String> blank = Map.of("JACE_CUDA_LIBS", "", "JACE_NATIVE_LIB", " ");
        LibrarySearch unset = new LibrarySearch(List.of(), true, true, Optional.empty());
        assertEquals(unset, LibrarySearch.fromVariables(blank::get));
        assertEquals(unset, LibrarySearch.fromVariables(name -> null));
    }

    @Test
    void bindingOfAMissingLibraryThrowsNativeLibraryExceptionAtTheCall() {
        assumeTrue(System.getenv("JACE_NATIVE_LIB") == null, "JACE_NATIVE_LIB is set");
        // the bindings module has no natives jar on its test classpath, so libjace is never found here
        NativeLibraryException e = assertThrows(NativeLibraryException.class, jace_h::jace_version);
        assertTrue(e.getMessage().contains("libjace.so"), e.getMessage());
        // descriptors stay readable without the library
        assertEquals(1, jace_h.jace_set_device$descriptor().argumentLayouts().size());
    }

    @Test
    void cublasBindingFailsCleanlyWithoutCublas() {
        assumeTrue(noCublasAnywhere(), "cuBLAS is installed here");
        assertThrows(NativeLibraryException.class, () -> cublas_api_h.cublasCreate_v2(MemorySegment.NULL));
        assertFalse(cublas_api_h.cublasGemmEx$descriptor().returnLayout().isEmpty());
    }

    private static boolean noCublasAnywhere() {
        try {
            NativeLibraries.system().cublas();
            return false;
        } catch (NativeLibraryException e) {
            return true;
        }
    }
}
