package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diagnose --tolerance-from self} on the Java pipeline: a LayerNorm eps of 1e-5 instead of 1e-12 in the first
 * conformer layer changes its output by ≈ 6e-8, a fifth of the float32 floor, and HiFT's phase sum amplifies what
 * follows; the diagnosis must name that layer, and say "No divergence" without the fault.
 */
class DiagnoseSelfFloorTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();
    private static final String NORM = "flow.encoder.encoders.0.norm_mha";

    @TempDir
    Path tmp;

    @Test
    void layerNormEpsInTheFirstConformerLayerIsNamedNotTheVocoder() throws IOException {
        Path json = tmp.resolve("d.json");
        CliRun r = CliRun.of("diagnose", REF.toString(), "--tolerance-from", "self",
                "--no-stage-swaps", "--inject-fault", "layernorm-eps@" + NORM,
                "--inject-fault", "layernorm-eps@flow.encoder.encoders.0.norm_ff", "--report", json.toString());
        assertEquals(ExitCodes.DIVERGED, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("The problem starts in " + NORM + " (call 0, stage flow.encoder): in a float64 "
                + "re-run"), r.out());
        JsonNode birth = new ObjectMapper().readTree(json.toFile()).get("birth");
        assertEquals("FLOAT64_RUN", birth.get("basis").asText());
        assertEquals(NORM, birth.get("culprit").get("module").asText());
        double ratio = birth.get("floorRatio").asDouble();
        assertTrue(ratio > 0.05 && ratio < 1, "below the float32 floor: " + ratio);
    }

    @Test
    void noFaultIsNoDivergence() {
        CliRun r = CliRun.of("diagnose", REF.toString(), "--tolerance-from", "self",
                "--no-stage-swaps");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("No divergence: all " + ENTRIES + " aligned entries are within tolerance "
                + "(tolerances from the noise floor)."), r.out());
    }

    @Test
    void compareWithTheSelfFloorPassesTheFloat64Twin() {
        CliRun r = CliRun.of("compare", REF.toString(),
                SharedData.smallDumpF64().toString(), "--tolerance-from", "self");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(ENTRIES + " passed, 0 failed"), r.out());
    }

    @Test
    void selfFloorNeedsADump() {
        CliRun r = CliRun.of("compare", SharedData.smallDumpF64().toString(),
                REF.toString(), "--tolerance-from", "self");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("weights.safetensors"), r.err());
    }
}
