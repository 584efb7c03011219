package dev.parity.localize;

import java.util.List;

/** The S3Gen pipeline stages, by module-path prefix. */
public final class Stages {
    private static final List<String[]> PREFIXES = List.of(
            new String[] {"flow.encoder_proj", "flow.encoder_proj"},
            new String[] {"flow.encoder", "flow.encoder"},
            new String[] {"flow.decoder", "flow.decoder"},
            new String[] {"flow.", "flow"},
            new String[] {"mel2wav.f0_predictor", "mel2wav.f0_predictor"},
            new String[] {"mel2wav.m_source", "mel2wav.m_source"},
            new String[] {"mel2wav.", "mel2wav"});

    private Stages() {
    }

    /** {@code flow.encoder} for every path under it, likewise flow.decoder, mel2wav.f0_predictor, ...; else the
     * first dotted component. */
    public static String of(String name) {
        for (String[] p : PREFIXES) {
            if (name.equals(p[1]) || name.startsWith(p[0]) && (p[0].endsWith(".") || name.startsWith(p[0] + ".")
                    || name.startsWith(p[0] + "()"))) {
                return p[1];
            }
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
