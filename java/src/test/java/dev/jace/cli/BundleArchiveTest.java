package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packing a bundle folder with the system's tar; the real bundle's archive is checked in BundleIntegrationTest. */
class BundleArchiveTest {

    @TempDir
    Path root;

    @Test
    void packsTheFolderUnderItsNameKeepingExecuteBitsAndReplacesAPreviousArchive() throws Exception {
        Path folder = Files.createDirectories(root.resolve("my bundle/bin"));
        Path script = Files.writeString(folder.resolve("run"), "#!/bin/sh\necho hi\n");
        assertTrue(script.toFile().setExecutable(true));
        Files.writeString(root.resolve("my bundle/README.txt"), "read me\n");
        Files.writeString(root.resolve("my bundle.tar.gz"), "previous");

        Path archive = new BundleArchive("tar").write(root.resolve("my bundle"));

        assertEquals(root.resolve("my bundle.tar.gz"), archive);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        Path unpacked = Files.createDirectories(root.resolve("unpacked"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString())
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(unpacked.resolve("my bundle/bin/run")));
        assertTrue(Files.isExecutable(unpacked.resolve("my bundle/bin/run")));
        assertEquals("read me\n", Files.readString(unpacked.resolve("my bundle/README.txt")));
        assertFalse(Files.isExecutable(unpacked.resolve("my bundle/README.txt")));
        assertEquals(List.of("my bundle", "my bundle.tar.gz", "unpacked"), names(root));
    }

    @Test
    void aMissingTarIsNamedWithTheFixAndKeepsThePreviousArchive() throws IOException {
        Files.createDirectories(root.resolve("jace/bin"));
        Files.writeString(root.resolve("jace.tar.gz"), "previous");

        String message = assertThrows(IOException.class,
                () -> new BundleArchive(root.resolve("no-such-tar").toString()).write(root.resolve("jace")))
                .getMessage();

        assertTrue(message.startsWith("cannot pack the bundle into " + root.resolve("jace.tar.gz")), message);
        assertTrue(message.contains("no-such-tar' could not be run; install tar"), message);
        assertEquals("previous", Files.readString(root.resolve("jace.tar.gz")));
        assertEquals(List.of("jace", "jace.tar.gz"), names(root));
    }

    @Test
    void aFailingTarIsReportedWithItsExitCodeAndOutputAndLeavesNoPartialArchive() throws IOException {
        Files.createDirectories(root.resolve("jace/bin"));
        Path fake = Files.writeString(root.resolve("fake-tar"), "#!/bin/sh\necho 'tar: disk full' >&2\n"
                + "echo partial > \"$4\"\nexit 2\n"); // $4: the archive being written (-C DIR -czf FILE NAME)
        assertTrue(fake.toFile().setExecutable(true));

        String message = assertThrows(IOException.class, () -> new BundleArchive(fake.toString())
                .write(root.resolve("jace"))).getMessage();

        assertEquals("cannot pack the bundle into " + root.resolve("jace.tar.gz") + ": " + fake
                + " exited with 2: tar: disk full", message);
        assertEquals(List.of("fake-tar", "jace"), names(root));
    }

    /** A bundle written without --archive beside an earlier archive says that the archive is not this bundle. */
    @Test
    void anEarlierArchiveBesideABundleWrittenWithoutOneIsNamed() throws IOException {
        Path folder = Files.createDirectories(root.resolve("jace"));
        assertEquals(Optional.empty(), BundleArchive.stale(folder));
        Files.writeString(root.resolve("jace.tar.gz"), "earlier");
        assertEquals(Optional.of("WARNING: " + root.resolve("jace.tar.gz") + " holds an earlier bundle, not this one: "
                + "bundle with --archive to renew it, or delete it"), BundleArchive.stale(folder));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
