package dev.parity.port.t3;

import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where step k's {@code torch.multinomial(probs, 1)} gets its randomness. torch on CPU draws q ~ Exp(1) (one value
 * per vocabulary entry) and returns argmax(probs / q); so with a reference's recorded q the port samples from its
 * own probabilities exactly as the reference did ({@link #recorded}). {@link #teacherForced} takes the reference's
 * sampled token instead (so one flipped token cannot cascade), {@link #seeded} draws fresh q for real use, and
 * {@link #withForcedToken} forces one token at one step (a deliberate flip).
 */
public final class TokenDraws {
    /** Entry name of the recorded draws ({@code rng.multinomial} call k = step k). */
    public static final String NAME = "rng.multinomial";
    public static final String Q = "exponential_q";
    public static final String TOKEN = "sampled_token";

    private final Trace reference; // null when seeded
    private final boolean teacherForcing;
    private final long seed;
    private final Map<Integer, Long> forced;

    private TokenDraws(Trace reference, boolean teacherForcing, long seed, Map<Integer, Long> forced) {
        this.reference = reference;
        this.teacherForcing = teacherForcing;
        this.seed = seed;
        this.forced = Map.copyOf(forced);
    }

    /** The reference's recorded noise q; the token is argmax(p / q) with the port's own p. */
    public static TokenDraws recorded(Trace reference) {
        return new TokenDraws(reference, false, 0, Map.of());
    }

    /** The reference's recorded token at every step (teacher forcing); q is still the recorded one. */
    public static TokenDraws teacherForced(Trace reference) {
        return new TokenDraws(reference, true, 0, Map.of());
    }

    /** Fresh exponential noise from a seeded generator (not torch's stream): same seed, same tokens. */
    public static TokenDraws seeded(long seed) {
        return new TokenDraws(null, false, seed, Map.of());
    }

    /** The same draws with {@code token} forced at {@code step}. */
    public TokenDraws withForcedToken(int step, long token) {
        Map<Integer, Long> f = new HashMap<>(forced);
        f.put(step, token);
        return new TokenDraws(reference, teacherForcing, seed, f);
    }

    /**
     * How many steps have draws: the reference's recorded steps, unlimited when seeded. A run whose tokens differ
     * from the reference's (a flip, a fault) can outlive the reference's stop token; it ends there, as if
     * {@code max_new_tokens} were reached, since nothing after it could be compared.
     */
    public int available() {
        if (reference == null) {
            return Integer.MAX_VALUE;
        }
        return (int) reference.entries().stream().filter(e -> e.name().equals(NAME) && Q.equals(e.arg())).count();
    }

    /** Step k's q (vocab float32 values, > 0). */
    public float[] q(int step, int vocab) {
        if (reference == null) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + step);
            float[] q = new float[vocab];
            for (int i = 0; i < vocab; i++) {
                q[i] = (float) -Math.log1p(-r.nextDouble()); // Exp(1)
            }
            return q;
        }
        float[] q = recordedEntry(step, Q, vocab).toFloatArray();
        return q;
    }

    /** The token forced at {@code step} (a flip, or the reference's under teacher forcing), or -1 for none. */
    public long forcedToken(int step) {
        Long f = forced.get(step);
        if (f != null) {
            return f;
        }
        return teacherForcing ? recordedEntry(step, TOKEN, 1).getLong(0) : -1;
    }

    private dev.parity.tensor.Tensor recordedEntry(int step, String arg, long numel) {
        TraceEntry e = reference.get(new EntryId(NAME, step, EntryKind.RNG, arg));
        if (e == null) {
            throw new FormatException(reference.dir().resolve("manifest.json"), "generation step " + step
                    + " needs the recorded draw " + NAME + " call " + step + " " + arg + ", which the reference lacks"
                    + " (it sampled fewer steps)");
        }
        dev.parity.tensor.Tensor t = reference.tensor(e);
        if (t.shape().numel() != numel) {
            throw new FormatException(reference.fileOf(e), "expected " + numel + " values for " + arg + " of step "
                    + step + ", found shape " + t.shape());
        }
        return t;
    }
}
