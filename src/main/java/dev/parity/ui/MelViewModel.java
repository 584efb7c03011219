package dev.parity.ui;

import dev.parity.io.Trace;
import dev.parity.tensor.Tensor;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The mel view: reads the chosen feature of both traces whenever the traces or the choice change. The choices
 * are the {@link StageSignal#FEATURES} the reference records: {@code final.mel} for an S3Gen dump, the prompt mel
 * and the front end's log-mel / fbank features for a conditioning dump.
 */
public final class MelViewModel {
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final SignalChoice<MelData> signal;

    public MelViewModel(SessionViewModel session, Background background) {
        this.signal = new SignalChoice<>(this, session, background, StageSignal.FEATURES, MelViewModel::read,
                () -> error.set(""), t -> error.set(Background.describe(t)));
    }

    public ReadOnlyObjectProperty<MelData> dataProperty() {
        return signal.dataProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The features the open reference records, in {@link StageSignal#FEATURES} order. */
    public ReadOnlyObjectProperty<List<StageSignal>> choicesProperty() {
        return signal.choicesProperty();
    }

    /** The feature shown (null before a reference is open or when it records none). */
    public ReadOnlyObjectProperty<StageSignal> shownProperty() {
        return signal.shownProperty();
    }

    /** Shows {@code feature} (one of the choices) of both traces. */
    public void show(StageSignal feature) {
        signal.show(feature);
    }

    /** Reads the features again (after the traces changed), keeping the choice when the new reference has it. */
    public void reload() {
        signal.reload();
    }

    static MelData read(Trace ref, Trace cand, StageSignal s) {
        Tensor rt = s == null ? null : s.read(ref);
        if (rt == null) {
            throw new IllegalArgumentException(ref.dir() + ": no final.mel entry, no outputs/mel.npy and no"
                    + " conditioning feature (final.prompt_feat, kaldi.fbank(), ...); a T3 dump records speech tokens"
                    + " and logits, not mels: see the Layers tab");
        }
        Slice r = oriented(rt, s);
        Tensor ct = s.read(cand);
        Slice c = ct == null ? null : oriented(ct, s);
        boolean same = c != null && c.rows() == r.rows() && c.cols() == r.cols();
        double[] range = r.range();
        if (c != null) {
            double[] cr = c.range();
            range = new double[] {Math.min(range[0], cr[0]), Math.max(range[1], cr[1])};
        }
        String note = c == null ? "no candidate " + s.entryOrFile() : same ? "" : "candidate " + s.entryOrFile()
                + " is " + ct.shape() + ", reference " + rt.shape() + ": no difference";
        return new MelData(s, r, c, same ? c.minus(r) : null, range[0], range[1], MelData.channelMeans(r),
                c == null ? null : MelData.channelMeans(c), SignalStats.of(r.values()),
                c == null ? null : SignalStats.of(c.values()), note);
    }

    /** The first slice of {@code t} as channels × time. */
    private static Slice oriented(Tensor t, StageSignal s) {
        Slice sl = TensorSlices.slice(t, new int[TensorSlices.leadingAxes(t.shape())]);
        return s.timeMajor() ? sl.transposed() : sl;
    }
}
