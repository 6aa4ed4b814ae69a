package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
