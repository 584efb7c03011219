package dev.parity.ui;

import dev.parity.report.Numbers;
import dev.parity.io.Trace;
import dev.parity.tensor.Tensor;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The audio view: the chosen waveform of both traces, spectrograms, playback. The choices are the
 * {@link StageSignal#WAVES} the reference records: {@code final.wav} for an S3Gen dump, the input recording and
 * its resamplings for a conditioning dump.
 */
public final class AudioViewModel {
    static final int N_FFT = 512;
    static final int HOP = 64;
    private final Background background;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final SignalChoice<AudioData> signal;

    public AudioViewModel(SessionViewModel session, Background background) {
        this.background = background;
        this.signal = new SignalChoice<>(this, session, background, StageSignal.WAVES, AudioViewModel::read,
                () -> { }, t -> status.set(Background.describe(t)));
    }

    public ReadOnlyObjectProperty<AudioData> dataProperty() {
        return signal.dataProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The waveforms the open reference records, in {@link StageSignal#WAVES} order. */
    public ReadOnlyObjectProperty<List<StageSignal>> choicesProperty() {
        return signal.choicesProperty();
    }

    /** The waveform shown (null before a reference is open or when it records none). */
    public ReadOnlyObjectProperty<StageSignal> shownProperty() {
        return signal.shownProperty();
    }

    /** Shows {@code wave} (one of the choices) of both traces. */
    public void show(StageSignal wave) {
        signal.show(wave);
    }

    /** Reads the waveforms again (after the traces changed), keeping the choice when the new reference has it. */
    public void reload() {
        signal.reload();
    }

    /** Plays the reference waveform (in the background). */
    public void playReference() {
        AudioData d = signal.dataProperty().get();
        play("reference", d == null ? null : d.ref(), d == null ? 0 : d.wave().rate());
    }

    /** Plays the candidate waveform (in the background). */
    public void playCandidate() {
        AudioData d = signal.dataProperty().get();
        play("candidate", d == null ? null : d.cand(), d == null ? 0 : d.wave().rate());
    }

    private void play(String which, double[] samples, float rate) {
        if (samples == null) {
            status.set("No " + which + " waveform");
            return;
        }
        status.set("Playing " + which + " (" + Numbers.num(samples.length / rate) + " s)");
        background.submit(() -> {
            AudioPlayer.play(samples, rate);
            return which;
        }, w -> status.set("Played " + w), t -> status.set("Cannot play: " + Background.describe(t)));
    }

    static AudioData read(Trace ref, Trace cand, StageSignal s) {
        Tensor rt = s == null ? null : s.read(ref);
        if (rt == null) {
            throw new IllegalArgumentException(ref.dir() + ": no final.wav entry, no outputs/wav.npy and no"
                    + " conditioning waveform (inputs/reference.npy, librosa.load(), ...); a T3 dump records speech"
                    + " tokens and logits, not audio: see the Layers tab");
        }
        double[] r = rt.toDoubleArray();
        Tensor ct = s.read(cand);
        double[] c = ct == null ? null : ct.toDoubleArray();
        Slice rs = Spectrogram.of(r, N_FFT, HOP);
        Slice cs = c == null ? null : Spectrogram.of(c, N_FFT, HOP);
        double hi = rs.range()[1];
        if (cs != null) {
            hi = Math.max(hi, cs.range()[1]);
        }
        return new AudioData(s, r, c, rs, cs, hi - 80, hi, SignalStats.of(r), c == null ? null : SignalStats.of(c));
    }
}
