package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.CompareOptions;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.FaultPlan;
import dev.parity.tensor.HalfFloats;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every catalog fault, injected at its default module on the trace level (no pipeline run): the first tensor the fault changes is
 * recomputed exactly from the dump's recorded tensors and weights (FaultKernels), every later float entry is
 * perturbed, and the diagnosis (noise floor from the float64 twin) must name the module the fault was put in.
 * These stand in for pipeline runs with {@code --inject-fault} until the Java pipeline can run them.
 */
class FaultCatalogTest {
    private static final String ATTN = "flow.decoder.estimator.mid_blocks.0.1.0.attn1";
    private static Trace ref;
    private static SafetensorsFile weights;
    private static NoiseFloor floor;

    @TempDir
    Path tmp;

    /** The first entry a fault changes and its faulty value. */
    record Signature(TraceEntry entry, Tensor value) {
    }

    @BeforeAll
    static void read() {
        ref = TraceReader.read(SharedData.smallDump());
        weights = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        floor = NoiseFloor.measure(ref, TraceReader.read(SharedData.smallDumpF64()));
    }

    /** The S3Gen faults but the mask one, which changes nothing on an unpadded batch (tested on its own). */
    static java.util.stream.Stream<Fault> s3genFaults() {
        return FaultCatalog.s3gen().stream().filter(f -> f != Fault.ATTENTION_MASK_IGNORED);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("s3genFaults")
    void diagnosisNamesTheModuleTheFaultWasInjectedIn(Fault f) throws IOException {
        Signature s = signature(f);
        Diagnosis d = new Localizer(CompareOptions.defaults(), floor).diagnose(ref, candidate(s));
        assertNotNull(d.culprit(), f.id());
        assertEquals(s.entry().id(), d.culprit().first().reference().id(), f.id());
        assertEquals(FaultCatalog.defaultModule(f), d.culprit().module(), f.id());
        assertEquals(FaultCatalog.defaultModule(f), d.origins().get(0).call().name(), f.id());
    }

    @Test
    void ignoredMaskChangesNothingOnAnUnpaddedBatchSoTheDiagnosisIsNoDivergence() throws IOException {
        Tensor mask = tensor(new EntryId("flow.decoder.estimator", 0, EntryKind.IN, "mask"));
        for (double m : mask.toDoubleArray()) {
            assertEquals(1.0, m, "B=1 and no padding: the bias (1 − mask)·(−1e10) is exactly 0");
        }
        Path copy = TraceCopies.copy(SharedData.smallDump(), tmp.resolve("same"), (i, e, t) -> t);
        assertNull(new Localizer(CompareOptions.defaults(), floor).diagnose(ref, TraceReader.read(copy)).culprit());
    }

    @Test
    void errorKindsOfTheCatalogFaults() throws IOException {
        ErrorShape mel = diagnose(Fault.MEL_TRANSFORM).culprit().shape();
        assertEquals(ErrorKind.AFFINE, mel.kind());
        assertEquals(0.75, mel.affineGain(), 1e-6);
        assertEquals(-5, mel.offset(), 1e-5);
        ErrorShape istft = diagnose(Fault.ISTFT_SUM_W).culprit().shape();
        assertEquals(ErrorKind.GAIN, istft.kind());
        assertEquals(0.75, istft.gain(), 2e-3);
        assertEquals(ErrorKind.SMALL, diagnose(Fault.FLOAT16_DECODER).culprit().shape().kind());
        assertEquals(ErrorKind.STRUCTURAL, diagnose(Fault.CONV_TRANSPOSED).culprit().shape().kind());
        Diagnosis cfg = diagnose(Fault.CFG_MIXES_CONDITIONS);
        assertTrue(!cfg.candGuidance().consistent() && cfg.refGuidance().consistent());
        assertEquals(0, cfg.candGuidance().steps().get(0).fittedW(), 1e-3);
    }

    @Test
    void kernelsWithUpstreamSettingsReproduceTheRecordedTensors() {
        assertTrue(rel(conv(false), rec("flow.encoder.pre_lookahead_layer.conv1", EntryKind.OUT)) < 1e-6);
        assertTrue(rel(FaultKernels.linear(rec("flow.encoder_proj", EntryKind.IN), 64, w("flow.encoder_proj.weight"),
                w("flow.encoder_proj.bias"), 80), rec("flow.encoder_proj", EntryKind.OUT)) < 1e-6);
        assertTrue(rel(layerNorm(1e-5), rec("flow.encoder.embed.out.1", EntryKind.OUT)) < 1e-6);
        assertTrue(rel(attention(FaultKernels.Mode.UPSTREAM), rec(ATTN + ".to_out.0", EntryKind.IN)) < 1e-6);
        double[] r = FaultKernels.sumWOverSumW2Ratio(7680, 16, 4, 1921);
        assertEquals(0.75, r[3840], 1e-12);
    }

    private Diagnosis diagnose(Fault f) throws IOException {
        return new Localizer(CompareOptions.defaults(), floor).diagnose(ref, candidate(signature(f)));
    }

    private Trace candidate(Signature s) throws IOException {
        int at = s.entry().index();
        Path dir = TraceCopies.copy(SharedData.smallDump(), tmp.resolve("c" + at), (i, e, t) -> {
            if (i == at) {
                var shape = e.putArray("shape");
                for (long d : s.value().shape().dims()) {
                    shape.add(d);
                }
                return s.value();
            }
            return i > at && Candidates.perturbable(e) ? Candidates.shifted(t, 1e-2) : t;
        });
        return TraceReader.read(dir);
    }

    private static Signature signature(Fault f) {
        return switch (f) {
            case CONV_TRANSPOSED -> at("flow.encoder.pre_lookahead_layer.conv1", 0, EntryKind.OUT, conv(true));
            case WEIGHTS_AT_INIT -> at("flow.encoder_proj", 0, EntryKind.OUT, FaultKernels.linear(
                    rec("flow.encoder_proj", EntryKind.IN), 64, uniform(80 * 64, 1 / 8.0), uniform(80, 1 / 8.0), 80));
            case MEL_TRANSFORM -> at("s3gen.hift_inference()", 0, EntryKind.IN,
                    affine(rec("s3gen.hift_inference()", EntryKind.IN), 0.75, -5));
            case LAYERNORM_EPS -> at("flow.encoder.embed.out.1", 0, EntryKind.OUT, layerNorm(1e-12));
            case ATTENTION_SCALE_MISSING -> at(ATTN + ".to_out.0", 0, EntryKind.IN,
                    attention(FaultKernels.Mode.NO_SCALE));
            case ATTENTION_MASK_IGNORED -> at(ATTN + ".to_out.0", 0, EntryKind.IN, rec(ATTN + ".to_out.0", EntryKind.IN));
            case ATTENTION_MASK_INVERTED -> at(ATTN + ".to_out.0", 0, EntryKind.IN,
                    attention(FaultKernels.Mode.ALL_MASKED));
            case SKIP_CONCAT_SWAPPED -> at("flow.decoder.estimator.up_blocks.0.0", 0, EntryKind.IN,
                    FaultKernels.swapHalves(rec("flow.decoder.estimator.up_blocks.0.0", EntryKind.IN), 2, 128));
            case CFG_MIXES_CONDITIONS -> at("flow.decoder.estimator", 1, EntryKind.IN, unguidedStep());
            case FLOAT16_DECODER -> at("flow.decoder.solve_euler()", 0, EntryKind.IN,
                    half(rec("flow.decoder.solve_euler()", EntryKind.IN)));
            case TIME_EMBEDDING_SWAPPED -> at("flow.decoder.estimator.time_embeddings", 0, EntryKind.OUT,
                    FaultKernels.swapHalves(rec("flow.decoder.estimator.time_embeddings", EntryKind.OUT), 2, 320));
            case CONV_TRANSPOSE_PADDING -> paddingOffByOne();
            case ISTFT_SUM_W -> at("mel2wav._istft()", 0, EntryKind.OUT, istftSumW());
            default -> throw new IllegalArgumentException(f.id() + " is a T3 or conditioning fault "
                    + "(T3FaultInjectionTest, ConditioningFaultTest)");
        };
    }

    private static Signature at(String name, int call, EntryKind kind, double[] value) {
        TraceEntry e = ref.get(new EntryId(name, call, kind, null));
        return new Signature(e, floats(e.shape(), value));
    }

    private static double[] conv(boolean transposed) {
        String c = "flow.encoder.pre_lookahead_layer.conv1";
        return FaultKernels.conv1d(rec(c, EntryKind.IN), 64, w(c + ".weight"), w(c + ".bias"), 64, 4, transposed);
    }

    private static double[] layerNorm(double eps) {
        String n = "flow.encoder.embed.out.1";
        return FaultKernels.layerNorm(rec(n, EntryKind.IN), 64, w(n + ".weight"), w(n + ".bias"), eps);
    }

    private static double[] attention(FaultKernels.Mode mode) {
        return FaultKernels.attention(rec(ATTN + ".to_q", EntryKind.OUT), rec(ATTN + ".to_k", EntryKind.OUT),
                rec(ATTN + ".to_v", EntryKind.OUT), 2, 4, 32, mode);
    }

    /** Both rows of x₁ = x₀ + dt·v_c: the update ignores the unconditional velocity. */
    private static double[] unguidedStep() {
        String est = "flow.decoder.estimator";
        double[] x0 = rec(est, EntryKind.IN);
        double[] v = rec(est, EntryKind.OUT);
        double[] span = tensor(new EntryId("flow.decoder.solve_euler()", 0, EntryKind.IN, "t_span")).toDoubleArray();
        int n = x0.length / 2;
        double[] x1 = new double[x0.length];
        for (int i = 0; i < n; i++) {
            x1[i] = x0[i] + (span[1] - span[0]) * v[i];
            x1[n + i] = x1[i];
        }
        return x1;
    }

    /** Padding p − 1 with the two extra samples cropped at the end: the output one sample late (first set to 0). */
    private static Signature paddingOffByOne() {
        double[] y = rec("mel2wav.ups.0", EntryKind.OUT);
        int t = 128;
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = i % t == 0 ? 0 : y[i - 1];
        }
        return at("mel2wav.ups.0", 0, EntryKind.OUT, out);
    }

