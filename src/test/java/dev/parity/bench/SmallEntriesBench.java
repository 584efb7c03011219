package dev.parity.bench;

import dev.parity.compare.CompareOptions;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.Localizer;
import dev.parity.localize.NoiseFloor;
import dev.parity.port.nn.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark, not a test: what {@code parity diagnose} does with a trace of many small entries once its code is
 * compiled, in one JVM: read both traces, measure the noise floor between them, diagnose the second against the
 * first. The bundled dumps' 1,352 entries hold 6.8 M values in files of at most 552 kB. See bench/compare.md,
 * "Small entries".
 *
 * <p>Usage: {@code SmallEntriesBench <ref> <cand> [rounds]}; the first half of the rounds warm up the JIT.
 */
public final class SmallEntriesBench {
    private SmallEntriesBench() {
    }

    public static void main(String[] args) {
        Path ref = Path.of(args[0]);
        Path cand = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        System.out.println("CPU " + Platform.detect().cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores");
        List<Double> read = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> diagnose = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Trace r = TraceReader.read(ref).requireFinished();
            Trace c = TraceReader.read(cand).requireFinished();
            long t1 = System.nanoTime();
            NoiseFloor f = NoiseFloor.measure(r, c);
            long t2 = System.nanoTime();
            new Localizer(CompareOptions.defaults(), f).diagnose(r, c);
            long t3 = System.nanoTime();
            if (i >= rounds / 2) {
                read.add((t1 - t0) / 1e6);
                floor.add((t2 - t1) / 1e6);
                diagnose.add((t3 - t2) / 1e6);
            }
        }
        System.out.printf("%d warm rounds, medians: read both manifests %.0f ms, noise floor %.0f ms, diagnosis %.0f ms"
                + "%n", read.size(), median(read), median(floor), median(diagnose));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
