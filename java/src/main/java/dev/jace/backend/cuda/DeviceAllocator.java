package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Caching device-memory allocator. Requests are rounded up to a size class (multiples of 512 bytes up to 1 MiB,
 * of 2 MiB above); released blocks go back to their class' bin and are handed out again to the next request of
 * that class. Scratch ({@link #allocateScratch}: cuDNN workspaces, expanded filter banks) has bins of its own, so
 * that a tensor allocated after a warm-up run cannot take the scratch a capture of the same work needs. All users
 * enqueue on the owning backend's single stream, so reusing a block right after its release is ordered after the
 * work that used it. When jace_malloc runs out of memory the cache is trimmed and the allocation retried once.
 * {@link #close()} frees every block, cached or live; releases after that are ignored. Thread-safe.
 *
 * <p>While a CUDA graph is captured ({@link #beginCapture()} to {@link #endCapture()}) released scratch blocks do not
 * go back to the cache: the graph keeps writing them at every replay. They serve later scratch requests of the same
 * capture only, and {@link #endCapture()} hands them to the graph, which releases them when it is destroyed. A request
 * the cache cannot serve then is an error: a capture cannot allocate device memory.
 */
@SuppressWarnings("restricted") // FFM: linking and sizing native memory is what this class is for
final class DeviceAllocator implements AutoCloseable {

    private static final long SMALL_GRANULE = 512;
    private static final long SMALL_LIMIT = 1 << 20;
    private static final long LARGE_GRANULE = 2 << 20;

    private final Map<Long, ArrayDeque<Long>> bins = new TreeMap<>();
    private final Map<Long, ArrayDeque<Long>> scratchBins = new TreeMap<>();
    private final Map<Long, Long> live = new HashMap<>();
    /** Scratch blocks released during the current capture, by size class; null when not capturing. */
    private Map<Long, ArrayDeque<Long>> captured;
    private long liveBytes;
    private long cachedBytes;
    private long hits;
    private long misses;
    private boolean closed;

    /** A block of device memory of {@code bytes} usable bytes at {@code address}, from the scratch bins or not. */
    record Block(long address, long bytes, boolean scratch) {
        MemorySegment segment() {
            return MemorySegment.ofAddress(address).reinterpret(bytes);
        }

        /** The block's memory in {@code owner}'s scope: unusable once {@code owner} is closed. */
        MemorySegment segment(Arena owner) {
            return MemorySegment.ofAddress(address).reinterpret(bytes, owner, null);
        }
    }

    static long sizeClass(long bytes) {
        long granule = bytes <= SMALL_LIMIT ? SMALL_GRANULE : LARGE_GRANULE;
        return Math.max(granule, (bytes + granule - 1) / granule * granule);
    }

    /** A block of at least {@code bytes} bytes (its contents are undefined). */
    Block allocate(long bytes) {
        return take(bytes, false);
    }

    /** Like {@link #allocate}, for scratch that work takes and releases within one call; reused by scratch only. */
    Block allocateScratch(long bytes) {
        return take(bytes, true);
    }

    private synchronized Block take(long bytes, boolean scratch) {
        checkOpen();
        long size = sizeClass(bytes);
        ArrayDeque<Long> reusable = captured == null || !scratch ? null : captured.get(size);
        if (reusable != null && !reusable.isEmpty()) {
            hits++;
            return new Block(reusable.pop(), bytes, true); // still counted live: the graph holds it
        }
        ArrayDeque<Long> bin = (scratch ? scratchBins : bins).get(size);
        long address;
        if (bin != null && !bin.isEmpty()) {
            address = bin.pop();
            cachedBytes -= size;
            hits++;
        } else if (captured != null) {
            throw new IllegalStateException("device allocator: a buffer of " + size + " bytes was not allocated "
                    + "before capture, and captured work cannot allocate device memory (its scratch, e.g. cuDNN "
                    + "workspaces, must be cached by an earlier run); run the same work once before capture()");
        } else {
            address = malloc(size);
            misses++;
        }
        live.put(address, size);
        liveBytes += size;
        return new Block(address, bytes, scratch);
    }

    /** Returns a block to its bin; ignored after close (the memory is already freed). */
    synchronized void release(Block block) {
        if (closed) {
            return;
        }
        Long size = live.get(block.address());
        if (size == null || heldForCapture(size, block.address())) {
            throw new IllegalStateException("device block at 0x" + Long.toHexString(block.address())
                    + " was released twice or does not belong to this allocator");
        }
        if (captured != null && block.scratch()) {
            captured.computeIfAbsent(size, s -> new ArrayDeque<>()).push(block.address());
            return;
        }
        live.remove(block.address());
        liveBytes -= size;
        cachedBytes += size;
        (block.scratch() ? scratchBins : bins).computeIfAbsent(size, s -> new ArrayDeque<>()).push(block.address());
    }

    private boolean heldForCapture(long size, long address) {
        return captured != null && captured.containsKey(size) && captured.get(size).contains(address);
    }

    /** Starts keeping released scratch blocks for the graph being captured. */
    synchronized void beginCapture() {
        checkOpen();
        if (captured != null) {
            throw new IllegalStateException("device allocator: a capture is already in progress");
        }
        captured = new HashMap<>();
    }

    /**
     * Ends the capture; returns the scratch blocks released during it, which stay live until the caller releases
     * them.
     */
    synchronized List<Block> endCapture() {
        if (captured == null) {
            throw new IllegalStateException("device allocator: no capture in progress");
        }
        List<Block> held = new ArrayList<>();
        captured.forEach((size, addresses) -> addresses.forEach(a -> held.add(new Block(a, size, true))));
        captured = null;
        return held;
    }

    /** Frees every cached block (live blocks stay). */
    synchronized void trim() {
        for (Map<Long, ArrayDeque<Long>> cache : List.of(bins, scratchBins)) {
            for (ArrayDeque<Long> bin : cache.values()) {
                while (!bin.isEmpty()) {
                    free(bin.pop());
                }
            }
            cache.clear();
        }
        cachedBytes = 0;
    }

    synchronized AllocatorStats stats() {
        return new AllocatorStats(liveBytes, cachedBytes, hits, misses);
    }

    private long malloc(long size) {
        try {
            return tryMalloc(size);
        } catch (CudaException e) {
            if (!e.isOutOfMemory() || cachedBytes == 0) {
                throw e;
            }
            trim();
            return tryMalloc(size);
        }
    }

    private static long tryMalloc(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Jace.check("jace_malloc", jace_h.jace_malloc(out, size));
            return out.get(ValueLayout.ADDRESS, 0).address();
        }
    }

    private static void free(long address) {
        Jace.check("jace_free", jace_h.jace_free(MemorySegment.ofAddress(address)));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("device allocator is closed");
        }
    }

    /** Frees all memory, cached and live, each block even if freeing another failed. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Long> blocks = new ArrayList<>(live.keySet());
        bins.values().forEach(blocks::addAll);
        scratchBins.values().forEach(blocks::addAll);
        bins.clear();
        scratchBins.clear();
        cachedBytes = 0;
        live.clear();
        liveBytes = 0;
        Cleanup.runAll(blocks.stream().<Runnable>map(address -> () -> free(address)).toList());
    }
}
