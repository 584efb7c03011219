package dev.parity.port.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that touches DJL's PyTorch engine settings: gradients off (per thread, torch's GradMode is
 * thread-local), intra-op threads = available cores (or {@code -Dparity.threads}).
 */
public final class Torch {
    private static boolean threadsSet;

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
        if (!threadsSet) {
            int n = Integer.getInteger("parity.threads", Runtime.getRuntime().availableProcessors());
            JniUtils.setNumThreads(Math.max(1, n));
            threadsSet = true;
        }
    }
}
