package dev.jace.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Keeps a second jace process (or command in this one) from writing the same {@code --out} while this one does: an
 * exclusive lock on {@value #FILE} in the folder, held from the first write to the end of the command and released by
 * the system if the process dies. The file itself stays: removing it could let two processes lock two files.
 * <p>
 * The system's locks are per process, and closing any channel of the file drops them all (POSIX), so a command of
 * this process is refused from the set of files it holds, before it opens one. A file system that refuses locks (some
 * network and FUSE mounts) leaves the folder unlocked, which {@link #unlockedBecause} says, rather than stopping work.
 */
final class OutFolderLock implements AutoCloseable {

    static final String FILE = ".jace.lock";

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    /** Null where the folder could not be locked: {@link #unlockedBecause} says why. */
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<String> unlockedBecause;

    private OutFolderLock(Path file, FileChannel channel, FileLock lock, Optional<String> unlockedBecause) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.unlockedBecause = unlockedBecause;
    }

    /**
     * Creates {@code out} if needed and locks it, or refuses naming the folder when another writer holds it or a
     * folder above it (a running compare writes its runs inside its own folder), or a folder directly in one of
     * {@code writtenIn} (a compare's runs/, which holds train's folders too).
     */
    static OutFolderLock acquire(Path out, List<Path> writtenIn) throws IOException {
        OutFolderLock lock = acquire(out);
        try {
            // Taken after the lock, as a writer inside checks for this one after taking its own: one sees the other.
            requireNoWriterAbove(out);
            for (Path parent : writtenIn) {
                requireNoWriterIn(out, parent);
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static OutFolderLock acquire(Path out) throws IOException {
        requireNoWriterAbove(out);
        Files.createDirectories(out);
        Path file = out.toRealPath().resolve(FILE);
        if (!HELD_HERE.add(file)) {
            throw held(out);
        }
        try {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                return unlocked(file, e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException e) {
                channel.close();
                return unlocked(file, e);
            }
            if (lock == null) {
                channel.close();
                throw held(out);
            }
            return new OutFolderLock(file, channel, lock, Optional.empty());
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            throw e;
        }
    }

    private static void requireNoWriterAbove(Path out) throws IOException {
        for (Path dir = realPath(out).getParent(); dir != null; dir = dir.getParent()) {
            if (isWritten(dir)) {
                throw new IllegalArgumentException(out + " is inside " + dir + ", which another jace command is"
                        + " writing (it holds " + dir.resolve(FILE) + " locked); wait for it to end, or choose an --out"
                        + " outside it");
            }
        }
    }

    private static void requireNoWriterIn(Path out, Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        List<Path> folders;
        try (Stream<Path> entries = Files.list(parent)) {
            folders = entries.filter(Files::isDirectory).sorted().toList();
        }
        for (Path dir : folders) {
            if (isWritten(dir)) {
                throw new IllegalArgumentException(dir + ", inside " + out + ", is being written by another jace"
                        + " command (it holds " + dir.resolve(FILE) + " locked); wait for it to end, or choose another"
                        + " --out");
            }
        }
    }

    /** Whether a command holds {@code dir}'s lock file. */
    private static boolean isWritten(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return Files.isRegularFile(file) && isHeld(file.toRealPath());
    }

    /**
     * Where {@code out} really is, links followed, though it may not exist yet: a link leading into a folder being
     * written is inside that folder. Nothing is created, so a refused command leaves nothing behind.
     */
    private static Path realPath(Path out) throws IOException {
        Path absolute = out.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute));
    }

    /**
     * Whether a command holds {@code file} locked: this process's, or another's, which a shared lock probes (it needs
     * only read access). A file that cannot be probed counts as free, as a folder that cannot be locked does.
     */
    private static boolean isHeld(Path file) {
        if (HELD_HERE.contains(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Still held against this process's other commands. */
    private static OutFolderLock unlocked(Path file, IOException why) {
        return new OutFolderLock(file, null, null, Optional.of(why.getClass().getSimpleName() + ": "
                + why.getMessage()));
    }

    /** Why the folder is not locked against other processes, where it is not. */
    Optional<String> unlockedBecause() {
        return unlockedBecause;
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
            if (lock != null) {
                lock.release();
            }
        } finally {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }
}
