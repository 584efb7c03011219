package dev.parity.bench;

import dev.parity.port.cond.CondConfig;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.run.ConditioningCheckpoints;
import dev.parity.port.run.ConditioningPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Full-size conditioning ({@code prepare_conditionals} after resampling) on a 10 s recording: {@code write DIR}
 * writes random s3gen.safetensors / ve.safetensors with every key of the conditioning tsv; {@code run DIR [runs]}
 * prints load time and each run's wall time (tracing off). See bench/conditioning.md.
 */
public final class ConditioningBench {
    private ConditioningBench() {
    }

    private static void report(String what, double[] s) {
        double[] t = s.clone();
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%s: median %.2f s, min %.2f s, max %.2f s%n", what, t[t.length / 2], t[0],
                t[t.length - 1]);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("write")) {
            Files.createDirectories(dir);
            ConditioningCheckpoints.write(dir, 11);
            return;
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long t0 = System.nanoTime();
        try (ConditioningPipeline p = ConditioningPipeline.load(dir.resolve("s3gen.safetensors"),
                dir.resolve("ve.safetensors"), CondConfig.fullSize())) {
            System.out.printf(Locale.ROOT, "load: %.2f s (libtorch threads %d)%n", (System.nanoTime() - t0) / 1e9,
                    Torch.threads());
            var waves = ConditioningCheckpoints.tiledWaves(10);
            double[] s = new double[runs];
            for (int i = 0; i < runs; i++) {
                s[i] = p.run(waves, 0.5, RunContext.OFF).seconds();
                System.out.printf(Locale.ROOT, "run %d: %.2f s%n", i, s[i]);
            }
            report("from the waves", s);
            float[] rec = ConditioningCheckpoints.tiledRecording(10); // 22050 Hz, as the bundled WAV
            for (int i = 0; i < runs; i++) {
                s[i] = p.run(rec, 22050, 0.5, RunContext.OFF).seconds();
                System.out.printf(Locale.ROOT, "run %d with resampling: %.2f s%n", i, s[i]);
            }
            report("from a 22050 Hz recording (soxr and torchaudio resampling included)", s);
        }
    }
}
