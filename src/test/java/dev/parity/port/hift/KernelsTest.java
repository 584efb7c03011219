package dev.parity.port.hift;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.NDTensors;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.run.ReferenceDump;
import dev.parity.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SineGen and the STFT/iSTFT kernels against the reference dump, each fed its recorded inputs. */
class KernelsTest {
    private static Trace trace;
    private static NDManager manager;

    @BeforeAll
    static void open() {
        trace = TraceReader.read(SharedData.smallDump());
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Tensor ref(String name, EntryKind kind, String arg) {
        return trace.tensor(trace.get(new EntryId(name, 0, kind, arg)));
    }

    static NDArray input(String name, String arg) {
        return NDTensors.toNDArray(manager, ref(name, EntryKind.IN, arg));
    }

    static void check(String what, NDArray got, Tensor want, double tol) {
        Metrics m = Metrics.of(got, want);
        System.out.println(what + ": " + m);
        assertTrue(m.within(tol, 1e-5), what + " " + m);
    }

    @Test
    void sineGenMatchesReference() {
        String p = "mel2wav.m_source.l_sin_gen";
        SineGen gen = new SineGen(p, 24000, 8, 0.1, 0.003, 10);
        NDList out = gen.forward(RunContext.OFF, new RandomDraws(ReferenceDump.open(SharedData.smallDump()).noise(), 1),
                input(p, null));
        check("sine_waves", out.get(0), ref(p, EntryKind.OUT, null), 1e-5);
        check("uv", out.get(1), ref(p, EntryKind.OUT, "1"), 0);
        check("noise", out.get(2), ref(p, EntryKind.OUT, "2"), 1e-6);
    }

    @Test
    void stftMatchesTorch() {
        Stft stft = new Stft(16, 4);
        NDList out = stft.stft(input("mel2wav._stft()", null));
        check("stft real", out.get(0), ref("mel2wav._stft()", EntryKind.OUT, null), 1e-6);
        check("stft imag", out.get(1), ref("mel2wav._stft()", EntryKind.OUT, "1"), 1e-6);
    }

    @Test
    void istftMatchesTorch() {
        Stft stft = new Stft(16, 4);
        NDArray y = stft.istft(input("mel2wav._istft()", null), input("mel2wav._istft()", "phase"));
        check("istft", y, ref("mel2wav._istft()", EntryKind.OUT, null), 1e-6);
    }
}
