package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;

/**
 * Base of every ported module. It knows its dotted upstream path (the state-dict prefix of its weights and its
 * trace name) and counts its calls, so trace identities {@code (path, call, kind, arg)} match the reference.
 *
 * <p>A forward method takes the run's {@link RunContext} (trace sink, faults, stage feed), starts with
 * {@code Call c = begin(ctx).in(x).in("mask", mask);} and returns {@code c.out(y)}.
 */
public abstract class Module {
    private final String path;
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    protected Module(String path) {
        this.path = path;
    }

    /** Dotted upstream path, e.g. {@code flow.decoder.estimator.mid_blocks.0.1.0.attn1}. */
    public final String path() {
        return path;
    }

    /** The upstream class name recorded as {@code module_type}. */
    public String moduleType() {
        return getClass().getSimpleName();
    }

    /** The path of a child attribute: {@code child("attn1")}. */
    protected final String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether the run's {@link FaultPlan} injects {@code fault} in this module (fault injection; false normally). */
    protected final boolean faulty(RunContext ctx, Fault fault) {
        return ctx.faulty(fault, path);
    }

    /** Number of calls so far. */
    public final int calls() {
        return calls.get();
    }

    /** Starts one call: takes the next call index and returns a recorder for its tensors. */
    protected final Call begin(RunContext ctx) {
        int own = calls.getAndIncrement(); // untraced runs may call a module from two threads at once
        if (!ctx.tracing()) {
            return Call.NONE;
        }
        int counted = ctx.sink().nextCall(path);
        return new Call(ctx.sink(), ctx.feed(), this, counted >= 0 ? counted : own);
    }

    /** Records the tensors of one call of one module; a no-op when tracing is off. */
    public static final class Call {
        static final Call NONE = new Call(null, StageFeed.NONE, null, -1);
        private final TraceSink sink;
        private final StageFeed feed;
        private final Module module;
        private final int call;

        Call(TraceSink sink, StageFeed feed, Module module, int call) {
            this.sink = sink;
            this.feed = feed;
            this.module = module;
            this.call = call;
        }

        /** Records the first tensor argument. */
        public Call in(NDArray x) {
            return in(null, x);
        }

        /** Records a named tensor argument. */
        public Call in(String arg, NDArray x) {
            if (sink != null && x != null) {
                sink.record(new EntryId(module.path(), call, EntryKind.IN, arg), module.moduleType(), x);
            }
            return this;
        }

        /** Records the (first) output and returns it. */
        public NDArray out(NDArray y) {
            return out(null, y);
        }

        /** Records a tuple output by its index ({@code "1"}) and returns it. */
        public NDArray out(String arg, NDArray y) {
            if (sink != null && y != null) {
                EntryId id = new EntryId(module.path(), call, EntryKind.OUT, arg);
                NDArray z = feed.replace(id, y); // y unless a stage swap feeds this output
                sink.record(id, module.moduleType(), z);
                return z;
            }
            return y;
        }

        /**
         * The module call replayed from an earlier run when the run's feed carries one for this call and its sink
         * can replay ({@link CallReplay}): its inside entries are recorded, its draws counted, and its output
         * returned, to pass to {@link #out(NDArray)}; null when the call is to be computed.
         */
        public NDArray replayed(RandomDraws draws, NDManager m) {
            if (sink == null || !sink.replays()) {
                return null;
            }
            CallReplay r = feed.replay(new EntryId(module.path(), call, EntryKind.OUT, null));
            return r == null ? null : r.replay(sink, draws, m);
        }

        /** The call index, or -1 when tracing is off. */
        public int index() {
            return call;
        }
    }
}
