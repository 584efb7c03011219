/**
 * The text front end of {@code ChatterboxTTS.generate}: {@link dev.parity.port.text.PuncNorm} (tts.py's
 * {@code punc_norm}) and {@link dev.parity.port.text.EnTokenizer} (models/tokenizers/tokenizer.py) over the released
 * {@code tokenizer.json}, run by the Hugging Face tokenizers library itself (DJL's build, native library in the jar).
 */
package dev.parity.port.text;
