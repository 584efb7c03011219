package dev.parity.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.SharedData;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A recorded complex64 argument (the tokenizer's rotary table) becomes a complex64 NDArray for replay. */
class ReplayComplexTest {
    @Test
    void rotaryTableIsFedAsComplex64() {
        Trace cond = TraceReader.read(SharedData.dump("cond-small-seed1"));
        TraceEntry e = cond.entries().stream().filter(x -> x.dtype().isComplex()).findFirst().orElseThrow();
        Tensor t = cond.tensor(e);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray a = Replay.array(m, e, t);
            assertEquals(DataType.COMPLEX64, a.getDataType());
            assertArrayEquals(t.shape().dims(), a.getShape().getShape());
            NDArray parts = a.real(); // view_as_real: (..., 2)
            assertArrayEquals(t.asReal().toFloatArray(), parts.toFloatArray());
        }
    }
}
