package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which files a command's output flag accepts before the command does its work. */
class OutFileTest {

    @TempDir
    Path dir;

    private static final CommandLine BENCH = CliRuns.discardingOutput().getSubcommands().get("bench");

    private static String refusal(Path file) {
        return assertThrows(ParameterException.class, () -> OutFile.check(BENCH, "--json", file)).getMessage();
    }

    @Test
    void acceptsANewFileOrOneToReplaceInAnExistingFolder() throws IOException {
        assertDoesNotThrow(() -> OutFile.check(BENCH, "--json", dir.resolve("b.json")));
        Path previous = Files.writeString(dir.resolve("old.json"), "{}");
        assertDoesNotThrow(() -> OutFile.check(BENCH, "--json", previous));
    }

    @Test
    void refusesAMissingFolderAFileAsFolderAndAFolderAsFile() throws IOException {
        Path missing = dir.resolve("missing/b.json");
        assertEquals("--json " + missing + ": no such folder " + dir.resolve("missing")
                + "; create it first or choose another path", refusal(missing));

        Path file = Files.writeString(dir.resolve("notes.txt"), "");
        assertEquals("--json " + file.resolve("b.json") + ": " + file + " is not a folder; choose another path",
                refusal(file.resolve("b.json")));

        assertEquals("--json " + dir + " is a folder; give the file to write", refusal(dir));
        assertEquals("--json must name a file, got ''", refusal(Path.of("")));
    }
}
