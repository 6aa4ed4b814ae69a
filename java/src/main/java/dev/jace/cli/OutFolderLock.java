package dev.jace.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps a second jace process (or command in this one) from writing the same {@code --out} while this one does: an
 * exclusive lock on {@value #FILE} in the folder, held from the first write to the end of the command and released by
 * the system if the process dies. The file itself stays: removing it could let two processes lock two files.
 * <p>
 * The system's locks are per process, and closing any channel of the file drops them all (POSIX), so a command of
 * this process is refused from the set of files it holds, before it opens one.
 */
final class OutFolderLock implements AutoCloseable {

    static final String FILE = ".jace.lock";

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutFolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code out} if needed and locks it, or refuses naming the folder when another writer holds it. */
    static OutFolderLock acquire(Path out) throws IOException {
        Files.createDirectories(out);
        Path file = out.toRealPath().resolve(FILE);
        if (!HELD_HERE.add(file)) {
            throw held(out);
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                throw held(out);
            }
            return new OutFolderLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            throw e;
        }
    }

    private static IllegalArgumentException held(Path out) {
        return new IllegalArgumentException(out + " is being written by another jace command (it holds "
                + out.resolve(FILE) + " locked); wait for it to end, or choose another --out");
    }

    /** Whether {@code dir} holds nothing but, at most, the lock file that an earlier command left. */
    static boolean holdsNothingElse(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(entry -> entry.getFileName().toString().equals(FILE));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }
}
