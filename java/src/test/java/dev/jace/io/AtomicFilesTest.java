package dev.jace.io;

import dev.jace.testing.SpecialFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Only the temporary files of the names given go: not the files, not another name's, not a folder. */
    @Test
    void deletesLeftoversOfTheNamesGiven() throws IOException {
        List<String> kept = List.of("state.json", ".state.json.7.tmp.bak", ".other.json.8.tmp", ".state.jsonx.9.tmp",
                "state.json.10.tmp");
        for (String name : kept) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.createDirectory(dir.resolve(".state.json.folder.tmp"));
        Files.writeString(dir.resolve(".state.json.123.tmp"), "cut short");
        Files.writeString(dir.resolve(".model.safetensors.456.tmp"), "cut short");
        AtomicFiles.deleteLeftovers(dir, List.of("state.json", "model.safetensors"));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(Stream.concat(kept.stream(), Stream.of(".state.json.folder.tmp")).sorted().toList(),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** A child JVM that writes args[0] atomically and creates args[1] directly, to compare their permissions. */
    static final class TwoWriters {
        public static void main(String[] args) throws IOException {
            AtomicFiles.writeString(Path.of(args[0]), "{}");
            Files.createFile(Path.of(args[1]));
        }
    }

    /**
     * The permissions a file created directly gets, under a umask that leaves the group's write bit (002), which
     * createTempFile alone (owner only) or a fixed rw-r--r-- would not give.
     */
    @Test
    void writtenFilesHaveThePermissionsTheUmaskGives() throws Exception {
        Path file = dir.resolve("summary.json");
        Path plain = dir.resolve("plain");
        Process child = new ProcessBuilder("sh", "-c", "umask 002 && exec \"$0\" \"$@\"",
                ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                TwoWriters.class.getName(), file.toString(), plain.toString()).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    /**
     * As a file rewritten in place would: an executable stays executable, a private file private, and the new content
     * is the owner's only until it takes the file's place.
     */
    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        for (String mode : List.of("rwxr-x---", "rw-------", "r--r--r--")) {
            Path file = dir.resolve(mode.replace('-', '_'));
            Files.writeString(file, "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            AtomicFiles.write(file, out -> {
                out.write("new".getBytes(StandardCharsets.UTF_8));
                try (Stream<Path> files = Files.list(dir)) {
                    Path tmp = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).findFirst()
                            .orElseThrow();
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)));
                }
            });
            assertEquals("new", Files.readString(file));
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    /** A link is written through, as numpy.save and writing in place do: the file it names is replaced, not it. */
    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path real = data.resolve("y.npy");
        Files.writeString(real, "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("y.npy"), Path.of("data", "y.npy"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("z.npy"), link);
        AtomicFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        AtomicFiles.writeString(linkToLink, "newer");
        assertTrue(Files.isSymbolicLink(linkToLink) && Files.isSymbolicLink(link));
        assertEquals("newer", Files.readString(real));
        try (Stream<Path> files = Files.list(data)) {
            assertEquals(List.of(real), files.toList(), "the temporary file was beside the file it replaced");
        }

        Path dangling = Files.createSymbolicLink(dir.resolve("new.npy"), Path.of("data", "made.npy"));
        AtomicFiles.writeString(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(data.resolve("made.npy")));

        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.writeString(loop, "x"));
        assertEquals(loop + ": leads through more than 40 symbolic links (a loop?); give the path of a file to write",
                e.getMessage());
    }

    /**
     * A device or FIFO (also through a link) is written in place, as numpy.save would, and never renamed over: that
     * turned the null device a run wrote to into a regular file. Every entry point goes through the same check.
     */
    @Test
    void aDeviceOrFifoIsWrittenInPlaceAndNeverReplaced() throws Exception {
        Path sink = SpecialFiles.nullDevice(dir, "mynull");
        Path link = Files.createSymbolicLink(dir.resolve("y.npy"), sink.getFileName());
        for (Path target : List.of(sink, link)) {
            AtomicFiles.writeString(target, "text");
            AtomicFiles.writeBytes(target, new byte[]{1, 2, 3});
            AtomicFiles.write(target, out -> out.write(new byte[200_000]));
        }
        assertTrue(SpecialFiles.isSpecial(sink), "still the device");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of(sink, link), listDir(), "no temporary file left");

        Path fifo = SpecialFiles.fifo(dir, "myfifo");
        CompletableFuture<byte[]> read = SpecialFiles.drain(fifo);
        AtomicFiles.writeString(fifo, "through the pipe ✓");
        assertEquals("through the pipe ✓", new String(SpecialFiles.drained(read), StandardCharsets.UTF_8));
        assertTrue(SpecialFiles.isSpecial(fifo), "still the FIFO");
        assertEquals(List.of(fifo, sink, link), listDir());
    }

    /** A child JVM that writes "N PATH" to each PATH of its arguments in turn, then prints "printed". */
    static final class DescriptorWriter {
        public static void main(String[] args) throws IOException {
            for (int i = 0; i < args.length; i++) {
                AtomicFiles.writeString(Path.of(args[i]), (i + 1) + " " + args[i] + "\n");
            }
            System.out.println("printed");
        }
    }

    /**
     * Standard output redirected to a regular file is written where the process writes, as bash's own redirection
     * to /dev/stdout would: renamed over, the file was replaced, the process's and the shell's later output went to
     * the deleted file, and the next write through /proc/self/fd/1 made a file named "out (deleted)".
     */
    @Test
    void standardOutputRedirectedToAFileIsWrittenWhereTheProcessWrites() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/dev/stdout"));
        Path out = dir.resolve("out");
        List<String> paths = List.of("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", link.toString());
        String written = "1 /dev/stdout\n2 /dev/fd/1\n3 /proc/self/fd/1\n4 " + link + "\nprinted\nafter\n";
        for (boolean append : List.of(false, true)) {
            Files.writeString(out, "before\n");
            // As 'sh -c "jace ...; echo after" > out', or >> out.
            List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\"; echo after", "sh"));
            command.addAll(childJava(DescriptorWriter.class));
            command.addAll(paths);
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(out.toFile())
                            : ProcessBuilder.Redirect.to(out.toFile())).start();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
            assertEquals((append ? "before\n" : "") + written, Files.readString(out));
            assertEquals(List.of(link, out), listDir());
        }
    }

    /** Another descriptor that leads to a regular file gets the writes one after the other; the file stays. */
    @Test
    void aDescriptorLeadingToAFileIsAppendedToAndKept() throws Exception {
        Path three = Files.writeString(dir.resolve("three"), "old\n");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "f=$1; shift; \"$@\" 3>>\"$f\"", "sh",
                three.toString()));
        command.addAll(childJava(DescriptorWriter.class));
        command.addAll(List.of("/dev/fd/3", "/proc/self/fd/3"));
        Process child = new ProcessBuilder(command).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        assertEquals("old\n1 /dev/fd/3\n2 /proc/self/fd/3\n", Files.readString(three));
        assertEquals(List.of(three), listDir());
    }

    private static List<String> childJava(Class<?> main) {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), main.getName());
    }

    /** A device or FIFO put in the file's place while it is written is not renamed over either. */
    @Test
    void aFifoMadeWhileTheFileIsWrittenIsNotReplaced() throws Exception {
        Files.delete(SpecialFiles.fifo(dir, "probe")); // skips here, not in the write, where mkfifo fails
        Path file = dir.resolve("y.npy");
        AtomicFiles.writeString(file, "old");
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(file, out -> {
            Files.delete(file);
            try {
                SpecialFiles.fifo(dir, "y.npy");
            } catch (InterruptedException interrupted) {
                throw new IOException(interrupted);
            }
        }));
        assertEquals(file + ": became a device or FIFO while it was written, so it is not replaced; write it again",
                e.getMessage());
        assertTrue(SpecialFiles.isSpecial(file));
        assertEquals(List.of(file), listDir());
    }

    /** Written in place, a device's own failure is the error, naming the file; the device stays. */
    @Test
    void aDeviceThatFailsTheWriteIsNamedAndKept() throws Exception {
        Path full = SpecialFiles.fullDevice(dir, "myfull");
        WriteFailedException e = assertThrows(WriteFailedException.class, () -> AtomicFiles.writeString(full, "x"));
        assertEquals(full + ": No space left on device", e.getMessage());
        assertTrue(SpecialFiles.isSpecial(full));
        assertEquals(List.of(full), listDir());
    }

    /** /proc exists but takes no new files (ENOENT): that is no missing folder. */
    @Test
    void aFolderThatRefusesNewFilesIsNotCalledMissing() {
        Path proc = Path.of("/proc");
        Assumptions.assumeTrue(Files.isDirectory(proc), "no /proc here");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.writeString(proc.resolve("x.npy"), "x"));
        assertEquals("/proc: cannot create a file in this folder (no such file or directory; to write x.npy);"
                + " choose another folder", e.getMessage());
    }

    @Test
    void aMissingFolderIsNamedWithTheFileMeant() {
        Path folder = dir.resolve("no-such-folder");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> AtomicFiles.writeString(folder.resolve("y.npy"), "x"));
        assertEquals(folder.toString(), e.getFile());
        assertEquals(folder + ": no such folder (to write y.npy in)", e.getMessage());
    }

    @Test
    void aFolderGivenAsTheFileIsNamedAsSuch() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.writeString(folder, "x"));
        assertEquals(folder + ": is a folder; give the path of a file to write", e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(folder), left.toList());
        }
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

    /** A child JVM's write that stops half-way and waits there to be signalled: args file, and the file it makes then. */
    static final class StoppedWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[200_000]);
                out.flush();
                Files.createFile(Path.of(args[1]));
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
        }
    }

    @Test
    void aJvmStoppedMidWriteLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        AtomicFiles.writeString(file, "old content");
        Path waiting = dir.resolve("waiting");
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), StoppedWriter.class.getName(), file.toString(),
                waiting.toString()).inheritIO().start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(waiting)) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child never got to its write");
            Thread.sleep(5);
        }
        assertEquals(3, listDir().size(), "the file, the child's signal and its temporary file: " + listDir());
        child.destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, child.exitValue(), "stopped by SIGTERM");
        assertEquals(List.of(file, waiting), listDir());
        assertEquals("old content", Files.readString(file));
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
