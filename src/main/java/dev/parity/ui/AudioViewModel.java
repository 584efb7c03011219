package dev.parity.ui;

import dev.parity.io.Trace;
import dev.parity.tensor.Tensor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The audio view: both waveforms ({@code final.wav} or {@code outputs/wav.npy}), spectrograms, playback. */
public final class AudioViewModel {
    public static final float SAMPLE_RATE = 24000f;
    static final int N_FFT = 512;
    static final int HOP = 64;
    private final SessionViewModel session;
    private final Background background;
    private final ReadOnlyObjectWrapper<AudioData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public AudioViewModel(SessionViewModel session, Background background) {
        this.session = session;
        this.background = background;
        session.referenceProperty().addListener(o -> reload());
        session.candidateProperty().addListener(o -> reload());
    }

    public ReadOnlyObjectProperty<AudioData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public void reload() {
        Trace ref = session.referenceProperty().get();
        Trace cand = session.candidateProperty().get();
        if (ref == null) {
            data.set(null);
            return;
        }
        background.submit(() -> read(ref, cand), data::set, t -> status.set(Background.describe(t)));
    }

    /** Plays the reference waveform (in the background). */
    public void playReference() {
        AudioData d = data.get();
        play("reference", d == null ? null : d.ref());
    }

    /** Plays the candidate waveform (in the background). */
    public void playCandidate() {
        AudioData d = data.get();
        play("candidate", d == null ? null : d.cand());
    }

    private void play(String which, double[] samples) {
        if (samples == null) {
            status.set("No " + which + " waveform");
            return;
        }
        status.set("Playing " + which + " (" + Fmt.num(samples.length / SAMPLE_RATE) + " s)");
        background.submit(() -> {
            AudioPlayer.play(samples, SAMPLE_RATE);
            return which;
        }, w -> status.set("Played " + w), t -> status.set("Cannot play: " + Background.describe(t)));
    }

    static AudioData read(Trace ref, Trace cand) {
        Tensor rt = FinalOutputs.find(ref, "final.wav", "outputs/wav.npy");
        if (rt == null) {
            throw new IllegalArgumentException(ref.dir() + ": no final.wav entry and no outputs/wav.npy");
        }
        double[] r = rt.toDoubleArray();
        Tensor ct = FinalOutputs.find(cand, "final.wav", "outputs/wav.npy");
        double[] c = ct == null ? null : ct.toDoubleArray();
        Slice rs = Spectrogram.of(r, N_FFT, HOP);
        Slice cs = c == null ? null : Spectrogram.of(c, N_FFT, HOP);
        double hi = rs.range()[1];
        if (cs != null) {
            hi = Math.max(hi, cs.range()[1]);
        }
        return new AudioData(r, c, rs, cs, hi - 80, hi, SignalStats.of(r), c == null ? null : SignalStats.of(c));
    }
}
