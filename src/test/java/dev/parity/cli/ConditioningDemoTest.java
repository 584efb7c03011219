package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.port.cond.CondDump;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's conditioning section on the bundled dump: no divergence, reports written. */
class ConditioningDemoTest {
    @TempDir
    Path tmp;

    @Test
    void passesAndWritesReports() throws Exception {
        Path ref = CondDump.original();
        StringWriter out = new StringWriter();
        boolean ok = ConditioningDemo.run(ref, tmp.resolve("out"), new PrintWriter(out, true));
        assertTrue(ok, out::toString);
        assertTrue(out.toString().contains("No divergence"), out::toString);
        assertTrue(out.toString().contains("final.prompt_token call 0 final: pass"), out::toString);
        assertTrue(Files.isRegularFile(tmp.resolve("out/report.html")));
        assertTrue(Files.isRegularFile(tmp.resolve("out/candidate/manifest.json")));
    }
}
