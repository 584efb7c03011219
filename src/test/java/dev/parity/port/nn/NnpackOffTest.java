package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine starts with NNPACK off, so that libtorch's convolutions stop asking for it: where its CPU probe cannot
 * identify the CPU (the AMD EPYC VMs here) every asking printed "Could not initialize NNPACK!" to stderr.
 */
class NnpackOffTest {
    @Test
    void theEngineStartsWithNnpackOff() {
        Torch.prepareThread();
        NativeLibrary lib = Platform.libtorchLibrary();
        Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        assertNotNull(context);
        int enabled = lib.getFunction("_ZNK2at7Context17userEnabledNNPACKEv").invokeInt(new Object[] {context});
        assertEquals(0, enabled & 0xFF, "at::globalContext().userEnabledNNPACK()"); // a C++ bool comes back in AL
    }

    /** Convolutions in a JVM of their own print nothing from libtorch on stderr, on any CPU. */
    @Test
    void convolutionsPrintNothingOnStderr(@TempDir Path tmp) throws IOException, InterruptedException {
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Convolutions.class.getName())
                .redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(err.toFile()).start();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end in 120 s");
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertEquals("5", Files.readString(tmp.resolve("stdout.txt")).trim());
        assertFalse(lines.stream().anyMatch(l -> l.contains("NNPACK")), String.join("\n", lines));
    }

    /** The child: five float32 conv1d calls (libtorch asked for NNPACK at each before it was turned off). */
    static final class Convolutions {
        public static void main(String[] args) {
            try (NDManager m = Torch.newManager()) {
                NDArray x = m.randomNormal(new Shape(1, 18, 64));
                NDArray w = m.randomNormal(new Shape(16, 18, 3));
                int n = 0;
                for (int i = 0; i < 5; i++) {
                    NDArray y = ai.djl.nn.convolutional.Conv1d.conv1d(x, w).singletonOrThrow();
                    n += y.getShape().get(1) == 16 ? 1 : 0;
                }
                System.out.println(n);
            }
        }
    }
}
