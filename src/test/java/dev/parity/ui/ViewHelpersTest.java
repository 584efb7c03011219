package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.Statistic;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The non-graphical helpers behind the views, on the shared dump's tensors. */
class ViewHelpersTest {
    @Test
    void sliceOfTheMelIsChannelsByFrames() {
        Trace t = TraceReader.read(SharedData.smallDump());
        TraceEntry mel = t.entries().stream().filter(e -> e.name().equals("final.mel")).findFirst().orElseThrow();
        Tensor m = t.tensor(mel); // (1, 80, T)
        Slice s = TensorSlices.slice(m, new int[] {0});
        assertEquals(80, s.rows());
        assertEquals(m.shape().dim(2), s.cols());
        assertEquals(m.getDouble(5 * s.cols() + 7), s.get(5, 7));
    }

    @Test
    void sliceSelectsTheBatchRowAndBranchTensorMatchesIt() {
        Trace t = TraceReader.read(SharedData.smallDump());
        TraceEntry e = t.entries().stream().filter(x -> x.shape().rank() == 3 && x.shape().dim(0) == 2)
                .findFirst().orElseThrow();
        Tensor full = t.tensor(e);
        Slice uncond = TensorSlices.slice(full, new int[] {1});
        long off = e.shape().dim(1) * e.shape().dim(2);
        assertEquals(full.getDouble(off + 3), uncond.values()[3]);
        assertArrayEquals(uncond.values(), TensorSlices.batchRow(full, 1).toDoubleArray());
    }

    @Test
    void minMaxDecimationKeepsEveryExtremeAndStaysNearThePixelCount() {
        Trace t = TraceReader.read(SharedData.smallDump());
        double[] wav = t.tensor(t.entries().stream().filter(e -> e.name().equals("final.wav")).findFirst()
                .orElseThrow()).toDoubleArray();
        double[][] d = Downsample.signal(wav, 1, 300);
        assertTrue(d[0].length <= 600, "points: " + d[0].length);
        assertEquals(Arrays.stream(wav).max().orElseThrow(), Arrays.stream(d[1]).max().orElseThrow());
        assertEquals(Arrays.stream(wav).min().orElseThrow(), Arrays.stream(d[1]).min().orElseThrow());
        for (int i = 1; i < d[0].length; i++) {
            assertTrue(d[0][i] > d[0][i - 1], "x ascending");
        }
    }

    @Test
    void colourMapsRunFromTheirEndsThroughWhiteForZeroDifference() {
        Slice s = new Slice(new double[] {-1, 0, 1, Double.NaN}, 2, 2);
        int[] px = Heatmap.pixels(s, ColorMap.DIVERGING, -1, 1, false);
        assertEquals(0xFF2166AC, px[0]);
        assertEquals(0xFFF7F7F7, px[1]);
        assertEquals(0xFFB2182B, px[2]);
        assertEquals(0xFFFF00FF, px[3]);
        int[] flipped = Heatmap.pixels(s, ColorMap.VIRIDIS, -1, 1, true);
        assertEquals(0xFF440154, flipped[2], "row 0 is drawn at the bottom");
        assertEquals(0xFFFDE725, flipped[0]);
    }

    @Test
    void spectrogramPeaksAtTheSineFrequency() {
        double[] x = new double[24000 / 4];
        double f = 3000; // bin 3000 / (24000 / 512) = 64
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(2 * Math.PI * f * i / 24000);
        }
        Slice s = Spectrogram.of(x, 512, 128);
        int frame = s.cols() / 2;
        int best = 0;
        for (int b = 0; b < s.rows(); b++) {
            best = s.get(b, frame) > s.get(best, frame) ? b : best;
        }
        assertEquals(64, best);
    }

    @Test
    void settingsBecomeOptionsAndBadLinesAreNamed() {
        CompareSettings ok = new CompareSettings("strip-prefix port.\n", 1e-4, 1e-3, Statistic.MAX, 0.9,
                "# comment\nflow.decoder.** = 1e-2, 1e-1\n");
        var opts = ok.toOptions();
        assertEquals("flow.decoder.x", opts.rules().apply("port.flow.decoder.x"));
        assertEquals(1, opts.policy().overrides().size());
        assertEquals(1e-2, opts.policy().overrides().get(0).tolerance().atol());
        assertEquals(Statistic.MAX, opts.policy().base().statistic());
        var bad = new CompareSettings("", 1e-4, 1e-3, Statistic.MAX, 0.9, "x.y = 1e-2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::toOptions);
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void launcherFindsTheBundledDumpFromTheRepositoryRoot() {
        java.nio.file.Path d = WorkbenchLauncher.bundledDump();
        assertTrue(d != null && java.nio.file.Files.isRegularFile(d.resolve("manifest.json")), String.valueOf(d));
    }

    @Test
    void binningKeepsTheLargestMagnitudePerBin() {
        double[] v = new double[10_000];
        v[7777] = -5;
        v[3] = 2;
        Slice b = new Slice(v, 1, v.length).binned(1, 100);
        assertEquals(100, b.cols());
        assertEquals(-5, b.values()[77]);
        assertEquals(2, b.values()[0]);
        assertEquals(0, b.values()[50]);
    }
}
