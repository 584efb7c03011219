package dev.parity.cli;

import dev.parity.io.Wav;
import dev.parity.port.audio.Resample;
import dev.parity.port.audio.SoxrResample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity resample IN.wav --rate HZ --out OUT.wav}: a recording at another rate, as upstream resamples it. */
@Command(name = "resample", mixinStandardHelpOptions = true,
        description = {"Write a WAV recording, mono float32, at another rate with one of the two resamplers of "
            + "the Chatterbox conditioning path. Reads PCM 8/16/24/32-bit and float 32/64-bit at any rate; "
            + "channels are averaged as librosa does.",
            "Exit codes: 0 written, 2 usage error, 3 unreadable or invalid audio."})
public final class ResampleCommand implements Callable<Integer> {
    /** The resamplers upstream uses. */
    enum Method { soxr_hq, torchaudio }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.wav", description = "the recording")
    Path in;

    @Option(names = "--rate", required = true, paramLabel = "HZ", description = "output sample rate")
    int rate;

    @Option(names = "--out", required = true, paramLabel = "OUT.wav", description = "where to write (not IN.wav)")
    Path out;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "soxr_hq",
            description = "soxr_hq (librosa.resample, the default) or torchaudio (transforms.Resample)")
    Method method;

    @Override
    public Integer call() throws IOException {
        if (rate <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate must be positive");
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out must not be IN.wav");
        }
        Wav.Audio a = Wav.read(in);
        float[] y;
        try {
            y = method == Method.soxr_hq ? new SoxrResample(a.sampleRate(), rate).librosaResample(a.samples())
                    : new Resample(a.sampleRate(), rate).forward(a.samples());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(in + ": " + e.getMessage());
        }
        Wav.write(out, y, rate, Wav.Encoding.FLOAT32);
        spec.commandLine().getOut().printf("%s: %d Hz, %d channel(s), %s, %d samples -> %s: %d Hz, %d samples (%s)%n",
                in, a.sampleRate(), a.channels(), a.format(), a.samples().length, out, rate, y.length, method);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
