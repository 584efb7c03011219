package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.io.Wav;
import dev.parity.port.cond.CondConfig;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.T3Config;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SynthPipeline} with {@code --trace} on the small dumps' models (cond-small-seed1's tokenizer, CAMPPlus and
 * VoiceEncoder, t3-small-seed1's T3, s3gen-small-seed1's flow and HiFT, laid out under the released file names):
 * each stage writes a finished trace that holds every module the reference dump records (under its name), and whose final outputs are what
 * the run returned. (At full size the S3Gen trace is 16 GB; see bench/synth.md.)
 */
class SynthTraceTest {
    @TempDir
    Path tmp;

    private static JsonNode model(Path dump) throws Exception {
        return new ObjectMapper().readTree(dump.resolve("config.json").toFile()).path("model");
    }

    @Test
    void everyStageIsTracedUnderTheReferenceNames() throws Exception {
        Path cond = SharedData.dump("cond-small-seed1");
        Path t3 = SharedData.dump("t3-small-seed1");
        Path s3 = SharedData.dump("s3gen-small-seed1");
        Path dir = Files.createDirectories(tmp.resolve("ckpts"));
        SafetensorsFile cw = Safetensors.open(cond.resolve("weights.safetensors"));
        SafetensorsFile sw = Safetensors.open(s3.resolve("weights.safetensors"));
        Map<String, Tensor> s3gen = new LinkedHashMap<>();
        Map<String, Tensor> ve = new LinkedHashMap<>();
        sw.entries().keySet().forEach(k -> s3gen.put(k, sw.tensor(k)));
        cw.entries().keySet().forEach(k -> (k.startsWith("ve.") ? ve : s3gen).put(k, cw.tensor(k)));
        Safetensors.write(dir.resolve(SynthPipeline.S3GEN), s3gen, Map.of());
        Safetensors.write(dir.resolve(SynthPipeline.VE), ve, Map.of());
        Files.copy(t3.resolve("weights.safetensors"), dir.resolve(SynthPipeline.T3));
        Files.copy(Path.of("src/test/resources/fixtures/text/tokenizer.json"), dir.resolve(SynthPipeline.TOKENIZER));
        JsonNode s3Model = model(s3);
        SynthPipeline.Configs cfg = new SynthPipeline.Configs(CondConfig.fromJson(model(cond)),
                T3Config.fromJson(model(t3)), FlowConfig.fromJson(s3Model), s3Model);
        Wav.Audio voice = Wav.read(cond.resolve("inputs/reference.wav"));
        Path traces = tmp.resolve("trace");
        List<String> progress = new ArrayList<>();
        SynthPipeline.Result r = SynthPipeline.run(new SynthPipeline.Request("Hello there.", voice, dir, 0.5,
                GenerationSettings.generateDefaults().withMaxNewTokens(12), 3, traces), cfg, progress::add);
        assertEquals(SynthPipeline.STAGES.size() * 3 + 1, progress.size(), progress.toString());
        Map<String, Path> refs = Map.of("conditioning", cond, "t3", t3, "s3gen", s3);
        for (String stage : SynthPipeline.STAGES) {
            Trace mine = TraceReader.read(traces.resolve(stage)).requireFinished();
            Set<String> ref = names(TraceReader.read(refs.get(stage)));
            Set<String> missing = new java.util.TreeSet<>(ref);
            missing.removeAll(names(mine));
            assertTrue(missing.isEmpty(), stage + ": " + missing.size() + " of the reference's " + ref.size()
                    + " module names are not in the trace: " + missing);
        }
        Trace s3trace = TraceReader.read(traces.resolve("s3gen"));
        float[] wav = s3trace.tensor(s3trace.get(new EntryId("final.wav", 0, EntryKind.FINAL, null))).toFloatArray();
        assertArrayEquals(r.wav(), wav);
        Trace t3trace = TraceReader.read(traces.resolve("t3"));
        assertArrayEquals(r.speech_tokens(), t3trace.tensor(t3trace.get(new EntryId("final.speech_tokens", 0,
                EntryKind.FINAL, null))).toLongArray());
        for (float v : r.wav()) {
            assertTrue(Float.isFinite(v));
        }
    }

    private static Set<String> names(Trace t) {
        return t.entries().stream().filter(e -> e.kind() == EntryKind.OUT).map(e -> e.name())
                .collect(Collectors.toSet());
    }
}
