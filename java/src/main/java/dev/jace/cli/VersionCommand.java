package dev.jace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

@Command(name = "version", description = "Print the versions of jace, the Java runtime and the OS.")
final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new VersionInfo().getVersion()) {
            out.println(line);
        }
        out.flush();
    }
}
