package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.port.nn.ConvKernels;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    private static final Pattern IC18 = Pattern.compile(
            "conv1d +in 18, out 16, k 6, stride 3, pad 1 +(\\S+) +(\\S+) +(\\S+) +(.+)");
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private final ConvKernels.Policy policy = ConvKernels.policy(); // PARITY_CONV of this test run

    @AfterEach
    void restore() {
        ConvKernels.configure(policy, false);
    }

    private int doctor() {
        CliRun r = CliRun.of("doctor", SharedData.smallDump().toString()); // Main.run: the real handlers
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    private static String row(String text, String route) {
        Matcher m = IC18.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(route)) {
                return m.group(0);
            }
        }
        throw new AssertionError("no ic-18 row via " + route + " in\n" + text);
    }

    private static double error(String row) {
        Matcher m = IC18.matcher(row);
        assertTrue(m.matches(), row);
        return Math.max(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
    }

    @Test
    void printsThePlatformAndEveryOpKindOfBothConfigs() {
        int code = doctor();
        String s = out.toString();
        assertTrue(s.startsWith("Platform: "), s);
        assertTrue(s.contains("oneDNN ISA ") && s.contains("libtorch 2.7.1") && s.contains("oneDNN v"), s);
        for (String op : new String[] {"conv1d", "linear", "matmul", "layer_norm", "softmax", "sin", "erf"}) {
            assertTrue(s.contains("\n" + op + " "), op + " missing:\n" + s);
        }
        assertTrue(s.contains("in 512, out 512, k 3"), "full-size specs are checked too");
        assertEquals(0, code, s + err);
        String direct = row(s, "direct"); // right here, or wrong and routed around (some Zen 5 hosts)
        assertTrue(direct.endsWith(" ok") ? error(direct) < 1e-5 : direct.endsWith("WORKED AROUND"), direct);
        assertTrue(error(row(s, "channel_padded")) < 1e-5, s);
    }

    @Test
    void aFaultyKernelRoutedAroundIsReportedWithItsErrorAndExitsZero() {
        ConvKernels.configure(ConvKernels.Policy.AUTO, true);
        int code = doctor();
        String s = out.toString();
        String direct = row(s, "direct");
        assertTrue(direct.endsWith("WORKED AROUND") && error(direct) > 0.05, direct);
        String padded = row(s, "channel_padded");
        assertTrue(padded.endsWith("ok") && error(padded) < 1e-6, padded);
        assertTrue(s.contains("workaround: conv1d (in 18, out 16, k 6, stride 3, pad 1)"), s);
        assertEquals(0, code, s);
    }

    private int demo(java.nio.file.Path outDir) {
        CliRun r = CliRun.of("demo", "--ref", SharedData.smallDump().toString(), "--out", outDir.toString());
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    @Test
    void theDemoWithAFaultyKernelPassesThroughTheWorkaroundAndFailsWithout(@TempDir java.nio.file.Path tmp) {
        ConvKernels.configure(ConvKernels.Policy.AUTO, true);
        assertEquals(0, demo(tmp.resolve("auto")), out.toString() + err);
        String s = out.toString();
        assertTrue(s.contains("Backend check: conv1d (in 18, out 16, k 6, stride 3, pad 1)"), s);
        assertTrue(s.contains(" 0 failed"), s);
        out.getBuffer().setLength(0);
        ConvKernels.configure(ConvKernels.Policy.DIRECT, true);
        assertEquals(1, demo(tmp.resolve("direct")), out.toString() + err);
        Matcher first = Pattern.compile("First divergence: (\\S+)").matcher(out.toString());
        assertTrue(first.find() && first.group(1).startsWith("mel2wav.source_downs."), out.toString());
    }

    @Test
    void aFaultyKernelThePortUsesExitsOne() {
        ConvKernels.configure(ConvKernels.Policy.DIRECT, true);
        int code = doctor();
        String direct = row(out.toString(), "direct");
        assertTrue(direct.endsWith("WRONG"), direct);
        assertEquals(1, code);
    }
}
