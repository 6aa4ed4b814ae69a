package dev.jace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A bundle folder packed as {@code NAME.tar.gz} beside it by the system's tar: about two thirds of the folder's bytes
 * to carry (the JVM and the native programs compress well), and its scripts and programs keep their execute bits,
 * which a copied folder can lose. Written under a temporary name and renamed when complete, so that a failed run
 * leaves no partial archive and keeps a previous one.
 */
final class BundleArchive {

    private static final int SECONDS = 600;

    private final String tar;

    /** {@code tar}: the program to run, {@code "tar"} to find it on the PATH. */
    BundleArchive(String tar) {
        this.tar = tar;
    }

    /** Where {@link #write} puts the archive of {@code folder}. */
    static Path of(Path folder) {
        return folder.resolveSibling(folder.getFileName() + ".tar.gz");
    }

    /**
     * Refuses to replace what is at {@link #of}({@code folder}) unless {@code force}, and even then anything but a
     * file; called before the bundle is assembled, so that a refusal costs no work.
     */
    static void checkReplaceable(Path folder, boolean force) {
        Path archive = of(folder);
        if (!Files.exists(archive)) {
            return;
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException(archive + " exists and is not a file; move it away or bundle into "
                    + "another folder");
        }
        if (!force) {
            throw new IllegalArgumentException(archive + " exists; pass --force to replace a previous archive there, "
                    + "or bundle into another folder");
        }
    }

    /**
     * A warning where {@code folder} was just bundled without --archive beside an archive of an earlier bundle, which
     * would carry that bundle, not this one; empty where there is no such file.
     */
    static Optional<String> stale(Path folder) {
        Path archive = of(folder);
        return Files.isRegularFile(archive) ? Optional.of("WARNING: " + archive + " holds an earlier bundle, not this "
                + "one: bundle with --archive to renew it, or delete it") : Optional.empty();
    }

    /** Packs {@code folder} into {@link #of}({@code folder}), its entries under the folder's name; returns where. */
    Path write(Path folder) throws IOException {
        Path archive = of(folder);
        Path partial = Files.createTempFile(folder.getParent(), archive.getFileName() + ".tmp-", "");
        try {
            List<String> command = List.of(tar, "-C", folder.getParent().toString(), "-czf", partial.toString(),
                    folder.getFileName().toString());
            Optional<ChildProcess.Result> result = ChildProcess.run(command, true, SECONDS);
            if (result.isEmpty()) {
                throw new IOException("cannot pack the bundle into " + archive + ": '" + tar + "' could not be run; "
                        + "install tar (e.g. apt-get install tar) or bundle without --archive");
            }
            if (result.get().exitCode() != 0) {
                throw new IOException("cannot pack the bundle into " + archive + ": " + tar + " exited with "
                        + result.get().exitCode() + ": " + result.get().output().strip());
            }
            // A temporary file is its owner's alone; the archive is as readable as the bundle it packs.
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return archive;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
