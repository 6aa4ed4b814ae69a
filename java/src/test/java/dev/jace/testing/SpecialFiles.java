package dev.jace.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Device nodes and FIFOs of a test's own, made in its temporary folder. Tests never write to the machine's /dev/null
 * or /dev/full: run as root, a bug that replaced them would break the machine (one did once). Where a node cannot be
 * made (not root, a nodev mount) the test is skipped, saying why.
 */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    /** A null device (character device 1, 3: takes every write) at {@code dir/name}. */
    public static Path nullDevice(Path dir, String name) throws IOException, InterruptedException {
        return device(dir.resolve(name), 3);
    }

    /** A full device (character device 1, 7: every write fails with "No space left on device") at {@code dir/name}. */
    public static Path fullDevice(Path dir, String name) throws IOException, InterruptedException {
        return device(dir.resolve(name), 7);
    }

    /** A FIFO at {@code dir/name}. */
    public static Path fifo(Path dir, String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        String problem = run("mkfifo", fifo.toString());
        skipIf(problem, "mkfifo " + fifo);
        return fifo;
    }

    /** Whether {@code path} itself (not a link to it) is a device, FIFO or socket: neither file, folder nor link. */
    public static boolean isSpecial(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    /**
     * Reads all that is written to {@code fifo} on a thread of its own (a writer's open waits for a reader); the bytes
     * come when the writer closes it.
     */
    public static CompletableFuture<byte[]> drain(Path fifo) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            byte[] read;
            try (InputStream in = Files.newInputStream(fifo)) {
                read = in.readAllBytes();
            } catch (IOException | RuntimeException e) {
                bytes.completeExceptionally(e);
                return;
            }
            // Only once closed: a writer opening the FIFO next must wait for a reader of its own.
            bytes.complete(read);
        }, "drain " + fifo.getFileName());
        reader.setDaemon(true);
        reader.start();
        return bytes;
    }

    /**
     * Writes {@code bytes} to {@code fifo} on a thread of its own, which waits in its open until a reader comes; a
     * reader that closes early (a broken pipe) ends it too.
     */
    public static Thread feed(Path fifo, byte[] bytes) {
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                out.write(bytes);
            } catch (IOException ignored) {
                // the reader went away; what it read is what the test checks
            }
        }, "feed " + fifo.getFileName());
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /** Ends {@link #feed}'s writer if it still waits for a reader, by reading what it writes. */
    public static void release(Path fifo, Thread writer) throws Exception {
        if (writer.isAlive()) {
            drained(drain(fifo));
        }
        writer.join(60_000);
    }

    /** What {@link #drain} read, waiting at most 60 s. */
    public static byte[] drained(CompletableFuture<byte[]> bytes) throws Exception {
        return bytes.get(60, TimeUnit.SECONDS);
    }

    private static Path device(Path node, int minor) throws IOException, InterruptedException {
        skipIf(run("mknod", "-m", "666", node.toString(), "c", "1", Integer.toString(minor)), "mknod " + node);
        // On a nodev mount the node is made but cannot be opened; reading a null or full device changes nothing.
        try (FileChannel ignored = FileChannel.open(node, StandardOpenOption.READ)) {
            return node;
        } catch (IOException e) {
            skipIf(e.toString(), "opening " + node);
            return node;
        }
    }

    /** Runs {@code command}; null where it succeeds, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String said = new String(p.getInputStream().readAllBytes()).strip();
        return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + said;
    }

    private static void skipIf(String problem, String what) {
        if (problem != null) {
            String reason = "[jace special-file tests skipped] " + what + " failed (" + problem + ")";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }
}
