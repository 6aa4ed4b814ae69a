package dev.jace.backend.cuda;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CUDA graphs a backend captured that are not closed yet; its close destroys them, before the stream they were
 * captured from and the memory they write. A graph closed by its user leaves.
 */
final class OpenGraphs implements AutoCloseable {

    private final Set<CudaGraph> open = ConcurrentHashMap.newKeySet();

    /** Adds {@code graph} and returns it. */
    CudaGraph add(CudaGraph graph) {
        open.add(graph);
        return graph;
    }

    void remove(CudaGraph graph) {
        open.remove(graph);
    }

    /** Closes every graph still open, each even if closing another failed; throws the first failure. */
    @Override
    public void close() {
        Cleanup.runAll(List.copyOf(open).stream().<Runnable>map(graph -> graph::close).toList());
    }
}
