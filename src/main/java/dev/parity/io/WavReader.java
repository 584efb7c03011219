package dev.parity.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Parses the chunks of a RIFF/WAVE image and decodes its samples for {@link Wav#read(Path)}. */
final class WavReader {
    /** Bytes 2..15 of every {@code KSDATAFORMAT_SUBTYPE_*} GUID ({@code xxxxxxxx-0000-0010-8000-00aa00389b71}). */
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
        (byte) 0x9B, 0x71};

    /** The {@code fmt } chunk's facts. */
    private record Fmt(int format, int channels, int sampleRate, int blockAlign, int bits) {
        String name() {
            return (format == Wav.FORMAT_FLOAT ? "float" : "pcm") + bits;
        }
    }

    private final Path file;
    private final ByteBuffer b;

    private WavReader(Path file, ByteBuffer b) {
        this.file = file;
        this.b = b;
    }

    static Wav.Audio parse(Path file, ByteBuffer b) {
        return new WavReader(file, b).parse();
    }

    private Wav.Audio parse() {
        if (b.limit() < 12 || !tag(0).equals("RIFF") || !tag(8).equals("WAVE")) {
            throw fail("not a WAV file (no RIFF/WAVE header)");
        }
        Fmt fmt = null;
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = tag(pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id.equals("fmt ")) {
                fmt = fmt(body, size);
            } else if (id.equals("data")) {
                if (fmt == null) {
                    throw fail("the data chunk comes before any fmt chunk");
                }
                return decode(fmt, body, size);
            }
            pos = Math.toIntExact(Math.min(b.limit(), body + size + (size & 1))); // chunks are padded to even size
        }
        throw fail(fmt == null ? "no fmt chunk" : "no data chunk");
    }

    private Fmt fmt(int body, long size) {
        if (size < 16 || body + size > b.limit()) {
            throw fail("fmt chunk of " + size + " bytes is " + (size < 16 ? "too short (16 needed)" : "truncated"));
        }
        int format = b.getShort(body) & 0xFFFF;
        int channels = b.getShort(body + 2) & 0xFFFF;
        long rate = b.getInt(body + 4) & 0xFFFFFFFFL;
        int align = b.getShort(body + 12) & 0xFFFF;
        int bits = b.getShort(body + 14) & 0xFFFF;
        if (format == Wav.FORMAT_EXTENSIBLE) {
            format = subFormat(body, size);
        }
        if (channels == 0 || rate == 0 || rate > Integer.MAX_VALUE) {
            throw fail("fmt chunk declares " + channels + " channels at " + rate + " Hz");
        }
        Fmt f = new Fmt(format, channels, (int) rate, align, bits);
        check(f);
        return f;
    }

    private int subFormat(int body, long size) {
        if (size < 40) {
            throw fail("WAVE_FORMAT_EXTENSIBLE fmt chunk of " + size + " bytes is too short (40 needed)");
        }
        for (int i = 0; i < 14; i++) {
            if (b.get(body + 26 + i) != GUID_TAIL[i]) {
                throw fail("WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID");
            }
        }
        return b.getShort(body + 24) & 0xFFFF;
    }

    private void check(Fmt f) {
        boolean pcm = f.format() == Wav.FORMAT_PCM && (f.bits() == 8 || f.bits() == 16 || f.bits() == 24
                || f.bits() == 32);
        boolean flt = f.format() == Wav.FORMAT_FLOAT && (f.bits() == 32 || f.bits() == 64);
        if (!pcm && !flt) {
            throw fail("unsupported encoding: format tag 0x" + Integer.toHexString(f.format()) + " with "
                    + f.bits() + " bits (supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit)");
        }
        if (f.blockAlign() != f.channels() * (f.bits() / 8)) {
            throw fail("block align " + f.blockAlign() + " does not fit " + f.channels() + " channels of "
                    + f.bits() + " bits");
        }
    }

    private Wav.Audio decode(Fmt f, int body, long size) {
        long have = b.limit() - (long) body;
        if (size > have) {
            throw fail("data chunk declares " + size + " bytes but only " + have + " follow (truncated)");
        }
        long frames = size / f.blockAlign();
        if (frames == 0) {
            throw fail("no audio: the data chunk holds no complete frame");
        }
        if (frames > Integer.MAX_VALUE - 8) {
            throw fail(frames + " frames are more than one Java array holds");
        }
        float[] mono = new float[(int) frames];
        int bytes = f.bits() / 8;
        for (int i = 0; i < mono.length; i++) {
            float sum = 0f;
            for (int c = 0; c < f.channels(); c++) {
                sum += sample(f, body + (long) i * f.blockAlign() + (long) c * bytes, i);
            }
            mono[i] = f.channels() == 1 ? sum : sum / f.channels();
        }
        return new Wav.Audio(mono, f.sampleRate(), f.channels(), f.name());
    }

    /** One sample as libsndfile gives it in float32. */
    private float sample(Fmt f, long at, int frame) {
        int p = Math.toIntExact(at);
        if (f.format() == Wav.FORMAT_FLOAT) {
            float v = f.bits() == 32 ? b.getFloat(p) : (float) b.getDouble(p);
            if (!Float.isFinite(v)) {
                throw fail("frame " + frame + " holds a " + (Float.isNaN(v) ? "NaN" : "infinite") + " sample");
            }
            return v;
        }
        return switch (f.bits()) {
            case 8 -> ((b.get(p) & 0xFF) - 128) * 0x1p-7f;
            case 16 -> b.getShort(p) * 0x1p-15f;
            case 24 -> ((b.get(p) & 0xFF) | (b.get(p + 1) & 0xFF) << 8 | b.get(p + 2) << 16) * 0x1p-23f;
            default -> (float) b.getInt(p) * 0x1p-31f;
        };
    }

    private String tag(int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }

    private FormatException fail(String problem) {
        return new FormatException(file, problem);
    }
}
