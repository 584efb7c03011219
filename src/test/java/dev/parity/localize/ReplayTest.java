package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.FaultPlan;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Single modules of the Java pipeline replayed on the reference's recorded inputs. */
class ReplayTest {
    private static Replay replay;
    private static NoiseFloor floor;
    private static TolerancePolicy policy;

    @BeforeAll
    static void open() {
        replay = Replay.open(SharedData.smallDump());
        floor = NoiseFloor.measure(TraceReader.read(SharedData.smallDump()),
                TraceReader.read(SharedData.smallDumpF64()));
        policy = floor.policy(TolerancePolicy.of(Tolerance.DEFAULT));
    }

    @AfterAll
    static void close() {
        replay.close();
    }

    @Test
    void everyReplayableModuleOfTheCorrectPortPassesOnReferenceInputs() {
        List<ReplayResult> rs = replay.run("**", policy, floor);
        Map<ReplayResult.Status, Long> n = rs.stream().collect(Collectors.groupingBy(ReplayResult::status,
                Collectors.counting()));
        assertTrue(n.getOrDefault(ReplayResult.Status.PASS, 0L) > 300, n.toString());
        List<ReplayResult> bad = rs.stream().filter(Replay::diverged).toList();
        assertEquals(List.of(), bad, n.toString());
    }

    @Test
    void aFaultInsideAttentionShowsOnlyInThatModulesReplay() {
        String attn = FaultCatalog.defaultModule(Fault.ATTENTION_SCALE_MISSING);
        FaultPlan plan = FaultCatalog.plan(List.of(Fault.ATTENTION_SCALE_MISSING.id()));
        List<ReplayResult> rs = replay.run("flow.decoder.estimator.mid_blocks.0.**", plan, policy, floor);
        List<String> failed = rs.stream().filter(Replay::diverged).map(r -> r.module() + "#" + r.call()).toList();
        assertEquals(List.of("flow.decoder.estimator.mid_blocks.0.1.0#0", attn + "#0",
                "flow.decoder.estimator.mid_blocks.0.1.0#1", attn + "#1"), failed, "attn1 and its block only");
        assertEquals(List.of(attn), Replay.innermost(rs.stream().filter(Replay::diverged).toList()));
    }
}
