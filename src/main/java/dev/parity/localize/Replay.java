package dev.parity.localize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.parity.compare.Metrics;
import dev.parity.compare.MetricsCalculator;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.run.ReferenceDump;
import dev.parity.port.run.ConditioningPipeline;
import dev.parity.port.run.ConditioningRun;
import dev.parity.port.run.S3GenPipeline;
import dev.parity.port.run.T3Pipeline;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replays single modules of the Java pipeline: each module call that has recorded inputs in the reference is run
 * alone on exactly those inputs (every recorded argument, in recorded order, as the arguments of the module's
 * {@code forward(RunContext, NDArray...)}) and its first output is compared with the reference's recorded output.
 * The result is the module's own error, free of anything inherited from earlier modules.
 */
public final class Replay implements AutoCloseable {
    private final Trace ref;
    private final Runnable close;
    private final Map<String, Module> modules;

    private Replay(Trace ref, Runnable close, Object model) {
        this.ref = ref;
        this.close = close;
        this.modules = ModuleIndex.of(model);
    }

    /**
     * Builds the Java model from the reference dump's config and weights: S3Gen (flow and HiFT), T3, or the
     * conditioning models for a conditioning dump.
     */
    public static Replay open(Path refDump) {
        if (ConditioningRun.isConditioningDump(refDump)) {
            ConditioningPipeline c = ConditioningRun.pipeline(refDump);
            return new Replay(TraceReader.read(refDump), c::close, c.model());
        }
        ReferenceDump dump = ReferenceDump.open(refDump);
        if (dump.isT3()) {
            T3Pipeline t3 = T3Pipeline.load(dump.t3Config(), dump.weights());
            return new Replay(dump.trace(), t3::close, t3.model());
        }
        S3GenPipeline p = S3GenPipeline.load(dump.flowConfig(), dump.weights(), HiFTGenerator::create,
                dump.modelJson());
        return new Replay(dump.trace(), p::close, p.model());
    }

    /** Replays on an S3Gen pipeline already loaded from the dump; closing the replay leaves it open. */
    public static Replay of(dev.parity.port.run.ReferenceRun.Loaded loaded) {
        return new Replay(loaded.dump().trace(), () -> { }, loaded.pipeline().model());
    }

    /** Replays every recorded call of the modules whose path matches {@code pattern} (glob or re:, see policy). */
    public List<ReplayResult> run(String pattern, TolerancePolicy policy, NoiseFloor floor) {
        return run(pattern, FaultPlan.NONE, policy, floor);
    }

    /** {@link #run(String, TolerancePolicy, NoiseFloor)} with {@code faults} injected into the replayed modules. */
    public List<ReplayResult> run(String pattern, FaultPlan faults, TolerancePolicy policy, NoiseFloor floor) {
        Pattern p = TolerancePolicy.compile(pattern);
        List<ReplayResult> out = new ArrayList<>();
        for (ModuleCall c : CallTree.of(ref.entries()).calls()) {
            if (!c.ins().isEmpty() && !c.outs().isEmpty() && modules.containsKey(c.name())
                    && p.matcher(c.name()).matches()) {
                out.add(replay(c, faults, policy, floor));
            }
        }
        return out;
    }

