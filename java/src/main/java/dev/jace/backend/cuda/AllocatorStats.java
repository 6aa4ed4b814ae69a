package dev.jace.backend.cuda;

/**
 * Counters of a {@link DeviceAllocator}.
 *
 * @param liveBytes   bytes in blocks handed out and not yet released (rounded to size classes)
 * @param cachedBytes bytes in released blocks kept for reuse
 * @param hits        allocations served from the cache
 * @param misses      allocations that called jace_malloc
 */
public record AllocatorStats(long liveBytes, long cachedBytes, long hits, long misses) {
}
