package dev.parity.ui;

import static dev.parity.port.audio.SampleRates.S3GEN_SR;
import static dev.parity.port.audio.SampleRates.S3_SR;

import dev.parity.io.EntryKind;
import dev.parity.io.Npy;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One recorded feature or waveform the mel and audio tabs can show: a {@code final.*} entry, the output (call
 * {@code call}, first output) of a traced function, or a file of the dump such as {@code inputs/reference.npy}.
 *
 * @param label what the selector shows
 * @param entry entry name ({@code final.*} names are final entries, others outputs), or null for a file only
 * @param file fallback file relative to the trace directory, or null
 * @param timeMajor the feature's last two axes are (time, channel) and are shown transposed; unused for waves
 * @param rate sample rate in Hz of a waveform; unused for features
 */
public record StageSignal(String label, String entry, int call, String file, boolean timeMajor, float rate) {
    /** The features the mel tab offers: the S3Gen output mel, then the conditioning front end's features. */
    public static final List<StageSignal> FEATURES = List.of(
            new StageSignal("final.mel", "final.mel", 0, "outputs/mel.npy", false, 0),
            new StageSignal("final.prompt_feat (S3Gen prompt mel)", "final.prompt_feat", 0,
                    "outputs/prompt_feat.npy", true, 0),
            new StageSignal("s3gen.mel_extractor() (24 kHz log-mel)", "s3gen.mel_extractor()", 0, null, false, 0),
            new StageSignal("kaldi.fbank() (speaker encoder fbank)", "kaldi.fbank()", 0, null, true, 0),
            new StageSignal("tokenizer.log_mel_spectrogram()#0", "tokenizer.log_mel_spectrogram()", 0, null, false, 0),
            new StageSignal("tokenizer.log_mel_spectrogram()#1", "tokenizer.log_mel_spectrogram()", 1, null, false, 0),
            new StageSignal("ve.melspectrogram() (voice encoder mel)", "ve.melspectrogram()", 0, null, false, 0));

    /** The waveforms the audio tab offers: the S3Gen output, then the conditioning input and its resamplings. */
    public static final List<StageSignal> WAVES = List.of(
            new StageSignal("final.wav (24 kHz)", "final.wav", 0, "outputs/wav.npy", false, S3GEN_SR),
            new StageSignal("inputs/reference.npy (input recording, 22.05 kHz)", null, 0, "inputs/reference.npy",
                    false, 22050),
            new StageSignal("librosa.load() (soxr → 24 kHz)", "librosa.load()", 0, null, false, S3GEN_SR),
            new StageSignal("soxr.resample()#1 (→ 16 kHz)", "soxr.resample()", 1, null, false, S3_SR),
            new StageSignal("ta_resample_24000_16000 (torchaudio → 16 kHz)", "ta_resample_24000_16000", 0, null,
                    false, S3_SR),
            new StageSignal("librosa.effects.trim() (16 kHz)", "librosa.effects.trim()", 0, null, false, S3_SR));

    /** The signals of {@code all} that {@code trace} records, in the order of {@code all}. */
    public static List<StageSignal> available(Trace trace, List<StageSignal> all) {
        return trace == null ? List.of() : all.stream().filter(s -> s.recordedIn(trace)).toList();
    }

    /** The entry name, or the file when there is no entry. */
    public String entryOrFile() {
        return entry != null ? entry : file;
    }

    @Override
    public String toString() {
        return label;
    }

    /** Whether {@code trace} has this signal. */
    public boolean recordedIn(Trace trace) {
        return find(trace) != null || (file != null && Files.isRegularFile(trace.dir().resolve(file)));
    }

    /** This signal's tensor in {@code trace}, or null when the trace (or a null trace) has none. */
    public Tensor read(Trace trace) {
        if (trace == null) {
            return null;
        }
        TraceEntry e = find(trace);
        if (e != null) {
            return trace.tensor(e);
        }
        Path f = file == null ? null : trace.dir().resolve(file);
        return f != null && Files.isRegularFile(f) ? Npy.read(f) : null;
    }

    private TraceEntry find(Trace trace) {
        if (entry == null) {
            return null;
        }
        boolean fin = entry.startsWith("final.");
        for (TraceEntry e : trace.entries()) {
            if (e.name().equals(entry) && e.call() == call && (fin ? e.kind() == EntryKind.FINAL
                    : e.kind() == EntryKind.OUT && e.arg() == null)) {
                return e;
            }
        }
        return null;
    }
}
