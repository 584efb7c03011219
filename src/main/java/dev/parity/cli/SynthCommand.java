package dev.parity.cli;

import dev.parity.io.InputSet;
import dev.parity.io.Wav;
import dev.parity.port.run.SynthPipeline;
import dev.parity.port.t3.GenerationSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code parity synth --text T --voice REF.wav --checkpoints DIR --out OUT.wav}: the whole Chatterbox chain in Java. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Speak TEXT in the voice of a reference recording with the Java port, as ChatterboxTTS does: "
            + "conditioning (S3 tokenizer, CAMPPlus, VoiceEncoder) -> T3 -> S3Gen flow -> HiFT. DIR holds the "
            + "released files ve.safetensors, t3_cfg.safetensors, s3gen.safetensors and tokenizer.json (bf16/f16 "
            + "are read as float32). Progress goes to stderr; the WAV (24 kHz, mono, float32) to OUT.wav.",
            "Exit codes: 0 written, 2 usage error (also OUT.wav equal to an input), 3 unreadable or invalid input "
                + "(missing checkpoint file or key, bad WAV, empty text)."})
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "what to say")
    String text;

    @Option(names = "--voice", required = true, paramLabel = "REF.wav",
            description = "the reference recording (PCM or float WAV, any rate; the first 10 s are used)")
    Path voice;

    @Option(names = "--checkpoints", required = true, paramLabel = "DIR", description = "the released checkpoints")
    Path checkpoints;

    @Option(names = "--out", required = true, paramLabel = "OUT.wav", description = "where to write the speech")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of T3's sampling and the flow's noise (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "1000",
            description = "T3's step limit (generate's max_new_tokens, default ${DEFAULT-VALUE}; 25 tokens = 1 s)")
    int maxTokens;

    @Option(names = "--exaggeration", paramLabel = "X", defaultValue = "0.5",
            description = "emotion exaggeration (default ${DEFAULT-VALUE})")
    double exaggeration;

    @Option(names = "--trace", paramLabel = "DIR",
            description = "record every stage's module calls into DIR/conditioning, DIR/t3, DIR/s3gen")
    Path trace;

    @Override
    public Integer call() throws IOException {
        SynthPipeline.Configs cfg = SynthPipeline.Configs.fullSize();
        int most = cfg.t3().hp().max_speech_tokens();
        if (maxTokens < 1 || maxTokens > most) {
            throw new ParameterException(spec.commandLine(), "--max-tokens must be between 1 and " + most
                    + " (T3's speech positions), got " + maxTokens);
        }
        InputSet inputs = new InputSet().add(voice, "the --voice recording").add(checkpoints, "the --checkpoints "
                + "directory");
        SynthPipeline.FILES.forEach(f -> inputs.add(checkpoints.resolve(f), "the checkpoint " + f));
        Outputs.check(spec, inputs, "--out", List.of(out));
        Wav.Audio audio = Wav.read(voice);
        SynthPipeline.checkInputs(checkpoints, text, audio, voice);
        PrintWriter err = spec.commandLine().getErr();
        GenerationSettings gen = GenerationSettings.generateDefaults().withMaxNewTokens(maxTokens);
        SynthPipeline.Request req = new SynthPipeline.Request(text, audio, checkpoints, exaggeration, gen, seed, trace);
        SynthPipeline.Result r = SynthPipeline.run(req, cfg, line -> {
            err.println("synth: " + line);
            err.flush();
        });
        Wav.write(out, r.wav(), r.sampleRate(), Wav.Encoding.FLOAT32);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %.2f s at %d Hz from %d speech tokens (conditioning %.1f s, t3 %.1f s, s3gen %.1f s)%n", out,
                r.wav().length / (double) r.sampleRate(), r.sampleRate(), r.speech_tokens().length, r.seconds()[0],
                r.seconds()[1], r.seconds()[2]);
        if (trace != null) {
            o.println("traces: " + trace.resolve("conditioning") + ", " + trace.resolve("t3") + ", "
                    + trace.resolve("s3gen"));
        }
        o.flush();
        return ExitCodes.OK;
    }
}
