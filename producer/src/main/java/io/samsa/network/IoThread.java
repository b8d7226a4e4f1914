package io.samsa.network;

import io.samsa.common.utils.Time;
import io.samsa.common.errors.ClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one I/O thread of a client. It owns the {@link NetworkClient} and every {@link IoService}; other threads
 * talk to it only through {@link #execute(Runnable)}, which queues a task and wakes the selector.
 *
 * <p>Single-writer design (as in Aeron): all connection, metadata and in-flight state is touched by this one
 * thread, so none of it needs locks; the task queue is the only shared structure.
 */
public final class IoThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IoThread.class);
    /** Upper bound of one network wait, so that a lost wakeup costs at most this much latency. */
    private static final long MAX_POLL_MS = 1_000;
    /** How often one service's exceptions are logged with their stack trace at most (the rest go to DEBUG). */
    static final long SERVICE_ERROR_LOG_INTERVAL_MS = 30_000;

    private final NetworkClient client;
    private final Time time;
    private final Thread thread;
    private final List<IoService> services = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Guarded by {@link #lock}: once true, no task is accepted. */
    private boolean closing;
    private volatile boolean running = true;
    private volatile boolean started;
    /** When each service's exception was last logged at ERROR. I/O thread only. */
    private final Map<IoService, Long> lastServiceErrorMs = new IdentityHashMap<>();

    public IoThread(String name, NetworkClient client, Time time) {
        this.client = client;
        this.time = time;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Adds a service; call before {@link #start()}. */
    public void addService(IoService service) {
        services.add(service);
    }

    public void start() {
        started = true;
        thread.start();
    }

    public NetworkClient client() {
        return client;
    }

    /** True when called from the I/O thread itself. */
    public boolean inIoThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs the task on the I/O thread, soon. Safe from any thread.
     *
     * @throws ClosedException when the thread is closing (the task will not run)
     */
    public void execute(Runnable task) {
        synchronized (lock) {
            if (closing) {
                throw new ClosedException("The client's I/O thread " + thread.getName() + " is closed");
            }
            tasks.add(task);
        }
        client.wakeup();
    }

    private void run() {
        try {
            while (running) {
                runOnce();
            }
        } finally {
            shutdown();
        }
    }

    private void runOnce() {
        try {
            runTasks();
            long now = time.milliseconds();
            long wait = MAX_POLL_MS;
            for (IoService s : services) {
                try {
                    wait = Math.min(wait, s.poll(now));
                } catch (RuntimeException e) {
                    // The network poll must still run: its callbacks are what clear this and every other
                    // service's in-flight state. The service is polled again on the next turn.
                    serviceFailed(s, e, now);
                }
            }
            synchronized (lock) {
                if (!tasks.isEmpty()) {
                    wait = 0;
                }
            }
            client.poll(Math.max(0, wait));
        } catch (RuntimeException | Error e) {
            // Keep serving: one bad iteration must not strand every in-flight request without an answer.
            log.error("Unexpected error in I/O thread {}", thread.getName(), e);
            if (e instanceof Error && !(e instanceof AssertionError)) {
                throw (Error) e;
            }
        }
    }

    private void serviceFailed(IoService s, RuntimeException e, long now) {
        Long last = lastServiceErrorMs.get(s);
        // A service that throws on every turn must not flood the log: once per interval with the trace.
        if (last == null || now - last >= SERVICE_ERROR_LOG_INTERVAL_MS) {
            lastServiceErrorMs.put(s, now);
            log.error("{} threw on I/O thread {} (logged at most once per {} ms)", s, thread.getName(),
                    SERVICE_ERROR_LOG_INTERVAL_MS, e);
        } else {
            log.debug("{} threw on I/O thread {}: {}", s, thread.getName(), e.toString());
        }
    }

    private void runTasks() {
        ArrayDeque<Runnable> batch;
        synchronized (lock) {
            if (tasks.isEmpty()) {
                return;
            }
            batch = tasks;
            tasks = new ArrayDeque<>();
        }
        for (Runnable r : batch) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("A task on I/O thread {} threw", thread.getName(), e);
            }
        }
    }

    private void shutdown() {
        synchronized (lock) {
            closing = true;
        }
        // Tasks queued before closing still run, so their futures complete (with a closed error, typically).
        runTasks();
        List<IoService> all = new ArrayList<>(services);
        for (IoService s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("Closing {} failed", s, e);
            }
        }
        client.close();
    }

    /**
     * Stops the loop, fails what is pending, closes every connection and waits for the thread to end, at most
     * {@code timeoutMs}. Idempotent.
     *
     * @return true if the thread ended within the time
     */
    public boolean close(long timeoutMs) {
        running = false;
        client.wakeup();
        if (!started) {
            synchronized (lock) {
                if (closing) {
                    return true;
                }
            }
            shutdown(); // never started: release on the caller's thread what the loop would have
            return true;
        }
        if (inIoThread()) {
            return false; // cannot join ourselves; the loop ends when this task returns
        }
        try {
            thread.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(30_000);
    }
}
