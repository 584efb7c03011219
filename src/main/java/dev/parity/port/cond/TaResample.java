package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.audio.Resample;
import dev.parity.port.audio.SoxrResample;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/**
 * {@code torchaudio.transforms.Resample(orig, new)} as S3Gen's {@code get_resampler} caches it
 * ({@code ta_resample_<orig>_<new>}): the windowed-sinc port of {@link Resample}. The resampler-swapped fault uses
 * librosa's soxr HQ instead (length forced to ceil(L·new/orig), so the shapes still fit).
 */
public final class TaResample extends Module {
    private final Resample sinc;
    private final SoxrResample soxr;

    public TaResample(int origFreq, int newFreq) {
        super("ta_resample_" + origFreq + "_" + newFreq);
        this.sinc = new Resample(origFreq, newFreq);
        this.soxr = new SoxrResample(origFreq, newFreq);
    }

    @Override
    public String moduleType() {
        return "Resample";
    }

    /** (1, L) → (1, ceil(L·new/orig)). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        float[] w = x.toFloatArray();
        float[] y = faulty(ctx, Fault.RESAMPLER_SWAPPED) ? soxr.librosaResample(w) : sinc.forward(w);
        return c.out(x.getManager().create(y, new Shape(1, y.length)));
    }
}
