package dev.jace.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeLinkerTest {

    /**
     * Code that starts using another JDK module must add it to the bundle. XChart (the plots) needs java.desktop,
     * so its jar is scanned with jace's.
     */
    @Test
    void bundleHasEveryModuleJaceNeeds() {
        StringWriter output = new StringWriter();
        PrintWriter writer = new PrintWriter(output);
        int status = ToolProvider.findFirst("jdeps").orElseThrow().run(writer, writer, "--print-module-deps",
                "--ignore-missing-deps", TestJars.locationOf(Main.class).toString(),
                TestJars.locationOf(org.knowm.xchart.XYChart.class).toString());

        assertEquals(0, status, output.toString());
        String[] lines = output.toString().strip().split("\\R");
        List<String> needed = Arrays.asList(lines[lines.length - 1].split(","));
        assertTrue(needed.contains("java.desktop"), "jdeps no longer sees XChart's AWT use: " + needed);
        assertTrue(RuntimeLinker.MODULES.containsAll(needed),
                "jdeps says jace needs " + needed + "; RuntimeLinker.MODULES has " + RuntimeLinker.MODULES);
    }

    /** A runtime folder holding a stand-in libjvm.so, and a fake objcopy script with {@code body}. */
    private static Path[] runtimeAndObjcopy(Path dir, String body) throws IOException {
        Path runtime = dir.resolve("runtime");
        Files.write(Files.createDirectories(runtime.resolve("lib/server")).resolve("libjvm.so"), new byte[1000]);
        Path objcopy = dir.resolve("objcopy");
        Files.writeString(objcopy, "#!/bin/sh\n" + body + "\n");
        assertTrue(objcopy.toFile().setExecutable(true));
        return new Path[] {runtime, objcopy};
    }

    @Test
    void aHungObjcopyIsStoppedAtItsTimeout(@TempDir Path dir) throws IOException {
        Path[] paths = runtimeAndObjcopy(dir, "echo working; exec sleep 60");
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class,
                () -> RuntimeLinker.stripJvmSymbols(paths[0], paths[1].toString(), 1));
        assertTrue(e.getMessage().endsWith("lib/server/libjvm.so ran over 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 30e9, "waited for the hung objcopy");
    }

    @Test
    void aFailingObjcopyIsNamedWithItsOutputAndAMissingOneLeavesTheFileWhole(@TempDir Path dir) throws IOException {
        Path[] paths = runtimeAndObjcopy(dir, "echo 'objcopy: bad file' >&2; exit 3");
        IOException e = assertThrows(IOException.class,
                () -> RuntimeLinker.stripJvmSymbols(paths[0], paths[1].toString(), 30));
        assertTrue(e.getMessage().endsWith("libjvm.so failed (exit 3): objcopy: bad file"), e.getMessage());

        assertEquals("libjvm.so keeps its symbol table (no objcopy on PATH: install binutils for a bundle about 5 MB"
                + " smaller)", RuntimeLinker.stripJvmSymbols(paths[0], dir.resolve("none").toString(), 30));
        assertEquals(1000, Files.size(paths[0].resolve("lib/server/libjvm.so")));
    }
}
