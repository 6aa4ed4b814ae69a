package dev.jace.io;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that readers see either the old content or the complete new content, never a mix: the
 * content goes to a temporary file in the target's directory, is forced to disk, and is then renamed over the
 * target. If writing fails the target is untouched and the temporary file is removed. A target that is a symbolic
 * link is written through, as writing it in place would: the file it leads to is replaced, the link stays. A device or
 * FIFO (/dev/null, /dev/stdout, a named pipe), or a link to one, is written in place and never replaced. So is a file
 * descriptor (/dev/stdout, /dev/fd/N, /proc/PID/fd/N, or a link through one), whatever it leads to: a regular file
 * that a shell's redirection opened gets the content where the descriptor writes, as bash's own redirection to
 * /dev/stdout would, for replacing it would leave the descriptor on the deleted file.
 */
public final class AtomicFiles {

    /** Produces a file's content; may throw to abandon the write. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The temporary files being written now. A JVM stopped by a signal (Ctrl-C, SIGTERM) runs its shutdown hooks but
     * not the writes' own clean-up, so this hook deletes them; the targets stay as they were (or, where the rename
     * came first, as written).
     */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(AtomicFiles::deleteQuietly),
                "jace-atomic-files"));
    }

    private AtomicFiles() {
    }

    /** How many symbolic links a target may lead through, as Linux allows (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;

    public static void write(Path file, Content content) throws IOException {
        Optional<Descriptor> descriptor = descriptorOnTheWay(file);
        if (descriptor.isPresent()) {
            writeToDescriptor(file, descriptor.get(), content);
            return;
        }
        if (isSpecial(file)) {
            writeInPlace(file, content, StandardOpenOption.WRITE);
            return;
        }
        Path target = throughLinks(file.toAbsolutePath(), file);
        if (Files.isDirectory(target)) {
            // The rename would fail naming the temporary file; name the folder and what is wanted instead.
            throw new FileSystemException(file.toString(), null, "is a folder; give the path of a file to write");
        }
        Path dir = target.getParent();
        Set<PosixFilePermission> replacedMode = modeOf(target);
        // A replaced file's content stays its owner's until the rename gives it the file's mode.
        Path tmp = createTemporary(dir, target.getFileName().toString(), replacedMode == null ? NEW : OWNER_ONLY);
        IN_FLIGHT.add(tmp);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new NamingErrors(Channels.newOutputStream(channel), file),
                        1 << 16);
                content.writeTo(out);
                out.flush();
                try {
                    channel.force(true);
                } catch (IOException e) {
                    throw WriteFailedException.of(file, e);
                }
            }
            if (replacedMode != null) {
                Files.setPosixFilePermissions(tmp, replacedMode);
            }
            if (isSpecial(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(file.toString(), null, "became a device or FIFO while it was written,"
                        + " so it is not replaced; write it again");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            IN_FLIGHT.remove(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Whether {@code file} is a device, FIFO or socket (/dev/null, a named pipe, /dev/stdout's pipe or terminal): the
     * rename would put a regular file in its place, so it is written in place instead.
     */
    private static boolean isSpecial(Path file, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, options).isOther();
        } catch (FileSystemException e) {
            return false; // nothing there (or a link loop, named below)
        }
    }

    /**
     * Whether {@link #write} puts the content into {@code file} as it is rather than replacing a file: a device, FIFO
     * or socket, or a file descriptor (/dev/stdout). Each write then adds to what its reader got before.
     */
    public static boolean writesInPlace(Path file) throws IOException {
        return descriptorOnTheWay(file).isPresent() || isSpecial(file);
    }

    /** Writes {@code file} as it is, without the temporary file: a device or FIFO takes the bytes as they come. */
    private static void writeInPlace(Path file, Content content, StandardOpenOption... options) throws IOException {
        try (OutputStream out = new BufferedOutputStream(new NamingErrors(Files.newOutputStream(file, options), file),
                1 << 16)) {
            content.writeTo(out);
            out.flush();
        }
    }

    /**
     * Writes through a file descriptor: this process's standard output or error through the descriptor itself, so
     * that its content lands where the process's other output does (after what it printed, appended where the shell
     * redirected with >>); another descriptor by opening it again, appending where it leads to a regular file.
     */
    private static void writeToDescriptor(Path file, Descriptor descriptor, Content content) throws IOException {
        FileDescriptor standard = !descriptor.ownProcess() ? null
                : descriptor.number() == 1 ? FileDescriptor.out : descriptor.number() == 2 ? FileDescriptor.err : null;
        if (standard == null) {
            if (Files.isRegularFile(file)) {
                writeInPlace(file, content, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } else {
                writeInPlace(file, content, StandardOpenOption.WRITE);
            }
            return;
        }
        (standard == FileDescriptor.out ? System.out : System.err).flush();
        // Not closed: that would close the process's own descriptor.
        OutputStream out = new BufferedOutputStream(new NamingErrors(new FileOutputStream(standard), file), 1 << 16);
        content.writeTo(out);
        out.flush();
    }

    /** File descriptor {@code number}, of this process or another's. */
    private record Descriptor(boolean ownProcess, int number) {
    }

    private static final Pattern PROC_FD = Pattern.compile("/proc/(self|thread-self|\\d+)(/task/\\d+)?/fd/(\\d+)");
    private static final Pattern DEV_FD = Pattern.compile("/dev/fd/(\\d+)");
    private static final Map<String, Integer> DEV_STANDARD = Map.of("/dev/stdin", 0, "/dev/stdout", 1,
            "/dev/stderr", 2);

    /**
     * The file descriptor that {@code file}, or a symbolic link on the way from it, names, by its path or by its
     * folder's real path (a link to /proc/self/fd); empty where none does.
     */
    private static Optional<Descriptor> descriptorOnTheWay(Path file) throws IOException {
        Path at = file.toAbsolutePath().normalize();
        for (int links = 0; links <= MAX_LINKS; links++) {
            Optional<Descriptor> named = descriptor(at);
            if (named.isEmpty() && at.getParent() != null) {
                try {
                    named = descriptor(at.getParent().toRealPath().resolve(at.getFileName()));
                } catch (IOException noFolder) {
                    // nothing there to lead to a descriptor
                }
            }
            if (named.isPresent() || !Files.isSymbolicLink(at)) {
                return named;
            }
            at = at.resolveSibling(Files.readSymbolicLink(at)).normalize();
        }
        return Optional.empty(); // a loop, which the write names
    }

    private static Optional<Descriptor> descriptor(Path path) {
        String name = path.toString();
        Integer standard = DEV_STANDARD.get(name);
        if (standard != null) {
            return Optional.of(new Descriptor(true, standard));
        }
        Matcher dev = DEV_FD.matcher(name);
        if (dev.matches()) {
            return number(dev.group(1)).map(n -> new Descriptor(true, n));
        }
        Matcher proc = PROC_FD.matcher(name);
        if (proc.matches()) {
            String pid = proc.group(1);
            boolean own = !Character.isDigit(pid.charAt(0))
                    || pid.equals(Long.toString(ProcessHandle.current().pid()));
            return number(proc.group(3)).map(n -> new Descriptor(own, n));
        }
        return Optional.empty();
    }

    private static Optional<Integer> number(String digits) {
        try {
            return Optional.of(Integer.parseInt(digits));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /**
     * The file that the symbolic links from {@code path} lead to (it may not exist yet), or {@code path} itself where
     * it is no link: the temporary file must be renamed over that file, or the link would become a file of its
     * own and the file it named keep its old content.
     */
    private static Path throughLinks(Path path, Path file) throws IOException {
        Path at = path;
        for (int links = 0; Files.isSymbolicLink(at); links++) {
            if (links == MAX_LINKS) {
                throw new FileSystemException(file.toString(), null, "leads through more than " + MAX_LINKS
                        + " symbolic links (a loop?); give the path of a file to write");
            }
            at = at.resolveSibling(Files.readSymbolicLink(at));
        }
        return at;
    }

    /**
     * The permissions of the file to be replaced, which the new content keeps (a script stays executable, a private
     * file private), as it would had the file been rewritten in place; null where there is no such file.
     */
    private static Set<PosixFilePermission> modeOf(Path target) throws IOException {
        try {
            return Files.readAttributes(target, PosixFileAttributes.class).permissions();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the JVM is exiting; a leftover is removed by deleteLeftovers or --force
        }
    }

    /**
     * The stream to the temporary file, whose errors name the file meant: the JDK's say only what went wrong ("No space
     * left on device"). Errors of the content's own making (e.g. reading what it copies) pass {@code content} unchanged.
     */
    private static final class NamingErrors extends FilterOutputStream {

        private final Path file;

        NamingErrors(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1); // not called by the BufferedOutputStream in front of it
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw WriteFailedException.of(file, e);
            }
        }
    }

    /** A new file's permissions, less the umask, as a file created directly gets them (not the owner's only). */
    private static final Set<PosixFilePermission> NEW = PosixFilePermissions.fromString("rw-rw-rw-");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * The temporary file, created with {@code mode}; errors name the folder and the file meant, not its name. A folder
     * can be there and still answer "no such file" (/proc takes no new files), so the folder's absence is checked.
     */
    private static Path createTemporary(Path dir, String name, Set<PosixFilePermission> mode) throws IOException {
        try {
            return Files.createTempFile(dir, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(mode));
        } catch (NoSuchFileException e) {
            if (Files.isDirectory(dir)) {
                throw new FileSystemException(dir.toString(), null, "cannot create a file in this folder (no such"
                        + " file or directory; to write " + name + "); choose another folder");
            }
            throw new NoSuchFileException(dir.toString(), null, "no such folder (to write " + name + " in)");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(dir.toString(), null, "permission denied (to write " + name + " in)");
        }
    }

    public static void writeBytes(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes what writes of {@code names} in {@code dir} left when the process was stopped mid-write (the temporary
     * files {@code .NAME.*.tmp}); the files themselves stay.
     */
    public static void deleteLeftovers(Path dir, Collection<String> names) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String file = p.getFileName().toString();
                if (isLeftover(file, names) && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Whether {@code file} is the name of a temporary file that a write of one of {@code names} left. */
    public static boolean isLeftover(String file, Collection<String> names) {
        return file.endsWith(".tmp") && names.stream().anyMatch(name -> file.startsWith("." + name + "."));
    }

    /**
     * Makes a rename into {@code dir} itself durable (also a folder moved there whole). Opening a directory for
     * reading is how POSIX systems allow this; where the platform refuses (e.g. Windows) the rename is still atomic,
     * only not yet flushed, so that is not an error.
     */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // see above
        }
    }
}
