package dev.jace.build;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jace's jars on a module path: each has a stable module name (dev.jace, dev.jace.bindings, dev.jace.natives; the
 * natives jar's file name gives none that Java accepts), and a module that requires dev.jace compiles, runs the CPU
 * backend, sees the natives jar's libjace.so resource where the library loader looks for it, and runs the CUDA
 * backend on the emulator where the native build made it, without a native-access warning given the README's
 * {@code --enable-native-access=dev.jace,dev.jace.bindings}.
 */
@Tag("packaged")
class ModulePathTest {

    private static final String PACKAGED_JAR = "jace.test.packagedJar";

    @TempDir
    Path app;

    @Test
    void aModuleThatRequiresJaceCompilesAndRuns() throws IOException, InterruptedException {
        String jar = System.getProperty(PACKAGED_JAR);
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "needs the packaged jars: runs in the verify"
                + " phase (bin/test), where " + PACKAGED_JAR + " names java/target/jace.jar");
        List<Path> modulePath = new ArrayList<>(List.of(Path.of(jar)));
        try (Stream<Path> lib = Files.list(Path.of(jar).resolveSibling("lib"))) {
            lib.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(modulePath::add);
        }
        Set<String> names = ModuleFinder.of(modulePath.toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(ModuleDescriptor::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("dev.jace", "dev.jace.bindings", "dev.jace.natives")), names.toString());

        Path sources = app.resolve("src");
        Files.createDirectories(sources.resolve("app"));
        Files.writeString(sources.resolve("module-info.java"), "module app { requires dev.jace; }\n");
        Files.writeString(sources.resolve("app/Main.java"), """
                package app;

                import dev.jace.backend.Backend;
                import dev.jace.backend.cpu.CpuBackend;
                import dev.jace.tensor.Shape;
                import dev.jace.tensor.Tensor;

                public class Main {
                    public static void main(String[] args) {
                        try (Backend cpu = new CpuBackend();
                             Tensor x = cpu.upload(new float[] {-1, 2, -3, 4}, Shape.of(4))) {
                            cpu.relu(x, x);
                            System.out.println(java.util.Arrays.toString(cpu.download(x)));
                        }
                        String resource = "dev/jace/native/linux-x86_64/libjace.so";
                        ClassLoader loader = ClassLoader.getSystemClassLoader();
                        boolean seen = loader.getResource(resource) != null
                                || loader.getResource(resource + ".absent") != null;
                        System.out.println("natives resource " + (seen ? "seen" : "not seen"));
                        if (!dev.jace.backend.cuda.CudaBackend.probe().available()) {
                            System.out.println("cuda unavailable");
                            return;
                        }
                        try (Backend gpu = new dev.jace.backend.cuda.CudaBackend();
                             Tensor x = gpu.upload(new float[] {-1, 2}, Shape.of(2))) {
                            gpu.relu(x, x);
                            System.out.println("cuda " + java.util.Arrays.toString(gpu.download(x)));
                        }
                    }
                }
                """);
        String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classes = app.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int compiled = javac.run(null, messages, messages, "--module-path", path, "-d", classes.toString(),
                sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
        assertEquals(0, compiled, messages.toString(StandardCharsets.UTF_8));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process run = new ProcessBuilder(java.toString(), "--enable-native-access=dev.jace,dev.jace.bindings",
                "--module-path", classes + File.pathSeparator + path, "-m", "app/app.Main")
                .redirectErrorStream(true).start();
        run.getOutputStream().close();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(1, TimeUnit.MINUTES), "the module did not end");
        assertEquals(0, run.exitValue(), output);
        // The emulator's libjace.so, where the native build made it (JACE_SKIP_NATIVE=1 leaves it out).
        String emulated = System.getenv("JACE_NATIVE_LIB");
        boolean cuda = emulated != null && Files.isRegularFile(Path.of(emulated));
        String n = System.lineSeparator();
        assertEquals("[0.0, 2.0, 0.0, 4.0]" + n + "natives resource seen" + n
                + (cuda ? "cuda [0.0, 2.0]" : "cuda unavailable") + n, output);
    }
}
