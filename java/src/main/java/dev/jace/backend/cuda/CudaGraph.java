package dev.jace.backend.cuda;

import dev.jace.backend.CapturedResources;
import dev.jace.backend.CapturedWork;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;

/**
 * An instantiated CUDA graph (cudaGraphExec_t) captured from a backend's stream; destroyed on close, which then gives
 * back the scratch memory its kernels write.
 */
final class CudaGraph implements CapturedWork {

    private final MemorySegment exec;
    private final Runnable enter;
    private final MemorySegment stream;
    private final CapturedResources uses;
    private final Runnable releaseScratch;
    private boolean closed;

    /**
     * @param enter          checks that the backend is open and makes its device current (before every native call)
     * @param stream         the stream the graph was captured from, which replays it
     * @param uses           the tensors and device scalars its kernels read or write, which must still be open at a
     *                       replay
     * @param releaseScratch returns the scratch blocks the graph uses to the allocator
     */
    CudaGraph(MemorySegment exec, Runnable enter, MemorySegment stream, CapturedResources uses,
              Runnable releaseScratch) {
        this.exec = exec;
        this.enter = enter;
        this.stream = stream;
        this.uses = uses;
        this.releaseScratch = releaseScratch;
    }

    @Override
    public void replay() {
        if (closed) {
            throw new IllegalStateException("replay of a CUDA graph after close()");
        }
        uses.requireOpen();
        enter.run();
        Jace.check("jace_graph_launch", jace_h.jace_graph_launch(exec, stream));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                Jace.check("jace_graph_destroy", jace_h.jace_graph_destroy(exec));
            } finally {
                releaseScratch.run();
            }
        }
    }
}
