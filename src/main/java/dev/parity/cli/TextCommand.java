package dev.parity.cli;

import dev.parity.port.text.TextFrontEnd;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity text TOKENIZER TEXT...}: T3's text front end (punc_norm, then the released tokenizer.json). */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = {"Turn text into T3's raw text ids as ChatterboxTTS.generate does: punc_norm, spaces to [SPACE], "
            + "then the tokenizer.json (run by the Hugging Face tokenizers library). Prints the normalised text and "
            + "the ids (generate then adds the start/stop tokens and the CFG row).",
            "Exit codes: 0 ok, 2 usage error, 3 unreadable or invalid tokenizer file."})
public final class TextCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOKENIZER", description = "the released tokenizer.json")
    Path tokenizer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "the text (words are joined "
            + "with single spaces)")
    List<String> words;

    @Override
    public Integer call() {
        try (TextFrontEnd fe = TextFrontEnd.load(tokenizer)) {
            TextFrontEnd.Tokens t = fe.tokenize(String.join(" ", words));
            var out = spec.commandLine().getOut();
            out.println("normalized: " + t.normalized());
            out.println("ids (" + t.ids().length + "): " + Arrays.stream(t.ids()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(" ")));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
