package dev.parity.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.ConvKernels;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.run.S3GenPipeline;
import dev.parity.port.run.TokenInputs;
import dev.parity.port.s3gen.FlowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The full-size S3Gen path (the {@link PipelineBench} workload) with and without the conv workaround, in one
 * process on one loaded model: runs alternate between {@code ConvKernels.Policy.AUTO} (measured routing: direct
 * where oneDNN is right) and {@code PROTECT} (every conv whose input channels per group are not a multiple of 16
 * zero-padded), so machine load drifts equally over both. {@code ConvRouteBench CKPT [rounds]}; the checkpoint
 * is the one {@code PipelineBench write} makes. See bench/conv-protection.md.
 */
public final class ConvRouteBench {
    private ConvRouteBench() {
    }

    public static void main(String[] args) {
        Path ckpt = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Torch.prepareThread();
        System.out.printf("torch intra-op threads %d, load average %.1f%n", Torch.threads(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        TokenInputs in = FlowBench.inputs(25, 50, 3);
        Map<ConvKernels.Policy, List<Double>> secs = new EnumMap<>(ConvKernels.Policy.class);
        try (S3GenPipeline p = S3GenPipeline.load(FlowConfig.fullSize(), ckpt, HiFTGenerator::create,
                JsonNodeFactory.instance.objectNode())) {
            NoiseSource noise = NoiseSource.seeded(1);
            p.run(in, 10, noise, RunContext.OFF); // warm-up
            for (int r = 0; r < rounds; r++) {
                for (ConvKernels.Policy policy : List.of(ConvKernels.Policy.AUTO, ConvKernels.Policy.PROTECT)) {
                    ConvKernels.configure(policy, false);
                    double s = p.run(in, 10, noise, RunContext.OFF).seconds();
                    secs.computeIfAbsent(policy, k -> new ArrayList<>()).add(s);
                    System.out.printf("round %d %-7s %.2f s (load %.1f)%n", r, policy, s,
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
        }
        secs.forEach((policy, v) -> {
            double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-7s runs %s s, median %.2f s%n", policy, v, a[a.length / 2]);
        });
        System.out.println("routes under PROTECT: " + Arrays.toString(ConvKernels.decisions().stream()
                .filter(d -> d.route() != ConvKernels.Route.DIRECT).map(d -> d.key().describe()).toArray()));
    }
}
