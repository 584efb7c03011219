package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import dev.parity.SharedData;
import dev.parity.io.Npy;
import dev.parity.port.nn.RunContext;
import dev.parity.tensor.Tensor;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The CFG batch computed as two batches of one side by side ({@code parity.cfg=halves}, what an untraced run on two
 * threads does) gives the mel of the batch of two ({@code batched}, upstream's way) up to float32 rounding, both
 * within the flow parity tolerance of the reference dump's mel, and frees what it allocates.
 */
class CfgHalvesTest {
    static <T> T withCfg(String mode, Supplier<T> run) {
        String before = System.getProperty("parity.cfg");
        System.setProperty("parity.cfg", mode);
        try {
            return run.get();
        } finally {
            if (before == null) {
                System.clearProperty("parity.cfg");
            } else {
                System.setProperty("parity.cfg", before);
            }
        }
    }

    private static int resources(Object manager) throws Exception {
        Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }

    private static double maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    @Test
    void halvesGiveTheMelOfTheBatchOfTwo() throws Exception {
        ReferenceDump dump = ReferenceDump.open(SharedData.smallDump());
        Tensor want = Npy.read(SharedData.smallDump().resolve("outputs/mel.npy"));
        try (S3GenPipeline p = S3GenPipeline.loadFlow(dump.flowConfig(), dump.weights())) {
            Tensor batched = withCfg("batched",
                    () -> p.run(dump.inputs(), dump.nTimesteps(), dump.noise(), RunContext.OFF).mel());
            int before = resources(p.parameterManager());
            Tensor halves = withCfg("halves",
                    () -> p.run(dump.inputs(), dump.nTimesteps(), dump.noise(), RunContext.OFF).mel());
            assertEquals(before, resources(p.parameterManager()), "arrays left behind by the halves");
            assertArrayEquals(want.shape().dims(), halves.shape().dims());
            double vsBatched = maxAbs(halves.toFloatArray(), batched.toFloatArray());
            double vsRef = maxAbs(halves.toFloatArray(), want.toFloatArray());
            double batchedVsRef = maxAbs(batched.toFloatArray(), want.toFloatArray());
            System.out.printf("mel max |Δ|: halves vs batch %.2e, halves vs reference %.2e, batch vs reference %.2e%n",
                    vsBatched, vsRef, batchedVsRef);
            assertTrue(vsBatched <= 1e-5, "halves vs batch " + vsBatched);
            assertTrue(vsRef <= FlowParityTest.MEL_ABS, "halves vs reference " + vsRef);
            assertTrue(batchedVsRef <= FlowParityTest.MEL_ABS, "batch vs reference " + batchedVsRef);
        }
    }

    @Test
    void anUnknownModeIsNamed() throws Exception {
        ReferenceDump dump = ReferenceDump.open(SharedData.smallDump());
        try (S3GenPipeline p = S3GenPipeline.loadFlow(dump.flowConfig(), dump.weights())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withCfg("split",
                    () -> p.run(dump.inputs(), dump.nTimesteps(), dump.noise(), RunContext.OFF)));
            assertEquals("parity.cfg / PARITY_CFG must be auto, halves or batched, got 'split'", e.getMessage());
        }
    }
}
