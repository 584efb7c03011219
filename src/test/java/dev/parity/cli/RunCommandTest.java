package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.TraceReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir
    Path tmp;
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void writesTheCandidateTrace() {
        Path out = tmp.resolve("cand");
        assertEquals(0, run("run", SharedData.smallDump().toString(), "--out", out.toString()), err.toString());
        assertTrue(TraceReader.read(out).entries().size() > 900);
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run("run", SharedData.smallDump().toString()));
        assertEquals(2, run("run", SharedData.smallDump().toString(), "--out", tmp.resolve("x").toString(),
                "--stage", "vocoder"));
    }

    @Test
    void invalidInputExitsWith3AndNamesTheFile() throws Exception {
        Path dump = tmp.resolve("dump");
        Files.createDirectories(dump);
        Files.writeString(dump.resolve("config.json"), "{ not json");
        assertEquals(3, run("run", dump.toString(), "--out", tmp.resolve("c").toString()));
        String msg = err.toString().trim();
        assertTrue(msg.contains("config.json") && msg.lines().count() == 1, msg);
        assertEquals(3, run("run", tmp.resolve("absent").toString(), "--out", tmp.resolve("d").toString()));
    }
}
