package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import dev.parity.SharedData;
import dev.parity.port.nn.RunContext;
import dev.parity.port.t3.TokenDraws;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** T3 generation frees all it allocates: nothing stays attached to the parameter manager or its children. */
class T3RunMemoryTest {
    private static int resources(Object manager) throws Exception {
        Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void generationsLeaveNothingBehind() throws Exception {
        ReferenceDump dump = ReferenceDump.open(SharedData.dump("t3-small-seed1"));
        try (T3Pipeline p = T3Pipeline.load(dump.t3Config(), dump.weights())) {
            p.run(dump.t3Inputs(), dump.generation(), TokenDraws.recorded(dump.trace()), RunContext.OFF);
            int before = resources(p.parameterManager());
            for (int i = 0; i < 2; i++) {
                p.run(dump.t3Inputs(), dump.generation(), TokenDraws.recorded(dump.trace()), RunContext.OFF);
            }
            assertEquals(before, resources(p.parameterManager()));
        }
    }
}
