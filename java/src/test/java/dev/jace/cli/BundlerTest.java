package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the bundler refuses to do; writing a bundle is covered by {@link BundleIntegrationTest}. */
class BundlerTest {

    @TempDir
    Path root;

    private final Bundler bundler = new Bundler(new Installation(Path.of("jace.jar"), Path.of("lib"),
            Path.of("jace-tests.jar"), Path.of("test-lib"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
            new PrintWriter(new StringWriter()));

    @Test
    void refusesANonEmptyFolder() throws IOException {
        Path dir = Files.createDirectories(root.resolve("out"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        String message = assertThrows(IllegalArgumentException.class,
                () -> bundler.write(dir, false, false, Optional.empty()))
                .getMessage();

        assertTrue(message.contains("is not empty") && message.contains("--force"), message);
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void forceReplacesOnlyAPreviousBundle() throws IOException {
        Path dir = Files.createDirectories(root.resolve("home"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        String message = assertThrows(IllegalArgumentException.class,
                () -> bundler.write(dir, true, false, Optional.empty()))
                .getMessage();

        assertTrue(message.contains("holds no jace bundle"), message);
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void replacesAPreviousBundleWithoutLeftovers() throws IOException {
        Path previous = Files.createDirectories(root.resolve("bundle/runtime"));
        Files.writeString(Files.createDirectories(root.resolve("bundle/bin")).resolve("jace"), "old");
        Path staging = Files.createDirectories(root.resolve("bundle.tmp-1/bin"));
        Files.writeString(staging.resolve("jace"), "new");

        Bundler.replace(root.resolve("bundle.tmp-1"), root.resolve("bundle"));

        assertEquals("new", Files.readString(root.resolve("bundle/bin/jace")));
        assertTrue(Files.notExists(previous));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(root.resolve("bundle")), entries.toList());
        }
    }

    /**
     * The bundle says what it (or its archive) and its working tree weigh together, how close that is to a device
     * lease's 64 MiB above 60 MiB, and that a lease refuses it above 64 MiB; --archive is suggested where it was not
     * given, dropping --plots only where it was.
     */
    @Test
    void theTransferSizeCountsTheWorkingTreeAndWarnsNearAndOverTheLimit() throws Exception {
        long mib = TransferSize.MIB;
        assertEquals("transfer to a GPU host: bundle 58.0 MiB + working tree 2.0 MiB (git's tracked and unignored "
                + "files) = 60.0 MiB", TransferSize.describe(58 * mib, false, Optional.of(2 * mib), true));
        // The documented bin/jace bundle dist/jace, without --plots.
        String near = "transfer to a GPU host: bundle 59.1 MiB + working tree 3.8 MiB (git's tracked and unignored "
                + "files) = 62.9 MiB\nWARNING: close to the 64.0 MiB limit of a device lease (working tree and carried"
                + " paths), 1.1 MiB headroom: a few more files in the working tree take it over; for more, bundle with "
                + "--archive and carry DIR.tar.gz";
        assertEquals(near, TransferSize.describe(59 * mib + mib / 10, false, Optional.of(3 * mib + 8 * mib / 10),
                false));
        assertEquals(near + ", or bundle without --plots", TransferSize.describe(59 * mib + mib / 10, false,
                Optional.of(3 * mib + 8 * mib / 10), true));
        assertEquals("transfer to a GPU host: bundle archive 59.1 MiB + working tree 3.8 MiB (git's tracked and "
                + "unignored files) = 62.9 MiB\nWARNING: close to the 64.0 MiB limit of a device lease (working tree "
                + "and carried paths), 1.1 MiB headroom: a few more files in the working tree take it over",
                TransferSize.describe(59 * mib + mib / 10, true, Optional.of(3 * mib + 8 * mib / 10), false));
        String over = "transfer to a GPU host: bundle 62.0 MiB + working tree 3.9 MiB (git's tracked and unignored "
                + "files) = 65.9 MiB\nWARNING: 1.9 MiB over the 64.0 MiB limit of a device lease (working tree and "
                + "carried paths), which refuses it; bundle with --archive and carry DIR.tar.gz, or ";
        assertEquals(over + "make the working tree smaller",
                TransferSize.describe(62 * mib, false, Optional.of(3994 * mib / 1024), false));
        assertEquals(over + "bundle without --plots, or make the working tree smaller",
                TransferSize.describe(62 * mib, false, Optional.of(3994 * mib / 1024), true));
        assertEquals("transfer to a GPU host: bundle archive 37.5 MiB (not in a git working tree)",
                TransferSize.describe(37 * mib + mib / 2, true, Optional.empty(), false));
        assertEquals("transfer to a GPU host: bundle archive 70.0 MiB (not in a git working tree)\nWARNING: 6.0 MiB "
                + "over the 64.0 MiB limit of a device lease (working tree and carried paths), which refuses it",
                TransferSize.describe(70 * mib, true, Optional.empty(), false));

        // A working tree of a tracked file, an untracked one and an ignored one; the bundle inside it is not counted.
        Path repo = Files.createDirectories(root.resolve("repo"));
        assumeTrue(new ProcessBuilder("git", "init", "-q", repo.toString()).start().waitFor() == 0, "no git here");
        Files.writeString(repo.resolve(".gitignore"), "/dist/\n");
        Files.write(repo.resolve("tracked.bin"), new byte[1000]);
        Files.write(repo.resolve("untracked.bin"), new byte[200]);
        Files.write(Files.createDirectories(repo.resolve("dist/jace")).resolve("big.bin"), new byte[5000]);
        assertEquals(0, new ProcessBuilder("git", "-C", repo.toString(), "add", "tracked.bin").start().waitFor());
        assertEquals(Optional.of(1000L + 200 + 7), TransferSize.workingTree(repo.resolve("dist/jace")));
        assertEquals(Optional.empty(), TransferSize.workingTree(Files.createDirectories(root.resolve("plain/dist"))));
    }

    /** A bundle in the working tree that git does not ignore is left out of it, also where a link leads to it. */
    @Test
    void aBundleReachedThroughALinkIsNotCountedAsWorkingTree() throws Exception {
        Path repo = Files.createDirectories(root.resolve("repo"));
        assumeTrue(new ProcessBuilder("git", "init", "-q", repo.toString()).start().waitFor() == 0, "no git here");
        Files.write(repo.resolve("untracked.bin"), new byte[200]);
        Files.write(Files.createDirectories(repo.resolve("bundle")).resolve("big.bin"), new byte[5000]);
        Path link = Files.createSymbolicLink(root.resolve("link"), repo);
        assertEquals(Optional.of(200L), TransferSize.workingTree(repo.resolve("bundle")));
        assertEquals(Optional.of(200L), TransferSize.workingTree(link.resolve("bundle")));
    }

    @Test
    void theNextStepsNameTheScriptsInTheFolderGiven() {
        assertEquals("on the GPU host run t/dist/bin/jace-device-check OUT (every check; OUT/summary.txt, "
                + "OUT/results.tar.gz), or t/dist/bin/jace-test, then t/dist/bin/jace",
                Bundler.nextSteps(Path.of("t/dist"), false));
        assertEquals("on the GPU host run 'my gpu/it'\\''s/bin/jace-device-check' OUT (every check; OUT/summary.txt,"
                + " OUT/results.tar.gz), or 'my gpu/it'\\''s/bin/jace-test', then 'my gpu/it'\\''s/bin/jace'",
                Bundler.nextSteps(Path.of("my gpu/it's"), false));
    }

    /** With --archive: carry the archive, unpack it beside where the folder was, then the same scripts. */
    @Test
    void theNextStepsUnpackTheArchiveWhereTheFolderWas() {
        assertEquals("carry dist/jace.tar.gz; on the GPU host run tar -xzf dist/jace.tar.gz -C dist, then "
                + "dist/jace/bin/jace-device-check OUT (every check; OUT/summary.txt, OUT/results.tar.gz), or "
                + "dist/jace/bin/jace-test, then dist/jace/bin/jace", Bundler.nextSteps(Path.of("dist/jace"), true));
        assertEquals("carry jace.tar.gz; on the GPU host run tar -xzf jace.tar.gz -C ., then jace/bin/jace-device-check"
                + " OUT (every check; OUT/summary.txt, OUT/results.tar.gz), or jace/bin/jace-test, then jace/bin/jace",
                Bundler.nextSteps(Path.of("jace"), true));
    }

    /** --archive with a previous archive refuses before any work unless --force, and never replaces a folder. */
    @Test
    void anArchiveIsReplacedOnlyWithForceAndOnlyWhereItIsAFile() throws IOException {
        Path dir = root.resolve("out");
        Files.writeString(root.resolve("out.tar.gz"), "previous");

        String message = assertThrows(IllegalArgumentException.class,
                () -> bundler.write(dir, false, false, Optional.of(new BundleArchive("tar")))).getMessage();

        assertTrue(message.contains("out.tar.gz exists; pass --force"), message);
        assertEquals("previous", Files.readString(root.resolve("out.tar.gz")));
        assertTrue(Files.notExists(dir));
        Files.delete(root.resolve("out.tar.gz"));
        Files.createDirectories(root.resolve("out.tar.gz"));
        message = assertThrows(IllegalArgumentException.class,
                () -> BundleArchive.checkReplaceable(dir, true)).getMessage();
        assertTrue(message.contains("out.tar.gz exists and is not a file"), message);
        Files.delete(root.resolve("out.tar.gz"));
        BundleArchive.checkReplaceable(dir, false);
    }

    @Test
    void refusesAFile() throws IOException {
        Path file = Files.writeString(root.resolve("bundle"), "");

        String message = assertThrows(IllegalArgumentException.class,
                () -> bundler.write(file, true, false, Optional.empty()))
                .getMessage();

        assertTrue(message.contains("is not a directory"), message);
    }
}
