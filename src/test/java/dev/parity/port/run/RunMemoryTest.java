package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import dev.parity.SharedData;
import dev.parity.port.nn.RunContext;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run frees all it allocates: nothing stays attached to the parameter manager afterwards. */
class RunMemoryTest {
    private static int resources(Object manager) throws Exception {
        Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void runsLeaveNothingBehind() throws Exception {
        ReferenceDump dump = ReferenceDump.open(SharedData.smallDump());
        try (S3GenPipeline p = S3GenPipeline.loadFlow(dump.flowConfig(), dump.weights())) {
            p.run(dump.inputs(), 2, dump.noise(), RunContext.OFF);
            int before = resources(p.parameterManager());
            for (int i = 0; i < 3; i++) {
                p.run(dump.inputs(), 2, dump.noise(), RunContext.OFF);
            }
            assertEquals(before, resources(p.parameterManager()));
        }
    }
}
