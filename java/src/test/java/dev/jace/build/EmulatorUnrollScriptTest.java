package dev.jace.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * native/emu/unroll.pl, which gives the CPU emulator's g++ build CUDA's unroll pragmas in GCC's spelling (g++ ignores
 * CUDA's): every line stays in its place, so compiler messages keep the kernel source's line numbers.
 */
class EmulatorUnrollScriptTest {

    private static final Path SCRIPT = Path.of("..", "native", "emu", "unroll.pl").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void cudaUnrollPragmasBecomeGccsWithTheirCountOrAFullUnroll() throws Exception {
        List<String> source = List.of(
                "    #pragma unroll",
                "    for (int i = 0; i < 4; ++i) acc[i] = 0.f;",
                "#pragma unroll 4",
                "\t#pragma  unroll (BK / 4) // the tiles",
                "#pragma unroll /* every row */",
                "#pragma unrolled",
                "// #pragma unroll",
                "x = 1; #pragma unroll");

        assertEquals(List.of(
                "    #pragma GCC unroll 64",
                "    for (int i = 0; i < 4; ++i) acc[i] = 0.f;",
                "#pragma GCC unroll 4",
                "\t#pragma GCC unroll (BK / 4) // the tiles",
                "#pragma GCC unroll 64 /* every row */",
                "#pragma unrolled",
                "// #pragma unroll",
                "x = 1; #pragma unroll"), rewrite(source));
    }

    private List<String> rewrite(List<String> source) throws Exception {
        Path input = dir.resolve("kernel.cuh");
        Files.write(input, source);
        Process process = new ProcessBuilder("perl", SCRIPT.toString(), input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), "unroll.pl did not end");
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }
}
