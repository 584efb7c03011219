package dev.parity.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.SharedData;
import dev.parity.port.audio.SampleRates;
import dev.parity.port.hift.HiFTConfig;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.hift.RandomHiFTWeights;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Full-size HiFT (real S3Gen hyper-parameters, random weights for every mel2wav key of
 * reference-dumps/state-dicts/s3gen-state-dict-full.tsv): mel → wav for N mel frames (default 150 = 3 s of audio), tracing off.
 * Prints wall times (weights, build, each run) and the process's peak RSS. Args: [frames] [runs].
 */
public final class HiFTBench {
    private HiFTBench() {
    }

    public static void main(String[] args) throws IOException {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long t0 = System.nanoTime();
        Map<String, Tensor> weights = RandomHiFTWeights.make(
                RandomHiFTWeights.shapes(SharedData.stateDict("s3gen")), 7);
        long t1 = System.nanoTime();
        try (NDManager m = Torch.newManager()) {
            HiFTGenerator g = HiFTGenerator.load("mel2wav", HiFTConfig.fullSize(), Weights.of("random", weights, m));
            long t2 = System.nanoTime();
            System.out.printf("random weights %.2f s, build+load %.2f s, intra-op threads %d%n", (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, Torch.threads());
            double[] secs = new double[runs];
            for (int r = 0; r < runs; r++) {
                secs[r] = runOnce(m, g, frames, r);
            }
            double[] sorted = secs.clone();
            Arrays.sort(sorted);
            System.out.printf("mel frames %d -> %d samples (%.2f s audio); runs %s s; median %.2f s; RTF %.3f%n",
                    frames, frames * 480, frames * 480.0 / SampleRates.S3GEN_SR, Arrays.toString(secs), sorted[runs / 2],
                    sorted[runs / 2] / (frames * 480.0 / SampleRates.S3GEN_SR));
        }
        System.out.println("peak RSS (VmHWM): " + peakRss());
    }

    private static double runOnce(NDManager m, HiFTGenerator g, int frames, int seed) {
        try (NDManager scope = m.newSubManager()) {
            NDArray mel = scope.randomNormal(new Shape(1, 80, frames)); // (1, 80, T)
            long t = System.nanoTime();
            NDArray wav = g.inference(RunContext.OFF, new RandomDraws(NoiseSource.seeded(seed), 1), mel, null,
                    HiFTGenerator.Injection.NONE).get(0); // (1, 480·T)
            float[] v = wav.toFloatArray();
            double s = (System.nanoTime() - t) / 1e9;
            if (v.length != frames * 480) {
                throw new IllegalStateException("wav has " + v.length + " samples");
            }
            return s;
        }
    }

    private static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "unavailable";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM")).findFirst()
                .map(l -> l.substring(6).trim()).orElse("unavailable");
    }
}
