package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.cli.CliRuns.Output;
import dev.jace.data.TaskKind;
import dev.jace.group.D4;
import dev.jace.io.FloatArray;
import dev.jace.io.Npy;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.testing.SpecialFiles;
import dev.jace.train.ModelSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where predict writes its outputs: a device, FIFO or standard output in place, never replaced by a regular file. */
class PredictOutputTest {

    private static final ModelSpec SPEC = new ModelSpec(TaskKind.REGRESSION, new D4(), Shape.of(1, 8, 8), true, 0);

    @TempDir
    static Path shared;

    private static Path model;
    private static Path input;
    /** What predict writes to a regular file, which every other kind of output must get too. */
    private static byte[] expected;

    @BeforeAll
    static void modelAndInput() throws IOException {
        model = shared.resolve(ModelFile.NAME);
        try (Backend cpu = new CpuBackend(); Sequential m = SPEC.build(cpu, 1)) {
            ModelFile.save(model, cpu, m, SPEC);
        }
        float[] x = new float[2 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        input = shared.resolve("x.npy");
        Npy.write(input, new FloatArray(Shape.of(2, 1, 8, 8), x));
        Path y = shared.resolve("y.npy");
        Output r = predict(y);
        assertEquals(0, r.exitCode(), r.err());
        expected = Files.readAllBytes(y);
    }

    private static Output predict(Path output) {
        return CliRuns.inThisJvm("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                output.toString());
    }

    @Test
    void aDeviceALinkToOneOrAFifoIsWrittenInPlace(@TempDir Path dir) throws Exception {
        Path sink = SpecialFiles.nullDevice(dir, "mynull");
        Path link = Files.createSymbolicLink(dir.resolve("y.npy"), sink.getFileName());
        for (Path output : List.of(sink, link)) {
            Output r = predict(output);
            assertEquals(new Output(0, "wrote [2, 1, 8, 8] to " + output + System.lineSeparator(), ""), r);
        }
        assertTrue(SpecialFiles.isSpecial(sink), "still the device");
        assertTrue(Files.isSymbolicLink(link));

        Path fifo = SpecialFiles.fifo(dir, "myfifo");
        CompletableFuture<byte[]> read = SpecialFiles.drain(fifo);
        Output r = predict(fifo);
        assertEquals(0, r.exitCode(), r.err());
        assertArrayEquals(expected, SpecialFiles.drained(read));
        assertTrue(SpecialFiles.isSpecial(fifo), "still the FIFO");
    }

    /**
     * Only the folder of a file that is replaced must be writable; a FIFO or device is written in place, so its own
     * permission is what counts (as non-root, /dev/null was refused with "cannot write in /dev").
     */
    @Test
    void aFifoInAFolderThatCannotBeWrittenIsTaken(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path fifo = SpecialFiles.fifo(locked, "myfifo");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "root writes in any folder, so nothing to check as root");
            CompletableFuture<byte[]> read = SpecialFiles.drain(fifo);
            Output r = predict(fifo);
            assertEquals(0, r.exitCode(), r.err());
            assertArrayEquals(expected, SpecialFiles.drained(read));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** --output /dev/stdout gets the NPY bytes alone: the "wrote" line goes to stderr instead of after them. */
    @Test
    void standardOutputGetsTheArrayAndStderrTheMessage(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr");
        Process child = new ProcessBuilder(CliRuns.javaCommand(List.of("predict", "--model", model.toString(),
                "--input", input.toString(), "--output", "/dev/stdout"))).redirectError(err.toFile()).start();
        byte[] out = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), Files.readString(err));
        assertArrayEquals(expected, out, Files.readString(err));
        assertEquals("wrote [2, 1, 8, 8] to /dev/stdout" + System.lineSeparator(), Files.readString(err));
    }

    /**
     * Standard output redirected to a file (> or >>) gets the array where the process writes, after what was there
     * with >>, and the shell's later output follows it: the file was replaced, so that output went to the deleted file,
     * and >> to a file that held anything was refused as not an NPY file predict could replace.
     */
    @Test
    void standardOutputRedirectedToAFileGetsTheArrayAndKeepsTheFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("stderr");
        for (boolean append : List.of(false, true)) {
            Files.writeString(out, "before\n");
            List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" && echo after", "sh"));
            command.addAll(CliRuns.javaCommand(List.of("predict", "--model", model.toString(), "--input",
                    input.toString(), "--output", "/dev/stdout")));
            Process child = new ProcessBuilder(command).redirectError(err.toFile())
                    .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(out.toFile())
                            : ProcessBuilder.Redirect.to(out.toFile())).start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), Files.readString(err));
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(append ? "before\n".getBytes(StandardCharsets.UTF_8) : new byte[0]);
            want.writeBytes(expected);
            want.writeBytes("after\n".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(want.toByteArray(), Files.readAllBytes(out), Files.readString(err));
            assertEquals("wrote [2, 1, 8, 8] to /dev/stdout" + System.lineSeparator(), Files.readString(err));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(out, err), files.sorted().toList());
            }
        }
    }
}
