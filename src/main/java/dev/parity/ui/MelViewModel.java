package dev.parity.ui;

import dev.parity.io.Trace;
import dev.parity.tensor.Tensor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The mel view: reads {@code final.mel} (or {@code outputs/mel.npy}) of both traces whenever they change. */
public final class MelViewModel {
    private final SessionViewModel session;
    private final Background background;
    private final ReadOnlyObjectWrapper<MelData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public MelViewModel(SessionViewModel session, Background background) {
        this.session = session;
        this.background = background;
        session.referenceProperty().addListener(o -> reload());
        session.candidateProperty().addListener(o -> reload());
    }

    public ReadOnlyObjectProperty<MelData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Reads the mels again (after the traces changed). */
    public void reload() {
        Trace ref = session.referenceProperty().get();
        Trace cand = session.candidateProperty().get();
        if (ref == null) {
            data.set(null);
            return;
        }
        background.submit(() -> read(ref, cand), d -> {
            error.set("");
            data.set(d);
        }, t -> error.set(Background.describe(t)));
    }

    static MelData read(Trace ref, Trace cand) {
        Tensor rt = FinalOutputs.find(ref, "final.mel", "outputs/mel.npy");
        if (rt == null) {
            throw new IllegalArgumentException(ref.dir() + ": no final.mel entry and no outputs/mel.npy");
        }
        Slice r = TensorSlices.slice(rt, new int[rt.shape().rank()]);
        Tensor ct = FinalOutputs.find(cand, "final.mel", "outputs/mel.npy");
        Slice c = ct == null ? null : TensorSlices.slice(ct, new int[ct.shape().rank()]);
        boolean same = c != null && c.rows() == r.rows() && c.cols() == r.cols();
        double[] range = r.range();
        if (c != null) {
            double[] cr = c.range();
            range = new double[] {Math.min(range[0], cr[0]), Math.max(range[1], cr[1])};
        }
        String note = c == null ? "no candidate mel" : same ? "" : "candidate mel is " + ct.shape()
                + ", reference " + rt.shape() + ": no difference";
        return new MelData(r, c, same ? c.minus(r) : null, range[0], range[1], MelData.channelMeans(r),
                c == null ? null : MelData.channelMeans(c), SignalStats.of(r.values()),
                c == null ? null : SignalStats.of(c.values()), note);
    }
}
