package dev.jace.bench;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.PendingRead;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What code asks of a backend, counted while {@link #counting}: every {@link Backend} call (through a {@link Proxy}),
 * the calls on what the backend hands back that reach the device or wait for it (the {@code publish} and
 * {@code readLater} of its {@link DeviceScalars}, the {@code replay} of its {@link CapturedWork}), and the host's
 * waits: the first {@link PendingRead#get} of each {@code readLater}, the one that may block.
 *
 * <p>A wait is a {@link Wait#ROUND_TRIP} when no device work (an op or a replay; transfers and reads are not) was
 * enqueued between its read and the wait: the device then has nothing queued behind the read, so it runs dry while
 * the host waits, and the host can enqueue the next step only after that. It is {@link Wait#OVERLAPPED} when device
 * work was queued behind the read, such as the next step reading the previous one's record. On the CPU no get() waits
 * (a readLater copies at once), but the calls come in the order they come on CUDA, so the kinds are the same.
 */
final class BackendTraffic {

    /** The calls that move data, allocate, wait or ask, enqueueing no op: every other backend call enqueues one. */
    private static final Set<String> NO_DEVICE_WORK = Set.of("name", "allocate", "upload", "copyIn", "download",
            "readLater", "synchronize", "capture", "scalars", "close");
    /** The calls whose jace source lines {@link #sites} keeps: host transfers and allocations. */
    static final Set<String> HOST_BOUND = Set.of("upload", "copyIn", "publish", "download", "readLater", "allocate",
            "synchronize");

    /** What a host wait had queued behind its read. */
    enum Wait {
        /** No device work: the device runs dry while the host waits. */
        ROUND_TRIP("roundTrip"),
        /** Later device work, which the device runs while the host waits. */
        OVERLAPPED("overlapped");

        final String label;

        Wait(String label) {
            this.label = label;
        }
    }

    final Map<String, Integer> calls = new TreeMap<>();
    /** Wall time inside each op's calls, summed. */
    final Map<String, Long> nanos = new TreeMap<>();
    final Map<String, Integer> sites = new TreeMap<>();
    final Map<Wait, Integer> waits = new EnumMap<>(Wait.class);
    /** Wall time inside each kind of wait, summed. */
    final Map<Wait, Long> waitNanos = new EnumMap<>(Wait.class);
    /** Waits by kind and the jace line that waited. */
    final Map<String, Integer> waitSites = new TreeMap<>();
    /** The counted calls since {@code stepCalls.clear()}, in order. */
    final List<String> stepCalls = new ArrayList<>();
    boolean counting;
    /** Device work enqueued so far, counted or not. */
    private long work;

    /** {@code backend}, its calls counted here. */
    Backend counted(Backend backend) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    String op = method.getName();
                    long start = begin(op, method.getDeclaringClass() == Backend.class && !NO_DEVICE_WORK.contains(op));
                    try {
                        return wrap(op, method.invoke(backend, unwrap(args)));
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        end(op, start);
                    }
                });
    }

    /** Counts a call of {@code op} and returns its start time for {@link #end}. */
    private long begin(String op, boolean deviceWork) {
        if (deviceWork) {
            work++;
        }
        if (counting) {
            stepCalls.add(op);
            calls.merge(op, 1, Integer::sum);
            if (HOST_BOUND.contains(op)) {
                sites.merge(op + " @ " + caller(), 1, Integer::sum);
            }
        }
        return System.nanoTime();
    }

    private void end(String op, long start) {
        if (counting) {
            nanos.merge(op, System.nanoTime() - start, Long::sum);
        }
    }

    /** What the backend returned, with the reads, scalars and captured work in it counted too. */
    private Object wrap(String op, Object result) {
        return switch (result) {
            case PendingRead<?> read when op.equals("readLater") -> new CountedRead<>(read, work);
            case DeviceScalars scalars -> new CountedScalars(scalars);
            case CapturedWork captured -> new CountedCapture(captured);
            case null, default -> result;
        };
    }

    /** The backend's own scalars in place of the counted ones: it takes no others. */
    private static Object[] unwrap(Object[] args) {
        if (args == null) {
            return null;
        }
        Object[] own = args.clone();
        for (int i = 0; i < own.length; i++) {
            if (own[i] instanceof CountedScalars counted) {
                own[i] = counted.scalars;
            } else if (own[i] instanceof DeviceScalar(CountedScalars counted, int index)) {
                own[i] = new DeviceScalar(counted.scalars, index);
            }
        }
        return own;
    }

    /** Counts a wait for {@code read}, enqueued when {@link #work} was {@code workAtRead}, then waits. */
    private <T> T await(PendingRead<T> read, long workAtRead) {
        Wait kind = work == workAtRead ? Wait.ROUND_TRIP : Wait.OVERLAPPED;
        boolean counted = counting;
        if (counted) {
            waits.merge(kind, 1, Integer::sum);
            waitSites.merge(kind.label + " @ " + caller(), 1, Integer::sum);
        }
        long start = System.nanoTime();
        try {
            return read.get();
        } finally {
            if (counted) {
                waitNanos.merge(kind, System.nanoTime() - start, Long::sum);
            }
        }
    }

    /** A read whose first get() is counted as a wait; later ones return the values got then. */
    private final class CountedRead<T> implements PendingRead<T> {

        private final PendingRead<T> read;
        private final long workAtRead;
        private boolean waited;

        CountedRead(PendingRead<T> read, long workAtRead) {
            this.read = read;
            this.workAtRead = workAtRead;
        }

        @Override
        public T get() {
            if (waited) {
                return read.get();
            }
            waited = true;
            return await(read, workAtRead);
        }
    }

    /** A block of device scalars whose publishes and reads are counted; {@link #read} is a counted readLater + get. */
    private final class CountedScalars implements DeviceScalars {

        private final DeviceScalars scalars;

        CountedScalars(DeviceScalars scalars) {
            this.scalars = scalars;
        }

        @Override
        public int size() {
            return scalars.size();
        }

        @Override
        public void set(int index, double value) {
            scalars.set(index, value);
        }

        @Override
        public void publish() {
            long start = begin("publish", false);
            try {
                scalars.publish();
            } finally {
                end("publish", start);
            }
        }

        @Override
        public PendingRead<double[]> readLater() {
            long start = begin("readLater", false);
            try {
                return new CountedRead<>(scalars.readLater(), work);
            } finally {
                end("readLater", start);
            }
        }

        /** As the interface's, here so that the site of its wait is the caller's line. */
        @Override
        public double[] read() {
            return readLater().get();
        }

        @Override
        public boolean isClosed() {
            return scalars.isClosed();
        }

        @Override
        public void close() {
            scalars.close();
        }
    }

    /** Captured work whose replays are counted, as device work. */
    private final class CountedCapture implements CapturedWork {

        private final CapturedWork captured;

        CountedCapture(CapturedWork captured) {
            this.captured = captured;
        }

        @Override
        public void replay() {
            long start = begin("replay", true);
            try {
                captured.replay();
            } finally {
                end("replay", start);
            }
        }

        @Override
        public void close() {
            captured.close();
        }
    }

    /** The first jace frame outside this package: the library code that made the call. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("dev.jace.") && !f.getClassName().startsWith("dev.jace.bench"))
                .findFirst()
                .map(f -> f.getClassName().substring("dev.jace.".length()) + "." + f.getMethodName() + ":"
                        + f.getLineNumber())
                .orElse("?"));
    }
}
