package dev.jace.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Keeps a second jace process (or command in this one) from writing the same {@code --out} while this one does: an
 * exclusive lock on {@value #FILE} in the folder, held from the first write to the end of the command and released by
 * the system if the process dies. The file itself stays: removing it could let two processes lock two files.
 */
final class OutFolderLock implements AutoCloseable {

    static final String FILE = ".jace.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code out} if needed and locks it, or refuses naming the folder when another writer holds it. */
    static OutFolderLock acquire(Path out) throws IOException {
        Files.createDirectories(out);
        FileChannel channel = FileChannel.open(out.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException held) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException(out + " is being written by another jace command (it holds "
                    + out.resolve(FILE) + " locked); wait for it to end, or choose another --out");
        }
        return new OutFolderLock(channel, lock);
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
            channel.close();
        }
    }
}
