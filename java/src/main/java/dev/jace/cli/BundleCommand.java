package dev.jace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "bundle", description = {
        "Write a self-contained folder for GPU hosts without Java or Maven.",
        "It holds a Java runtime (jlink), the jars, the native library, jace.h and the C examples, and the scripts "
                + "bin/jace, bin/jace-test (the GPU tests), bin/jace-sanitize (them under compute-sanitizer), "
                + "bin/jace-bench and bin/jace-device-check (every GPU check in one call, for a short device lease).",
        "Needs the test jars too: build with 'mvn -DskipTests package' or run through bin/jace."})
final class BundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", converter = PathOption.Folder.class,
            description = "Folder to write; must be empty or absent.")
    Path dir;

    @Option(names = "--force", description = "Replace DIR when it holds a previous bundle (and, with --archive, a "
            + "previous DIR.tar.gz).")
    boolean force;

    @Option(names = "--plots", description = "Include java.desktop so train and compare draw their plots there too "
            + "(about 15 MB more: a bundle of about 72 MB, which with its working tree passes a 64 MiB transfer limit; "
            + "bundle prints the total and warns above 60 MiB).")
    boolean plots;

    @Option(names = "--archive", description = "Also pack the bundle into DIR.tar.gz (tar and gzip; about 38 MB "
            + "where the folder is 57): what to carry where the transfer is limited, unpacked there with tar -xzf. "
            + "The transfer size printed is then the archive's.")
    boolean archive;

    @Override
    public Integer call() throws IOException {
        new Bundler(Installation.running(), spec.commandLine().getOut()).write(dir, force, plots,
                archive ? Optional.of(new BundleArchive("tar")) : Optional.empty());
        return 0;
    }
}
