package dev.jace.data;

import java.io.IOException;

/** Parameters of one task; {@link #load} builds (or reads) its dataset. */
public sealed interface TaskConfig permits TeacherConfig, FashionMnistConfig, PlumeConfig {

    /** The task's registry name, as accepted by {@link Tasks#byName}. */
    String name();

    /** Same parameters with another seed. */
    TaskConfig withSeed(long seed);

    /** Builds the dataset; only tasks that read files throw {@link IOException}. */
    Dataset load() throws IOException;

    /**
     * The test split alone, bitwise as {@link #load} makes it, without making or reading the training split (eval
     * measures the test split only).
     */
    Split loadTest() throws IOException;
}
