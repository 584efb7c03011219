package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.Fault;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage × source matrix of Java runs with one boundary fed from the reference. */
class StageSwapsTest {
    private static Localizer localizer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void floor() {
        localizer = new Localizer(CompareOptions.defaults(), NoiseFloor.measure(
                TraceReader.read(SharedData.smallDump()), TraceReader.read(SharedData.smallDumpF64())));
    }

    private List<StageSwapRow> swaps(Fault f) {
        return StageSwaps.run(SharedData.smallDump(), tmp, FaultCatalog.plan(List.of(f.id())), localizer,
                StageSwaps.S3GEN);
    }

    @Test
    void anEncoderFaultLeavesTheEndResultsOnceTheEncoderOutputIsFed() {
        List<StageSwapRow> rows = swaps(Fault.CONV_TRANSPOSED);
        assertEquals(List.of("none", "encoder output", "decoder input (mu)", "decoder output (mel)", "f0", "source"),
                rows.stream().map(StageSwapRow::boundary).toList());
        assertTrue(rows.get(0).melRelL2() > 1e-2, rows.toString());
        assertTrue(rows.get(1).melRelL2() < 1e-5, rows.toString());
        assertTrue(rows.get(1).wavRelL2() < 1e-3, rows.toString());
        assertTrue(rows.get(2).melRelL2() < 1e-5, "decoder fed the reference mu: " + rows);
        assertEquals(0, rows.get(3).melRelL2(), rows.toString());
        assertTrue(rows.get(4).wavRelL2() > 1e-2, "f0 fed, but the mel into conv_pre is still wrong: " + rows);
    }

    @Test
    void aFaultInTheLastVocoderStepStaysWhateverIsFed() {
        List<StageSwapRow> rows = swaps(Fault.ISTFT_SUM_W);
        for (StageSwapRow r : rows) {
            assertTrue(r.wavRelL2() > 0.1, r.toString());
            assertEquals(FaultCatalog.defaultModule(Fault.ISTFT_SUM_W), r.culprit(), r.toString());
        }
        assertTrue(rows.get(0).melRelL2() < 1e-5, rows.toString());
    }
}
