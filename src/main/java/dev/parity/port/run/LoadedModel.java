package dev.parity.port.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.io.Safetensors;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A model built from a checkpoint with upstream key names, ready to run many times: its parameters live on one
 * native manager owned by this object (close it), and each run works on a sub-manager of it that is closed when
 * the run returns, so repeated runs do not grow native memory. Loading is strict (see {@link Weights}).
 *
 * @param <M> the model's root module
 */
public abstract class LoadedModel<M> implements AutoCloseable {
    /** Owns the parameters; runs take sub-managers of it. */
    protected final NDManager manager;
    /** Where the parameters came from: which keys were taken, in which dtype. */
    protected final Weights weights;
    private final M model;

    protected LoadedModel(Built<M> built) {
        this.manager = built.manager();
        this.weights = built.weights();
        this.model = built.model();
    }

    /** What {@link #build} makes: the manager, the weights read onto it and the model built from them. */
    protected record Built<M>(NDManager manager, Weights weights, M model) {
    }

    /**
     * Opens {@code checkpoint}, builds the model from its weights in {@code dtype}, and checks that the model took
     * what it should ({@link Weights#finish}); on any failure the manager is closed before the error propagates.
     *
     * @throws dev.parity.port.nn.WeightLoadException when a needed key is missing or mis-shaped
     * @throws dev.parity.io.FormatException when the checkpoint is unreadable
     */
    protected static <M> Built<M> build(Path checkpoint, DataType dtype, Function<Weights, M> model) {
        var file = Safetensors.open(checkpoint);
        NDManager m = Torch.newManager();
        try {
            Weights w = Weights.of(file, m, dtype);
            M built = model.apply(w);
            w.finish();
            Torch.fitTo(w.parameterCount());
            return new Built<>(m, w, built);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** The model (for replaying single modules on recorded inputs). */
    public M model() {
        return model;
    }

    /** Checkpoint keys the model took. */
    public Set<String> usedKeys() {
        return weights.usedKeys();
    }

    /** Checkpoint keys nothing took (tokenizer.*, speaker_encoder.*, mel2wav.* for the flow only, ...). */
    public Set<String> unusedKeys() {
        return weights.unusedKeys();
    }

    /** Every parameter as held (float32), keyed by checkpoint key, for load audits (copies to the heap). */
    public Map<String, Tensor> loadedParameters() {
        return weights.loadedParameters();
    }

    /** The manager that owns the parameters (tests check that runs leave nothing on it). */
    NDManager parameterManager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
