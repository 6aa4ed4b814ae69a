package dev.jace.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for a JDK, for the launcher scripts' tests: bin/java says its version as a JDK's does when asked with
 * -XshowSettings:properties, and otherwise prints its arguments, one a line; bin/javac and bin/jlink are there.
 */
final class FakeJdk {

    private FakeJdk() {
    }

    /** A JDK of Java {@code major} at {@code home}; home. */
    static Path create(Path home, int major) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\n"
                + "case \" $* \" in\n"
                + "  *' -XshowSettings:properties '*)\n"
                + "    printf 'Property settings:\\n    java.specification.version = " + major + "\\n' >&2\n"
                + "    exit 0 ;;\n"
                + "esac\n"
                + "printf '%s\\n' \"$@\"\n");
        executable(bin.resolve("javac"), "#!/bin/sh\n");
        executable(bin.resolve("jlink"), "#!/bin/sh\n");
        return home;
    }

    static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
