package dev.jace.backend;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The CUDA kernel's copy of {@link DualUpdate}'s layout (the enums of cuda/dual_update.cuh, which the build copies
 * beside this class) has the Java constants' names and values, so a change on one side fails here rather than only on
 * a GPU.
 */
class DualUpdateLayoutTest {

    @Test
    void theKernelsEnumsAreTheJavaConstants() throws IOException, IllegalAccessException {
        String header;
        try (InputStream in = DualUpdateLayoutTest.class.getResourceAsStream("dual_update.cuh")) {
            assertNotNull(in, "dual_update.cuh is not on the test classpath (java/pom.xml's testResources)");
            header = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Integer> cuda = new TreeMap<>();
        Matcher m = Pattern.compile("\\b([A-Z][A-Z_]*)\\s*=\\s*(\\d+)").matcher(header);
        while (m.find()) {
            cuda.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> java = new TreeMap<>();
        for (Field f : DualUpdate.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && !f.getName().equals("MAX_TERMS")) {
                java.put(f.getName(), f.getInt(null));
            }
        }
        assertEquals(java, cuda);
    }
}
