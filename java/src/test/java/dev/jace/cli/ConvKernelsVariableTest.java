package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvKernelsVariableTest {

    @Test
    void unsetOrEmptyIsTheDefaultAndAnyOtherValueItselfAsLibjaceReadsIt() {
        assertEquals("auto", ConvKernelsVariable.of(Map.of()));
        assertEquals("auto", ConvKernelsVariable.of(Map.of("JACE_CONV_KERNELS", "")));
        assertEquals("auto", ConvKernelsVariable.of(Map.of("JACE_CONV_KERNELS", "auto")));
        assertEquals("wgmma-192", ConvKernelsVariable.of(Map.of("JACE_CONV_KERNELS", "wgmma-192")));
        // libjace compares the value exactly and refuses this one: the file says what it ran under, refused or not
        assertEquals(" Wgmma", ConvKernelsVariable.of(Map.of("JACE_CONV_KERNELS", " Wgmma")));
    }
}
