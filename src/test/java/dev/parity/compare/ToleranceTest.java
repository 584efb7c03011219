package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tolerance policy, one row per rule (values chosen at the rule's boundary). */
class ToleranceTest {
    @ParameterizedTest(name = "{0} ref={1} cand={2} atol={3} rtol={4} -> {5}")
    @CsvSource({
        // statistic, ref values, cand values, atol, rtol, passes
        "elementwise, 1;2;3, 1;2;3, 0, 0, true",
        "elementwise, 1;2;4, 1;2;4.0004, 0, 1e-4, true",
        "elementwise, 1;2;4, 1;2;4.0005, 0, 1e-4, false",
        "elementwise, 0;0;0, 0;0;1e-5, 1e-5, 0, true",
        "elementwise, 0;0;0, 0;0;2e-5, 1e-5, 0, false",
        "elementwise, 100;0, 100.01;1e-6, 1e-5, 1e-4, true",
        "elementwise, NaN;1, NaN;1, 0, 0, true",
        "elementwise, NaN;1, 0;1, 1, 1, false",
        "elementwise, 1;1, NaN;1, 1, 1, false",
        "elementwise, Infinity;1, Infinity;1, 0, 0, true",
        "elementwise, Infinity;1, -Infinity;1, 1, 1, false",
        "max, 1;-4, 1.0003;-4, 0, 1e-4, true",
        "max, 1;-4, 1.0005;-4, 0, 1e-4, false",
        "mean, 1;1;1;1, 1.0004;1;1;1, 0, 1e-4, true",
        "mean, 1;1;1;1, 1.0005;1;1;1, 0, 1e-4, false",
        "quantile, 1;1;1;1, 1;1;1;2, 0, 0, true",
        "quantile, 1;1;1;1, 1;1;2;2, 0, 0, false",
        "rel_l2, 3;4, 3.0002;4.0003, 0, 1e-4, true",
        "rel_l2, 3;4, 3.0006;4.0008, 0, 1e-4, false",
        "rel_l2, 0;0, 1e-6;-1e-6, 1e-6, 0, true",
        "rel_l2, 0;0, 2e-6;-2e-6, 1e-6, 0, false",
    })
    void rule(String statistic, String ref, String cand, double atol, double rtol, boolean passes) {
        Tolerance t = new Tolerance(atol, rtol, Statistic.parse(statistic), 0.75);
        Metrics m = MetricsCalculator.compute(tensor(ref), tensor(cand), t);
        assertEquals(passes, m.passes(t), m.toString());
    }

    private static Tensor tensor(String values) {
        String[] p = values.split(";");
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Double.parseDouble(p[i]);
        }
        return Tensor.ofDoubles(new Shape(v.length), v);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "flow.encoder.embed, float32, base",
        "flow.encoder.embed, float16, half",
        "flow.encoder.embed, bfloat16, half",
        "flow.encoder.embed, int64, exact",
        "flow.encoder.embed, bool, exact",
        "flow.decoder.estimator.mid_blocks.0.0, float32, estimator",
        "flow.decoder.estimator.mid_blocks.0.0, int64, estimator",
        "mel2wav.resblocks.3.convs1.0, float32, regex",
        "mel2wav.ups.0, float32, base",
    })
    void policyChoosesByOverrideThenDtype(String name, String dtype, String expected) {
        Tolerance base = new Tolerance(1e-5, 1e-4, Statistic.ELEMENTWISE, 1);
        Tolerance est = new Tolerance(1e-3, 1e-3, Statistic.ELEMENTWISE, 1);
        Tolerance re = new Tolerance(1e-2, 0, Statistic.MAX, 1);
        TolerancePolicy p = TolerancePolicy.of(base).withOverride("flow.decoder.estimator.**", est)
                .withOverride("re:mel2wav\\.resblocks\\.\\d+\\..*", re);
        TraceEntry e = new TraceEntry(0, new EntryId(name, 0, EntryKind.OUT, null), null, "x.npy", new Shape(1),
                DType.fromNumpyName(dtype), Map.of());
        Tolerance want = switch (expected) {
            case "base" -> base;
            case "half" -> p.half();
            case "exact" -> Tolerance.EXACT;
            case "estimator" -> est;
            default -> re;
        };
        assertEquals(want, p.forEntry(e));
    }

    @ParameterizedTest
    @CsvSource({"flow.*.embed, flow.encoder.embed, true", "flow.*.embed, flow.encoder.x.embed, false",
        "flow.**.embed, flow.encoder.x.embed, true", "mel2wav.ups.?, mel2wav.ups.2, true",
        "mel2wav.ups.?, mel2wav.ups.12, false"})
    void globs(String glob, String name, boolean matches) {
        assertEquals(matches, TolerancePolicy.compile(glob).matcher(name).matches());
    }

    @org.junit.jupiter.api.Test
    void negativeOrNanTolerancesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1, 0, Statistic.MAX, 1));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(0, Double.NaN, Statistic.MAX, 1));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(0, 0, Statistic.QUANTILE, 0));
    }
}
