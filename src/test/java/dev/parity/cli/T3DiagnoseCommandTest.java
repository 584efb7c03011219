package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code parity diagnose} on the T3 dump runs the Java T3: no fault → "No divergence"; a fault → its module. */
class T3DiagnoseCommandTest {
    static final String T3 = SharedData.dump("t3-small-seed1").toString();
    static final String F64 = SharedData.dump("t3-small-seed1-f64").toString();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CliRun r = CliRun.of(args); // Main.run: the real error handlers and exit codes
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    @Test
    void withoutAFaultThereIsNoDivergence() {
        assertEquals(0, run("diagnose", T3, "--tolerance-from", F64), err.toString());
        assertTrue(out.toString().startsWith("No divergence"), out.toString());
    }

    @Test
    void aFaultIsNamedAtItsModuleOnTheFirstLine() {
        assertEquals(1, run("diagnose", T3, "--tolerance-from", F64, "--no-stage-swaps", "--inject-fault",
                "rmsnorm-float16"), err.toString());
        String first = out.toString().lines().findFirst().orElse("");
        assertTrue(first.startsWith("The problem starts in tfmr.layers.1.post_attention_layernorm (call 0"), first);
    }
}
