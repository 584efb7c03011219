package dev.parity.port.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one place that touches DJL's PyTorch engine settings: gradients off (per thread, torch's GradMode is
 * thread-local) and the intra-op thread count: {@code -Dparity.threads} or {@code PARITY_THREADS} when set,
 * else the available cores — but 1 when the machine is already saturated (1-minute load average ≥ cores),
 * because libtorch's spinning worker threads then make a run several times slower, not faster — and 1 for a small
 * model ({@link #fitTo}); independent runs go side by side instead ({@link #sideBySide}).
 *
 * <p>DJL's usage tracking is off unless {@code OPT_OUT_TRACKING} is set otherwise: at engine start it probes the
 * EC2 metadata address, which off EC2 costs about 0.6 s of every command that runs the port (bench/diagnose.md).
 */
public final class Torch {
    /**
     * Models with fewer parameters than this (the bundled reduced-size dumps: 1.7–2.5 M) run on one libtorch
     * thread unless a count is set: their runs are mostly per-operation overhead, which a second intra-op thread
     * adds to (bench/diagnose.md). At full size the flow has 112 M, HiFT 21 M and T3 533 M
     * ({@code reference-dumps/state-dicts}).
     */
    static final long SMALL_MODEL_PARAMETERS = 8_000_000;
    private static int threads;
    private static int budget; // the intra-op threads this process may use: set, or the cores (1 when saturated)
    private static boolean set; // -Dparity.threads / PARITY_THREADS given
    private static ExecutorService workers; // sideBySide's threads, made on first use
    private static int workerCount;

    static {
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private Torch() {
    }

    /** A new base manager on the CPU of the PyTorch engine, after {@link #prepareThread()}. */
    public static NDManager newManager() {
        prepareThread();
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    /** Turns gradients off for the calling thread and sets the intra-op thread count once. */
    public static synchronized void prepareThread() {
        engineWithoutGradients();
        if (threads == 0) {
            budget = chooseThreads();
            threads = budget;
            JniUtils.setNumThreads(threads);
            nnpackOff();
        }
    }

    /**
     * Turns NNPACK off ({@code torch.backends.nnpack.enabled = False}: {@code at::globalContext()
     * .setUserEnabledNNPACK(false)}). The port never uses it: libtorch takes NNPACK only for a 2-D convolution of a
     * batch of 16 or more, and oneDNN first. But each convolution asked whether NNPACK is available, and where
     * libtorch's CPU probe cannot identify the CPU (the AMD EPYC VMs here) every asking printed "Could not initialize
     * NNPACK! Reason: Unsupported hardware." to stderr: 513 lines in one {@code parity diagnose} of the bundled dump.
     * Where the symbols are missing (another libtorch), nothing changes.
     */
    private static void nnpackOff() {
        try {
            NativeLibrary lib = Platform.libtorchLibrary();
            Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            if (context != null) {
                lib.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context, false});
            }
        } catch (RuntimeException | LinkageError e) {
            // an engine without these symbols: it may print the warning, nothing else depends on this
        }
    }

    /**
     * Fits the intra-op thread count to a model of {@code parameters} parameters that the calling thread is about
     * to run: one thread below {@link #SMALL_MODEL_PARAMETERS}, else every thread of the budget; a count set with
     * {@code parity.threads} / {@code PARITY_THREADS} is kept.
     */
    public static synchronized void fitTo(long parameters) {
        prepareThread();
        int n = set ? budget : parameters < SMALL_MODEL_PARAMETERS ? 1 : budget;
        if (n != threads) {
            threads = n;
            JniUtils.setNumThreads(n);
        }
    }

    /**
     * Runs independent runs side by side, one per core of the budget, each on one libtorch thread (results in the
     * order of {@code tasks}): one run rarely keeps two cores busy (serial sections, per-operation overhead), two
     * runs do (bench/diagnose.md). With a budget of one thread (set, or a saturated machine) or one task, the tasks
     * run one after another on the calling thread, and so do the tasks a task of a side-by-side call hands in (the
     * worker threads are shared and kept). The first failure is rethrown once every task has ended; the process's
     * thread count is restored.
     */
    public static <T> List<T> sideBySide(List<Callable<T>> tasks) {
        prepareThread();
        int parallel;
        synchronized (Torch.class) {
            parallel = Math.min(tasks.size(), budget);
        }
        List<T> out = new ArrayList<>();
        if (parallel <= 1 || onWorker()) { // a task of a side-by-side call runs its own tasks in line
            for (Callable<T> t : tasks) {
                out.add(call(t));
            }
            return out;
        }
        ExecutorService pool = workers(parallel);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> call(t)));
            }
            Throwable failure = null;
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for parallel runs", e);
                }
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return out;
        } finally {
            synchronized (Torch.class) {
                JniUtils.setNumThreads(threads); // the count is process-wide for libtorch and oneMKL
            }
        }
    }

    /** Gives back the cores {@link #leavingCores} took. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs the calling thread's work on {@code n} libtorch threads fewer than now (at least one) until the lease
     * is closed, leaving those cores to threads of our own, such as a trace writer that writes every call
     * ({@link TraceSink#busyThreads}): with two libtorch threads the writer takes a core from one of them whenever
     * it runs, and the OpenMP thread it took it from makes the other wait (bench/pipeline.md). Nothing changes
     * when {@code n} is 0, or on a worker of {@link #sideBySide} (already on one thread).
     */
    public static Lease leavingCores(int n) {
        prepareThread();
        synchronized (Torch.class) {
            int before = threads;
            int during = threadsLeaving(n);
            if (during == before) {
                return () -> { };
            }
            threads = during;
            JniUtils.setNumThreads(during);
            return () -> {
                synchronized (Torch.class) {
                    threads = before;
                    JniUtils.setNumThreads(before);
                }
            };
        }
    }

    /** The libtorch threads the calling thread's work would run on while leaving {@code n} cores. */
    public static synchronized int threadsLeaving(int n) {
        return onWorker() ? threads : Math.max(1, threads - n);
    }

    /**
     * Whether independent halves of a batch are better computed side by side ({@link #sideBySide}, one libtorch
     * thread each) than as one batch: when more than one libtorch thread is in use. One run on two threads rarely
     * keeps both cores busy (serial sections, per-operation overhead, OpenMP's spinning); two halves on one
     * thread each do (bench/pipeline.md).
     */
    public static synchronized boolean halvesSideBySide() {
        return threads >= 2 && !onWorker();
    }

    /**
     * The process's worker threads for {@link #sideBySide}, at least {@code n}: daemon threads, each on one libtorch
     * thread with gradients off, kept for later calls (a thread's first libtorch call costs its set-up, and
     * libtorch's per-thread caches stay warm).
     */
    private static synchronized ExecutorService workers(int n) {
        if (workers == null || workerCount < n) {
            if (workers != null) {
                workers.shutdown();
            }
            int[] index = {0};
            workers = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Worker(() -> {
                    engineWithoutGradients();
                    JniUtils.setNumThreads(1);
                    r.run();
                }, "parity-run-" + index[0]++);
                t.setDaemon(true);
                return t;
            });
            workerCount = n;
        }
        return workers;
    }

    /** A thread of {@link #workers}. */
    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
        }
    }

    /** Whether the calling thread's libtorch work runs on one thread: a worker of {@link #sideBySide}, or 1 in all. */
    public static boolean oneThreadHere() {
        prepareThread();
        synchronized (Torch.class) {
            return onWorker() || threads <= 1;
        }
    }

    /**
     * Runs {@code work} with the calling thread's libtorch work on one thread (for measuring a one-thread kernel
     * fairly), restoring the count after.
     */
    public static <T> T onOneThread(java.util.function.Supplier<T> work) {
        if (oneThreadHere()) {
            return work.get();
        }
        synchronized (Torch.class) {
            JniUtils.setNumThreads(1);
            try {
                return work.get();
            } finally {
                JniUtils.setNumThreads(threads);
            }
        }
    }

    /** Whether the calling thread is one of {@link #sideBySide}'s workers. */
    private static boolean onWorker() {
        return Thread.currentThread() instanceof Worker;
    }

    /** Loads the engine and turns gradients off for the calling thread (torch's GradMode is thread-local). */
    private static void engineWithoutGradients() {
        NDManager.newBaseManager(Device.cpu(), "PyTorch").close();
        JniUtils.setGradMode(false);
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets the intra-op threads this process may use (what {@code parity.threads} sets at start; the count in use
     * follows at the next {@link #fitTo}), for a caller that needs a budget the machine's load would not give, such
     * as a test of work side by side on a busy machine. Returns the budget before.
     */
    public static synchronized int setBudget(int n) {
        prepareThread();
        int before = budget;
        budget = Math.max(1, n);
        return before;
    }

    /** The intra-op thread count in use (0 before the first {@link #prepareThread()}). */
    public static synchronized int threads() {
        return threads;
    }

    private static int chooseThreads() {
        String given = System.getProperty("parity.threads", System.getenv("PARITY_THREADS"));
        if (given != null) {
            try {
                int n = Math.max(1, Integer.parseInt(given.trim()));
                set = true;
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parity.threads / PARITY_THREADS must be a whole number, got '"
                        + given + "'");
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load >= cores ? 1 : cores;
    }
}
