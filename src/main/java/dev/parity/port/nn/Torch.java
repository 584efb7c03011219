package dev.parity.port.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that touches DJL's PyTorch engine settings: gradients off (per thread, torch's GradMode is
 * thread-local) and the intra-op thread count: {@code -Dparity.threads} or {@code PARITY_THREADS} when set,
 * else the available cores — but 1 when the machine is already saturated (1-minute load average ≥ cores),
 * because libtorch's spinning worker threads then make a run several times slower, not faster.
 *
 * <p>DJL's usage tracking is off unless {@code OPT_OUT_TRACKING} is set otherwise: at engine start it probes the
 * EC2 metadata address, which off EC2 costs about 0.6 s of every command that runs the port (bench/diagnose.md).
 */
public final class Torch {
    private static int threads;

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
        NDManager.newBaseManager(Device.cpu(), "PyTorch").close(); // loads the engine
        JniUtils.setGradMode(false);
        if (threads == 0) {
            threads = chooseThreads();
            JniUtils.setNumThreads(threads);
        }
    }

    /** The intra-op thread count in use (0 before the first {@link #prepareThread()}). */
    public static synchronized int threads() {
        return threads;
    }

    private static int chooseThreads() {
        String set = System.getProperty("parity.threads", System.getenv("PARITY_THREADS"));
        if (set != null) {
            try {
                return Math.max(1, Integer.parseInt(set.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parity.threads / PARITY_THREADS must be a whole number, got '"
                        + set + "'");
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load >= cores ? 1 : cores;
    }
}
