package dev.jace.backend.cuda;

import dev.jace.backend.CapturedResources;
import dev.jace.backend.CapturedWork;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;

/**
 * An instantiated CUDA graph (cudaGraphExec_t) captured from a backend's stream; destroyed on close, which then gives
 * back the scratch memory its kernels write, or by the backend's close if still open then. Thread-safe.
 */
final class CudaGraph implements CapturedWork {

    private final MemorySegment exec;
    private final Runnable enter;
    private final MemorySegment stream;
    private final CapturedResources uses;
    private final Runnable releaseScratch;
    private final OpenGraphs openGraphs;
    private boolean closed;

    /**
     * @param enter          checks that the backend is open and makes its device current (before every native call)
     * @param stream         the stream the graph was captured from, which replays it
     * @param uses           the tensors and device scalars its kernels read or write, which must still be open at a
     *                       replay
     * @param releaseScratch returns the scratch blocks the graph uses to the allocator
     * @param openGraphs     the backend's open graphs, which this leaves when closed
     */
    CudaGraph(MemorySegment exec, Runnable enter, MemorySegment stream, CapturedResources uses,
              Runnable releaseScratch, OpenGraphs openGraphs) {
        this.exec = exec;
        this.enter = enter;
        this.stream = stream;
        this.uses = uses;
        this.releaseScratch = releaseScratch;
        this.openGraphs = openGraphs;
    }

    @Override
    public synchronized void replay() {
        if (closed) {
            throw new IllegalStateException("replay of a CUDA graph after close()");
        }
        uses.requireOpen();
        enter.run();
        Jace.check("jace_graph_launch", jace_h.jace_graph_launch(exec, stream));
    }

    /** Whether {@link #close()} ran, by its user or by the backend's close. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Synchronized: the backend's close may close it from another thread. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            openGraphs.remove(this);
            try {
                Jace.check("jace_graph_destroy", jace_h.jace_graph_destroy(exec));
            } finally {
                releaseScratch.run();
            }
        }
    }
}
