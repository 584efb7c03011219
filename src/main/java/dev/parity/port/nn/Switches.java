package dev.parity.port.nn;

import java.util.Arrays;
import java.util.Locale;

/** The port's A/B switches: a {@code -Dparity.NAME} system property, else a {@code PARITY_NAME} variable. */
public final class Switches {
    private Switches() {
    }

    /**
     * The constant of {@code type} named by {@code -Dparity.NAME} or {@code PARITY_NAME} (case-insensitive), or
     * {@code absent} when neither is set.
     *
     * @throws IllegalArgumentException naming the switch and its values when the value is none of them
     */
    public static <E extends Enum<E>> E choice(String name, Class<E> type, E absent) {
        String property = "parity." + name;
        String variable = "PARITY_" + name.toUpperCase(Locale.ROOT);
        String v = System.getProperty(property, System.getenv(variable));
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String[] names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .toArray(String[]::new);
            String values = String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or "
                    + names[names.length - 1];
            throw new IllegalArgumentException(property + " / " + variable + " must be " + values + ", got '" + v
                    + "'");
        }
    }
}
