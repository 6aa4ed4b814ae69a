package dev.jace.backend;

/**
 * Device work recorded once by {@link Backend#capture} and run again by each {@link #replay()}: on CUDA a CUDA
 * graph, so a replay costs one launch instead of one per kernel; on the CPU the list of recorded ops. Either way no
 * host code of the captured work runs at a replay, and every op reads its tensors when it runs, not when captured.
 *
 * <p>Captured work must stay on the device: no {@code upload}, {@code copyIn}, {@code download}, {@code readLater},
 * {@code synchronize}, no {@link DeviceScalars#publish}, {@link DeviceScalars#read} or {@link DeviceScalars#readLater},
 * no new tensors or scalars (their memory could be handed to another owner while the graph still writes it) and no
 * {@link Backend#close}. Such a call throws {@link IllegalStateException} from {@link #refused} while capturing, on
 * both backends. Inputs change between replays by copying into the tensors the work was captured with, or by
 * publishing new values of the {@link DeviceScalars} it reads; every tensor and block of scalars it uses must stay
 * open while this lives: a replay after one of them was closed throws ({@link CapturedResources}) and runs nothing.
 * Close it to free the graph.
 */
public interface CapturedWork extends AutoCloseable {

    /** Runs the captured work once more, in stream order after everything enqueued before. */
    void replay();

    @Override
    void close();

    /** The error for a host-side call ({@code call}) made by captured work. */
    static IllegalStateException refused(String call) {
        return new IllegalStateException(call + " inside captured work: captured work must stay on the device (no "
                + "upload, copyIn, publish, download, readLater, synchronize or new tensors or scalars); do it before "
                + "capture(), or between replays");
    }
}
