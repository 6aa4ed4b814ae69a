package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Chunked loops cover every index once, up to arrays of {@link Integer#MAX_VALUE} elements. */
class CpuChunksTest {

    @Test
    void chunksCoverTheRangeInOrder() {
        assertEquals(List.of(), ranges(0, 4));
        assertEquals(List.of(List.of(0, 0, 3)), ranges(3, 4));
        assertEquals(List.of(List.of(0, 0, 4)), ranges(4, 4));
        assertEquals(List.of(List.of(0, 0, 4), List.of(1, 4, 8), List.of(2, 8, 9)), ranges(9, 4));
    }

    /** {@code n + size - 1} overflowed past 2³¹ - size: no chunks (elementwise ops did nothing) or negative counts. */
    @Test
    void lengthsNearTheLargestArrayDoNotOverflow() {
        int size = 1 << 16;
        assertEquals(32768, CpuChunks.count(Integer.MAX_VALUE, size));
        assertEquals(32768, CpuChunks.count(Integer.MAX_VALUE - size + 2, size));
        assertEquals(32767, CpuChunks.count(Integer.MAX_VALUE - size, size));
        assertEquals(Integer.MAX_VALUE, CpuChunks.end(32767, size, Integer.MAX_VALUE));
        assertEquals(1 << 15, CpuChunks.count(1 << 30, 1 << 15));
        List<List<Integer>> chunks = ranges(Integer.MAX_VALUE, size);
        assertEquals(32768, chunks.size());
        assertEquals(List.of(32767, Integer.MAX_VALUE - size + 1, Integer.MAX_VALUE), chunks.get(32767));
        for (int c = 1; c < chunks.size(); c++) {
            assertEquals(chunks.get(c - 1).get(2), chunks.get(c).get(1), "chunk " + c + " starts where the last ends");
        }
    }

    /** The (chunk, from, to) of each chunk, sorted by chunk. */
    private static List<List<Integer>> ranges(int n, int size) {
        List<List<Integer>> seen = Collections.synchronizedList(new ArrayList<>());
        CpuChunks.forEach(n, size, 1L << 20, (c, from, to) -> seen.add(List.of(c, from, to)));
        List<List<Integer>> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        return sorted;
    }
}
