package dev.jace.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path file = dir.resolve("state.json");
        AtomicFiles.writeString(file, "first ✓");
        assertEquals("first ✓", Files.readString(file, StandardCharsets.UTF_8));
        AtomicFiles.writeBytes(file, new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void failingWriterLeavesOldContentAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        AtomicFiles.writeString(file, "old content");
        IOException failure = new IOException("disk on fire");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[200_000]);
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals("old content", Files.readString(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void uncheckedFailureAlsoLeavesOldContent() throws IOException {
        Path file = dir.resolve("summary.json");
        AtomicFiles.writeString(file, "old");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new UncheckedIOException(new IOException("boom"));
        }));
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), listDir());
    }

    @Test
    void failureOnNewFileLeavesNothing() throws IOException {
        Path file = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            throw new IOException("no");
        }));
        assertEquals(List.of(), listDir());
    }

    @Test
    void relativePathsWork() throws IOException {
        Path file = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.txt"));
        AtomicFiles.writeString(file, "x");
        assertEquals("x", Files.readString(dir.resolve("rel.txt")));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
