package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.Switches;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TracedMethod;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Conditional flow matching, inference: x₀ = randn_like(mu) (all frames, prompt included); cosine time grid
 * t = 1 − cos(½π·linspace(0, 1, n+1)); Euler steps with classifier-free guidance on a batch of 2
 * ([cond, uncond]; uncond has mu = spks = cond = 0): v = (1 + r)·v_c − r·v_u.
 *
 * <p>How the batch of two is computed ({@code -Dparity.cfg} or {@code PARITY_CFG}): {@code auto} (default) as two
 * batches of one side by side when the run is untraced, injects no fault, is fed nothing and uses more than one
 * libtorch thread, else as one batch; {@code halves} always as two batches of one (side by side when the thread
 * budget allows, else one after the other); {@code batched} always as one batch, as upstream does. A traced run
 * records upstream's entries (B = 2): it computes one batch, or the halves side by side where its sink merges them
 * into the batch's entries and, unless {@code halves} is asked for, writes them to a disk
 * ({@link #halvesWhenTraced}).
 */
public class CausalConditionalCFM extends Module {
    /** How the CFG batch is computed; see the class comment. */
    public enum CfgMode {
        AUTO, HALVES, BATCHED;

        boolean halves() {
            return this == HALVES || this == AUTO && Torch.halvesSideBySide();
        }
    }

    final ConditionalDecoder estimator;
    final TracedMethod solve_euler;
    public final double inference_cfg_rate;

    public CausalConditionalCFM(String path, Weights w, FlowConfig cfg) {
        super(path);
        this.estimator = new ConditionalDecoder(child("estimator"), w, cfg.estimator());
        this.solve_euler = new TracedMethod(path, "CausalConditionalCFM", "solve_euler");
        this.inference_cfg_rate = cfg.cfm().inference_cfg_rate();
    }

    public NDArray forward(RunContext ctx, NDArray mu, NDArray mask, int nTimesteps, NDArray spks, NDArray cond,
            RandomDraws draws) {
        Call c = begin(ctx).in(mu).in("mask", mask).in("spks", spks).in("cond", cond); // (B, 80, T) ..
        NDArray replayed = c.replayed(draws, mu.getManager()); // a stage swap fed at this output
        if (replayed != null) {
            return c.out(replayed); // (B, 80, T)
        }
        long[] shape = mu.getShape().getShape();
        NDArray z = draws.randnLike(ctx, mu.getManager(), "cfm_z", path(), shape)
                .toType(mu.getDataType(), false); // (B, 80, T)
        NDArray tSpan = mu.getDataType() == DataType.FLOAT64 ? timeGrid64(mu.getManager(), nTimesteps)
                : timeGrid(mu.getManager(), nTimesteps); // (n + 1)
        if (faulty(ctx, Fault.FLOAT16_DECODER)) {
            return c.out(solveEuler(ctx, half(z), tSpan, half(mu), mask, half(spks), half(cond))); // (B, 80, T)
        }
        return c.out(solveEuler(ctx, z, tSpan, mu, mask, spks, cond)); // (B, 80, T)
    }

    /** 1 − cos(t·½·π) on linspace(0, 1, n + 1), in float32. */
    static NDArray timeGrid(NDManager m, int n) {
        NDArray t = m.linspace(0f, 1f, n + 1); // (n + 1)
        return t.mul(0.5).mul(Math.PI).cos().neg().add(1f); // (n + 1)
    }

    /** The same in float64 (a float64 run): torch.linspace's two-sided formula, then 1 − cos(t·½·π). */
    static NDArray timeGrid64(NDManager m, int n) {
        double[] t = new double[n + 1];
        double step = 1.0 / n;
        for (int i = 0; i <= n; i++) {
            t[i] = i < (n + 1) / 2 ? i * step : 1 - step * (n - i);
        }
        return m.create(t).mul(0.5).mul(Math.PI).cos().neg().add(1.0); // (n + 1)
    }

    NDArray solveEuler(RunContext ctx, NDArray x, NDArray tSpan, NDArray mu, NDArray mask, NDArray spks,
            NDArray cond) {
        var c = solve_euler.start(ctx).in(x).in("t_span", tSpan).in("mu", mu).in("mask", mask).in("spks", spks)
                .in("cond", cond);
        boolean f64 = x.getDataType() == DataType.FLOAT64;
        java.util.function.DoubleUnaryOperator round = f64 ? v -> v : v -> (float) v; // t, dt as 0-dim tensors
        double[] ts = tSpan.toType(DataType.FLOAT64, false).toDoubleArray();
        boolean mixConditions = ctx.faulty(Fault.CFG_MIXES_CONDITIONS, child("solve_euler()"));
        double g = mixConditions ? 1.0 + inference_cfg_rate : 1.0; // fault injection: guidance on the conditions
        NDArray maskIn = mask.concat(mask, 0); // (2, 1, T)
        NDArray muIn = mu.mul(g).concat(mu.zerosLike(), 0); // (2, 80, T)
        NDArray spksIn = spks.mul(g).concat(spks.zerosLike(), 0); // (2, 80)
        NDArray condIn = cond.mul(g).concat(cond.zerosLike(), 0); // (2, 80, T)
        CfgMode mode = cfgMode(); // read first: a wrong value is reported whatever the run
        boolean halves = ctx.faults().isEmpty() && ctx.feed().outputs().isEmpty() && !mixConditions
                && (ctx.tracing() ? halvesWhenTraced(ctx.sink()) : mode.halves()); // see estimate()
        double t = ts[0];
        double dt = round.applyAsDouble(ts[1] - ts[0]);
        Rows rows = halves ? new Rows(maskIn, muIn, spksIn, condIn) : null;
        // traced: one pair of half sinks for every step, so that a row recorded again shares its file, as the
        // batch's conditions do across steps
        try (TraceSink.Halves sinks = halves && ctx.tracing() ? ctx.sink().halves() : null) {
            for (int step = 1; step < ts.length; step++) {
                double tk = t;
                Number dtk = f64 ? (Number) dt : (Number) (float) dt;
                x = Scopes.scoped(x, xk -> {
                    NDArray v = halves ? estimate(ctx, sinks, xk, tk, rows)
                            : estimator.forward(ctx, xk.concat(xk, 0), maskIn, muIn, time(xk, tk, 2), spksIn,
                                    condIn); // (2, 80, T)
                    NDArray x1 = xk.add((mixConditions ? v.get("0:1") : guided(v)).mul(dtk)); // (1, 80, T)
                    return faulty(ctx, Fault.FLOAT16_DECODER) ? half(x1) : x1;
                });
                t = round.applyAsDouble(t + dt);
                if (step < ts.length - 1) {
                    dt = round.applyAsDouble(ts[step + 1] - t);
                }
            }
        }
        return c.out(x.toType(mu.getDataType(), false)); // (1, 80, T)
    }

    /** The conditions of [cond, uncond] split into their rows once per solve: row i of each is (1, ...). */
    private record Rows(NDArray[] mask, NDArray[] mu, NDArray[] spks, NDArray[] cond) {
        Rows(NDArray mask, NDArray mu, NDArray spks, NDArray cond) {
            this(split(mask), split(mu), split(spks), split(cond));
        }

        private static NDArray[] split(NDArray a) {
            return new NDArray[] {a.get("0:1"), a.get("1:2")};
        }
    }

    /**
     * Whether a run recorded into {@code sink} computes the CFG batch as two halves side by side: when they would
     * run side by side ({@link Torch#halvesSideBySide}: two or more libtorch threads), the sink records them as
     * upstream's batch of two ({@link TraceSink#pairsHalves}: it writes every call), and either {@code halves} is
     * asked for or, by default ({@code auto}), the sink writes to a disk ({@link TraceSink#writesToDisk}). The halves
     * then take both cores and the writer what they leave: on a disk, where the large tensors go to the device from
     * the writer's buffers, that is faster than one batch of two on one thread beside the writer; a trace held in
     * memory (tmpfs) costs the writer a copy of every byte into fresh pages, and there the batch of two beside it is
     * faster (bench/pipeline.md). Asked before the run too, to keep the threads the halves need
     * ({@code S3GenPipeline}).
     */
    public static boolean halvesWhenTraced(TraceSink sink) {
        CfgMode mode = cfgMode();
        return sink.pairsHalves() && Torch.halvesSideBySide()
                && (mode == CfgMode.HALVES || mode == CfgMode.AUTO && sink.writesToDisk());
    }

    /** How an untraced run without faults computes the CFG batch now, in a few words, for benchmarks' output. */
    public static String describeCfg() {
        CfgMode mode = cfgMode();
        return (mode.halves() ? "two batches of one side by side, one libtorch thread each"
                : "one batch of two") + " (parity.cfg=" + mode.name().toLowerCase(Locale.ROOT) + ", "
                + Torch.threads() + " libtorch threads); a traced run: " + (mode == CfgMode.BATCHED
                || !Torch.halvesSideBySide() ? "one batch of two" : "two batches of one side by side where its trace "
                + "sink records every call" + (mode == CfgMode.AUTO ? " to a disk" : "") + " (recorded as one batch of "
                + "two), else one batch of two");
    }

    /** The mode from {@code -Dparity.cfg} / {@code PARITY_CFG}, read on every run (tests switch it). */
    static CfgMode cfgMode() {
        return Switches.choice("cfg", CfgMode.class, CfgMode.AUTO);
    }

    /** t repeated {@code n} times, in x's type: (n). */
    private static NDArray time(NDArray x, double t, int n) {
        double[] ts = new double[n];
        Arrays.fill(ts, t);
        return x.getManager().create(ts).toType(x.getDataType(), false);
    }

    /**
     * The estimator on [cond, uncond] as two batches of one, side by side on one libtorch thread each, stacked
     * (2, 80, T). Every operation of the estimator treats the rows of a batch independently, so each row is what
     * the batch of two computes, up to the summation order a GEMM may pick for the other shape (float32 rounding;
     * {@code CfgHalvesTest}); on two threads it is the faster of the two (bench/pipeline.md). Traced, each half
     * records into its sink of {@code sinks}, which writes the two as the batch's entries ({@code TracedHalvesTest});
     * untraced, {@code sinks} is null.
     */
    private NDArray estimate(RunContext ctx, TraceSink.Halves sinks, NDArray x, double t, Rows rows) {
        NDArray tIn = time(x, t, 1); // (1)
        List<Callable<NDArray>> work = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int r = i;
            RunContext half = sinks == null ? ctx : ctx.withSink(sinks.half(i));
            work.add(() -> {
                try {
                    return estimator.forward(half, x, rows.mask()[r], rows.mu()[r], tIn, rows.spks()[r],
                            rows.cond()[r]); // (1, 80, T)
                } catch (RuntimeException | Error e) {
                    if (sinks != null) {
                        sinks.abandon(); // the other half stops waiting for this one
                    }
                    throw e;
                }
            });
        }
        List<NDArray> v = Torch.sideBySide(work);
        return v.get(0).concat(v.get(1), 0); // (2, 80, T)
    }

    /** Fault injection: a float16 round trip. */
    private static NDArray half(NDArray a) {
        return a.toType(DataType.FLOAT16, false).toType(a.getDataType(), false);
    }

    /** (1 + r)·v_cond − r·v_uncond. */
    private NDArray guided(NDArray v) {
        NDArray vc = v.get("0:1"); // (1, 80, T)
        NDArray vu = v.get("1:2"); // (1, 80, T)
        return vc.mul(1.0 + inference_cfg_rate).sub(vu.mul(inference_cfg_rate));
    }
}
