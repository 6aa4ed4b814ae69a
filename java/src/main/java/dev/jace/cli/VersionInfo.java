package dev.jace.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** jace's version (from the build) and the Java runtime and OS it runs on. */
final class VersionInfo implements IVersionProvider {

    static String jaceVersion() {
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/jace/cli/version.properties is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
                "jace " + jaceVersion(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.home") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
        };
    }
}
