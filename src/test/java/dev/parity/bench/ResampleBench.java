package dev.parity.bench;

import dev.parity.io.Wav;
import dev.parity.port.audio.Resample;
import dev.parity.port.audio.SoxrResample;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Benchmark, not a test: the resampling steps of the conditioning path on a recording of {@code seconds} seconds
 * (the conditioning dump's 22.05 kHz espeak recording repeated to that length), each timed {@code runs} times after
 * one warm-up run: soxr HQ 22050 → 24000 ({@code librosa.load}), soxr HQ 24000 → 16000 ({@code librosa.resample}),
 * torchaudio 24000 → 16000 ({@code get_resampler}); and for other input rates, soxr HQ 44100 → 24000 and
 * 48000 → 16000 on a wave of the same duration. See {@code bench/conditioning-audio.md}.
 *
 * <p>Usage: {@code ResampleBench [seconds (10)] [runs (5)]}.
 */
public final class ResampleBench {
    private ResampleBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        float[] rec = Wav.read(Path.of("reference-dumps/cond-small-seed1/inputs/reference.wav")).samples();
        float[] wav22 = repeat(rec, (int) (seconds * 22050));
        float[] wav24 = new SoxrResample(22050, 24000).librosaResample(wav22);
        System.out.printf("recording %.2f s; load average %s%n", seconds, loadAverage());
        time("soxr HQ 22050 -> 24000 (librosa.load)", runs, wav22, new SoxrResample(22050, 24000)::librosaResample);
        time("soxr HQ 24000 -> 16000 (librosa.resample)", runs, wav24,
                new SoxrResample(24000, 16000)::librosaResample);
        time("torchaudio 24000 -> 16000 (Resample)", runs, wav24, new Resample(24000, 16000)::forward);
        time("soxr HQ 44100 -> 24000", runs, repeat(rec, (int) (seconds * 44100)),
                new SoxrResample(44100, 24000)::librosaResample);
        time("soxr HQ 48000 -> 16000", runs, repeat(rec, (int) (seconds * 48000)),
                new SoxrResample(48000, 16000)::librosaResample);
    }

    private static void time(String what, int runs, float[] x, UnaryOperator<float[]> f) {
        f.apply(x); // warm-up (JIT)
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            float[] y = f.apply(x);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            if (y.length == 0) {
                throw new IllegalStateException("no output");
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-45s median %7.1f ms  best %7.1f ms  runs %s%n", what, sorted[runs / 2], sorted[0],
                Arrays.toString(Arrays.stream(ms).map(v -> Math.round(v * 10) / 10.0).toArray()));
    }

    private static float[] repeat(float[] x, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i += x.length) {
            System.arraycopy(x, 0, y, i, Math.min(x.length, n - i));
        }
        return y;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
