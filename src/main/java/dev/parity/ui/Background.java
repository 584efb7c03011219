package dev.parity.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/** Runs work off the FX thread on daemon threads and hands results back on the FX thread. */
public final class Background {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "workbench-worker");
        t.setDaemon(true);
        return t;
    });

    /** Work that reports progress (0..1 or negative for indeterminate) and a message. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress p) throws Exception;
    }

    /** Progress sink handed to {@link Work}; checks for cancellation. */
    public interface Progress {
        void update(String message, double fraction);

        boolean isStopped();
    }

    /** Starts {@code work}; {@code onDone} and {@code onError} run on the FX thread unless the task was cancelled. */
    public <T> Task<T> submit(Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        WorkTask<T> task = new WorkTask<>(work);
        task.setOnSucceeded(e -> onDone.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        pool.submit(task);
        return task;
    }

    /** A task that is its own progress sink. */
    private static final class WorkTask<T> extends Task<T> implements Progress {
        private final Work<T> work;

        WorkTask(Work<T> work) {
            this.work = work;
        }

        @Override
        protected T call() throws Exception {
            return work.run(this);
        }

        @Override
        public void update(String message, double fraction) {
            updateMessage(message);
            updateProgress(fraction < 0 ? -1 : fraction, 1.0);
        }

        @Override
        public boolean isStopped() {
            return isCancelled();
        }
    }

    /** {@link #submit(Work, Consumer, Consumer)} for work without progress. */
    public <T> Task<T> submit(Callable<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        return submit(p -> work.call(), onDone, onError);
    }

    /** A one-line description of a failure for a status line. */
    public static String describe(Throwable t) {
        java.util.Optional<String> changed = dev.parity.io.MappedFiles.changed(t);
        if (changed.isPresent()) {
            return changed.get();
        }
        Throwable c = t;
        while ((c.getMessage() == null || c instanceof java.util.concurrent.CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
