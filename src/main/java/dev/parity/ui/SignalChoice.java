package dev.parity.ui;

import dev.parity.io.Trace;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;

/**
 * The signal a view shows out of the {@link StageSignal}s the open reference records (the mel view's features, the
 * audio view's waves): the choices, the one shown, and its data for both traces, read in the background whenever
 * the traces or the choice change.
 *
 * @param <D> what the view draws of one signal
 */
final class SignalChoice<D> {
    /** Reads signal {@code s} of both traces ({@code cand} may be null); runs off the FX thread. */
    @FunctionalInterface
    interface Reader<D> {
        D read(Trace ref, Trace cand, StageSignal s);
    }

    private final SessionViewModel session;
    private final Background background;
    private final List<StageSignal> all;
    private final Reader<D> reader;
    private final Runnable onRead;
    private final Consumer<Throwable> onError;
    private final ReadOnlyObjectWrapper<D> data;
    private final ReadOnlyObjectWrapper<List<StageSignal>> choices;
    private final ReadOnlyObjectWrapper<StageSignal> shown;
    private Task<D> pending;

    /**
     * @param bean    the view model whose properties these are
     * @param all     the signals offered, in order, as far as the reference records them
     * @param onRead  runs on the FX thread when new data arrives, before it is shown
     * @param onError runs on the FX thread when reading fails
     */
    SignalChoice(Object bean, SessionViewModel session, Background background, List<StageSignal> all,
                 Reader<D> reader, Runnable onRead, Consumer<Throwable> onError) {
        this.session = session;
        this.background = background;
        this.all = all;
        this.reader = reader;
        this.onRead = onRead;
        this.onError = onError;
        this.data = new ReadOnlyObjectWrapper<>(bean, "data");
        this.choices = new ReadOnlyObjectWrapper<>(bean, "choices", List.of());
        this.shown = new ReadOnlyObjectWrapper<>(bean, "shown");
        session.referenceProperty().addListener(o -> reload());
        session.candidateProperty().addListener(o -> reload());
    }

    ReadOnlyObjectProperty<D> dataProperty() {
        return data.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<List<StageSignal>> choicesProperty() {
        return choices.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<StageSignal> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Shows {@code signal} (one of the choices) of both traces. */
    void show(StageSignal signal) {
        if (signal != null && signal != shown.get() && choices.get().contains(signal)) {
            shown.set(signal);
            read();
        }
    }

    /** Reads the signal again (after the traces changed), keeping the choice when the new reference has it. */
    void reload() {
        List<StageSignal> avail = StageSignal.available(session.referenceProperty().get(), all);
        choices.set(avail);
        shown.set(avail.contains(shown.get()) ? shown.get() : avail.isEmpty() ? null : avail.get(0));
        read();
    }

    private void read() {
        Trace ref = session.referenceProperty().get();
        Trace cand = session.candidateProperty().get();
        StageSignal s = shown.get();
        if (pending != null) {
            pending.cancel();
        }
        if (ref == null) {
            data.set(null);
            return;
        }
        pending = background.submit(() -> reader.read(ref, cand, s), d -> {
            onRead.run();
            data.set(d);
        }, onError);
    }
}