    /**
     * Replays one recorded call. One unrecorded argument is filled in, where that is exact: the attention bias of
     * a diffusers {@code Attention} (the reference records only its first argument) is zero for an unpadded batch,
     * which the estimator's recorded all-ones {@code mask} shows.
     */
    public ReplayResult replay(ModuleCall c, FaultPlan faults, TolerancePolicy policy, NoiseFloor floor) {
        TraceEntry outEntry = ref.get(new EntryId(c.name(), c.call(), EntryKind.OUT, null));
        Tolerance tol = outEntry == null ? null : policy.forEntry(outEntry);
        Module mod = modules.get(c.name());
        boolean zeroBias = forward(mod, c.ins().size()) == null && isAttention(mod) && unpadded();
        Method forward = forward(mod, c.ins().size() + (zeroBias ? 1 : 0));
        if (outEntry == null || forward == null) {
            return notReplayable(c, tol, outEntry == null ? "no recorded output" : "forward(RunContext, "
                    + c.ins().size() + " NDArray) not found: not every argument was recorded");
        }
        Torch.prepareThread();
        try (NDManager m = Torch.newManager()) {
            Tensor y = invoke(mod, forward, args(m, c, RunContext.faulted(faults), zeroBias));
            ReplayResult r = judge(c, outEntry, y, tol, floor);
            return zeroBias ? withNote(r, "attention_mask not recorded: zero bias (unpadded batch)") : r;
        } catch (InvocationTargetException | RuntimeException e) {
            Throwable t = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            return new ReplayResult(c.name(), c.call(), ReplayResult.Status.ERROR, null, tol, Double.NaN,
                    t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
        } catch (IllegalAccessException e) {
            return notReplayable(c, tol, "forward not accessible");
        }
    }

    private static boolean isAttention(Module m) {
        return m.getClass().getName().equals("dev.parity.port.s3gen.Attention");
    }

    /** Whether the estimator's recorded mask (call 0) is all ones. */
    private boolean unpadded() {
        TraceEntry e = ref.get(new EntryId("flow.decoder.estimator", 0, EntryKind.IN, "mask"));
        return e != null && Arrays.stream(ref.tensor(e).toDoubleArray()).allMatch(v -> v == 1.0);
    }

    private static ReplayResult withNote(ReplayResult r, String note) {
        return new ReplayResult(r.module(), r.call(), r.status(), r.metrics(), r.tolerance(), r.floorRatio(),
                r.note() == null ? note : r.note() + "; " + note);
    }

    private static ReplayResult notReplayable(ModuleCall c, Tolerance tol, String why) {
        return new ReplayResult(c.name(), c.call(), ReplayResult.Status.NOT_REPLAYABLE, null, tol, Double.NaN, why);
    }

    private ReplayResult judge(ModuleCall c, TraceEntry outEntry, Tensor y, Tolerance tol, NoiseFloor floor) {
        Tensor r = ref.tensor(outEntry);
        if (!r.shape().equals(y.shape())) {
            return new ReplayResult(c.name(), c.call(), ReplayResult.Status.FAIL, null, tol, Double.NaN,
                    "output shape " + y.shape() + " differs from the recorded " + r.shape());
        }
        Metrics mt = MetricsCalculator.compute(r, y, tol);
        ReplayResult.Status s = mt.passes(tol) ? ReplayResult.Status.PASS : ReplayResult.Status.FAIL;
        return new ReplayResult(c.name(), c.call(), s, mt, tol, floor.ratio(outEntry.id(), mt.relL2()), null);
    }

    /** The public {@code forward(RunContext, NDArray × n)} of a module, or null. */
    private static Method forward(Module m, int n) {
        for (Method f : m.getClass().getMethods()) {
            Class<?>[] ps = f.getParameterTypes();
            if (f.getName().equals("forward") && ps.length == n + 1 && ps[0] == RunContext.class
                    && Arrays.stream(ps).skip(1).allMatch(t -> t == NDArray.class)) {
                return f;
            }
        }
        return null;
    }

    private Object[] args(NDManager m, ModuleCall c, RunContext ctx, boolean zeroBias) {
        Object[] a = new Object[c.ins().size() + 1 + (zeroBias ? 1 : 0)];
        a[0] = ctx;
        for (int i = 0; i < c.ins().size(); i++) {
            TraceEntry e = ref.entries().get(c.ins().get(i));
            a[i + 1] = array(m, e, ref.tensor(e));
        }
        if (zeroBias) {
            long[] x = ((NDArray) a[1]).getShape().getShape(); // (B, T, C)
            a[a.length - 1] = m.zeros(new ai.djl.ndarray.types.Shape(x[0], 1, x[1])); // (B, 1, T)
        }
        return a;
    }

    /**
     * A recorded tensor as the original dtype says: int64 ids, bool masks, complex64 (a rotary table, an STFT:
     * its float32 (real, imaginary) pairs viewed as complex, as {@code torch.view_as_complex}), else float32.
     */
    static NDArray array(NDManager m, TraceEntry e, Tensor t) {
        if (t.dtype().isComplex()) {
            Tensor pairs = t.asReal(); // (..., 2)
            return m.create(pairs.toFloatArray(), new ai.djl.ndarray.types.Shape(pairs.shape().dims())).complex();
        }
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(t.shape().dims());
        if (e.dtype() == DType.INT64) {
            return m.create(t.toLongArray(), s);
        }
        if (e.dtype() == DType.BOOL) {
            double[] v = t.toDoubleArray();
            boolean[] b = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = v[i] != 0;
            }
            return m.create(b, s);
        }
        return m.create(t.toFloatArray(), s);
    }

    private static Tensor invoke(Module mod, Method f, Object[] args) throws InvocationTargetException,
            IllegalAccessException {
        Object y = f.invoke(mod, args);
        NDArray first = y instanceof NDArray a ? a : y instanceof NDArray[] arr ? arr[0]
                : y instanceof NDList l ? l.get(0) : null;
        if (first == null) {
            throw new IllegalStateException("forward returned " + (y == null ? "null" : y.getClass().getSimpleName()));
        }
        return TraceWriterSink.toTensor(first);
    }

    /**
     * Replays the culprit's module and every module inside it (by path; for a plain method such as
     * {@code flow.decoder.solve_euler()}, the modules under its owner) with {@code faults} injected.
     */
    public static List<ReplayResult> culprit(Path refDump, Culprit c, FaultPlan faults, TolerancePolicy policy,
                                             NoiseFloor floor) {
        try (Replay r = open(refDump)) {
            return culprit(r, c, faults, policy, floor);
        }
    }

    /** {@link #culprit(Path, Culprit, FaultPlan, TolerancePolicy, NoiseFloor)} with this replay's pipeline. */
    public static List<ReplayResult> culprit(Replay r, Culprit c, FaultPlan faults, TolerancePolicy policy,
                                             NoiseFloor floor) {
        String m = c.module().endsWith("()") ? c.module().substring(0, Math.max(0, c.module().lastIndexOf('.')))
                : c.module();
        String pattern = "re:" + Pattern.quote(m) + "(\\..*)?";
        return r.run(pattern, faults, policy, floor);
    }

    /** Module paths among {@code failed} with no failing module inside them: where the local errors are. */
    public static List<String> innermost(List<ReplayResult> failed) {
        List<String> names = failed.stream().map(ReplayResult::module).distinct().toList();
        return names.stream().filter(n -> names.stream().noneMatch(o -> o.startsWith(n + "."))).toList();
    }

    /** Whether a result counts as a divergence (failed or threw). */
    public static boolean diverged(ReplayResult r) {
        return r.status() == ReplayResult.Status.FAIL || r.status() == ReplayResult.Status.ERROR;
    }

    @Override
    public void close() {
        close.run();
    }
}
