package dev.parity.ui;

/** A 257-entry colour lookup table (so that the middle value has an entry of its own) built by linear interpolation between evenly spaced anchor colours. */
public enum ColorMap {
    /** Perceptually ordered dark-violet → teal → yellow, for values. */
    VIRIDIS(0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70, 0x7ad151,
            0xbddf26, 0xfde725),
    /** Blue → white → red, for signed differences centred on zero. */
    DIVERGING(0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b);

    private final int[] lut = new int[257];

    ColorMap(int... anchors) {
        for (int i = 0; i <= 256; i++) {
            double pos = i / 256.0 * (anchors.length - 1);
            int a = Math.min((int) pos, anchors.length - 2);
            double f = pos - a;
            lut[i] = 0xFF000000 | mix(anchors[a], anchors[a + 1], f);
        }
    }

    private static int mix(int c0, int c1, double f) {
        int r = (int) Math.round(((c0 >> 16) & 0xFF) * (1 - f) + ((c1 >> 16) & 0xFF) * f);
        int g = (int) Math.round(((c0 >> 8) & 0xFF) * (1 - f) + ((c1 >> 8) & 0xFF) * f);
        int b = (int) Math.round((c0 & 0xFF) * (1 - f) + (c1 & 0xFF) * f);
        return (r << 16) | (g << 8) | b;
    }

    /** ARGB colour for {@code t} in [0, 1] (clamped); NaN is drawn magenta so it cannot be missed. */
    public int argb(double t) {
        if (Double.isNaN(t)) {
            return 0xFFFF00FF;
        }
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 256);
        return lut[i];
    }
}