    private static double[] istftSumW() {
        double[] y = rec("mel2wav._istft()", EntryKind.OUT);
        double[] r = FaultKernels.sumWOverSumW2Ratio(y.length, 16, 4, 1921);
        for (int i = 0; i < y.length; i++) {
            y[i] *= r[i];
        }
        return y;
    }

    private static double[] half(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = HalfFloats.halfToFloat(HalfFloats.floatToHalf((float) x[i]));
        }
        return y;
    }

    private static double[] affine(double[] x, double a, double b) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = a * x[i] + b;
        }
        return y;
    }

    /** PyTorch-style default init stand-in: U(−bound, bound), fixed seed. */
    private static double[] uniform(int n, double bound) {
        Random r = new Random(7);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * r.nextDouble() - 1) * bound;
        }
        return v;
    }

    private static Tensor floats(Shape shape, double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.ofFloats(shape, f);
    }

    private static double[] rec(String name, EntryKind kind) {
        return tensor(new EntryId(name, 0, kind, null)).toDoubleArray();
    }

    private static Tensor tensor(EntryId id) {
        return ref.tensor(ref.get(id));
    }

    private static double[] w(String name) {
        return weights.tensor(name).toDoubleArray();
    }

    private static double rel(double[] a, double[] ref0) {
        double dd = 0;
        double rr = 0;
        for (int i = 0; i < a.length; i++) {
            dd += (a[i] - ref0[i]) * (a[i] - ref0[i]);
            rr += ref0[i] * ref0[i];
        }
        return Math.sqrt(dd / rr);
    }

    @Test
    void faultPlanParsesNamesAndModules() {
        FaultPlan p = FaultCatalog.plan(List.of("attention-scale-missing", "conv_weight_transposed@mel2wav.conv_pre"));
        assertTrue(p.active(Fault.ATTENTION_SCALE_MISSING, ATTN));
        assertTrue(p.active(Fault.CONV_TRANSPOSED, "mel2wav.conv_pre"));
        assertTrue(!p.active(Fault.CONV_TRANSPOSED, FaultCatalog.defaultModule(Fault.CONV_TRANSPOSED)));
        assertTrue(FaultPlan.NONE.isEmpty());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FaultCatalog.plan(List.of("gain-fix")));
        assertTrue(e.getMessage().contains("unknown fault 'gain-fix'"), e.getMessage());
    }

    @Test
    void aFaultOfAnotherModelIsRefusedBeforeTheRun() {
        java.nio.file.Path s3gen = SharedData.smallDump();
        java.nio.file.Path t3 = SharedData.dump("t3-small-seed1");
        java.nio.file.Path cond = SharedData.dump("cond-small-seed1");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FaultCatalog.plan(List.of("rope-interleaved", "lstm-gates-tf-order@ve.lstm"), s3gen));
        assertEquals("--inject-fault rope-interleaved@tfmr.layers.0.self_attn: rope-interleaved is a fault of the T3 "
                + "port; --inject-fault lstm-gates-tf-order@ve.lstm: lstm-gates-tf-order is a fault of the "
                + "conditioning front end, and " + s3gen + " is an S3Gen dump; nothing was run", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FaultCatalog.plan(List.of("fsq-round-half-up"), t3));
        assertTrue(e.getMessage().endsWith(t3 + " is a T3 dump; nothing was run"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FaultCatalog.plan(List.of("cfg-wrong-row"), cond));
        assertTrue(e.getMessage().endsWith(cond + " is a conditioning dump; nothing was run"), e.getMessage());
        // each model takes its own faults, and S3Gen's catalog is left to the run (weights-at-init acts anywhere)
        assertTrue(FaultCatalog.plan(List.of("rope-interleaved"), t3).active(Fault.ROPE_INTERLEAVED,
                FaultCatalog.defaultModule(Fault.ROPE_INTERLEAVED)));
        assertTrue(FaultCatalog.plan(List.of("fsq-round-half-up"), cond).active(Fault.FSQ_ROUND_HALF_UP,
                FaultCatalog.defaultModule(Fault.FSQ_ROUND_HALF_UP)));
        assertTrue(FaultCatalog.plan(List.of("weights-at-init@tfmr.layers.0.mlp.up_proj"), t3)
                .active(Fault.WEIGHTS_AT_INIT, "tfmr.layers.0.mlp.up_proj"));
        assertTrue(FaultCatalog.plan(List.of(), java.nio.file.Path.of("no-such-dump")).isEmpty(),
                "no faults: the dump is not even opened");
    }
}
