package dev.jace.cli;

import dev.jace.testing.SpecialFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command whose results cannot be written to standard output fails saying so, instead of exiting 0 with none. */
class StandardOutputTest {

    /** Standard output on a full disk: every write fails. */
    private static final class FullDisk extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    private static String failure(PrintWriter out, String... args) {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(out, new PrintWriter(err), false).execute(args);
        assertEquals(1, code, String.join(" ", args) + ": " + err);
        return err.toString();
    }

    @Test
    void aFailedWriteIsAnErrorWhateverTheCommand() {
        for (List<String> args : List.of(List.of("version"), List.of("--version"), List.of("info"),
                List.of("--help"))) {
            assertEquals("jace: cannot write to standard output (the write failed)" + System.lineSeparator(),
                    failure(new PrintWriter(new FullDisk()), args.toArray(String[]::new)), args.toString());
        }
    }

    /** jace's own standard output keeps the error the PrintWriter hides, so the message says what it was. */
    @Test
    void jacesStandardOutputNamesWhatWentWrong() {
        assertEquals("jace: cannot write to standard output (No space left on device)" + System.lineSeparator(),
                failure(new StandardOutput(new FullDisk(), StandardCharsets.UTF_8), "version"));
        StringWriter err = new StringWriter();
        PrintWriter fine = new StandardOutput(OutputStream.nullOutputStream(), StandardCharsets.UTF_8);
        assertEquals(0, Main.commandLine(fine, new PrintWriter(err), false).execute("version"), err.toString());
        assertEquals("", err.toString());
    }

    /** A full device node of the test's own (never the machine's /dev/full) as the child's standard output. */
    @Test
    void aChildJvmWritingToAFullDeviceExits1SayingWhy(@TempDir Path dir) throws Exception {
        Path full = SpecialFiles.fullDevice(dir, "myfull");
        Path run = dir.resolve("run");
        CliRuns.succeeds(List.of("train", "--task", "teacher", "--size", "9", "--train", "16", "--test", "8",
                "--batch", "8", "--quiet", "--method", "ace", "--epochs", "1", "--out", run.toString()));
        Path err = dir.resolve("stderr");
        for (List<String> args : List.of(List.of("version"), List.of("eval", "--model", run.toString()))) {
            Process child = new ProcessBuilder(CliRuns.javaCommand(args)).redirectOutput(full.toFile())
                    .redirectError(err.toFile()).start();
            assertTrue(child.waitFor(120, TimeUnit.SECONDS));
            assertEquals("jace: cannot write to standard output (No space left on device)" + System.lineSeparator(),
                    Files.readString(err), args.toString());
            assertEquals(1, child.exitValue(), args.toString());
        }
        assertTrue(SpecialFiles.isSpecial(full));
    }
}
