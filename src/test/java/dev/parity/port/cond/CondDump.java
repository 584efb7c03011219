package dev.parity.port.cond;

import dev.parity.SharedData;
import java.nio.file.Path;

/** {@code reference-dumps/cond-small-seed1}: the upstream conditioning trace the tests use. */
public final class CondDump {
    public static final String NAME = "cond-small-seed1";

    private CondDump() {
    }

    public static Path original() {
        return SharedData.dump(NAME);
    }
}
