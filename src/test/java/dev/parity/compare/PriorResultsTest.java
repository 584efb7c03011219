package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A comparison that takes earlier results ({@link PriorResults}) gives what comparing afresh gives, and takes them
 * exactly for the pairs whose candidate is the very same tensor object under the same tolerance. Reference: the
 * bundled S3Gen dump; candidates: in-memory traces holding its float64 twin's tensors.
 */
class PriorResultsTest {
    private final Trace ref = TraceReader.read(SharedData.smallDump());
    private final Trace twin = TraceReader.read(SharedData.dump("s3gen-small-seed1-f64"));

    @Test
    void reusesExactlyTheSameTensorObjects() {
        Map<EntryId, Tensor> first = new HashMap<>();
        for (TraceEntry e : ref.entries()) {
            first.put(e.id(), twin.tensor(twin.get(e.id())));
        }
        int half = ref.entries().size() / 2;
        Map<EntryId, Tensor> second = new HashMap<>(first);
        for (TraceEntry e : ref.entries().subList(half, ref.entries().size())) {
            second.put(e.id(), e.index() % 2 == 0 ? twin.tensor(twin.get(e.id())) // same values, a new object
                    : ref.tensor(e)); // other values
        }
        Trace a = inMemory("a", first);
        Trace b = inMemory("b", second);
        CompareOptions opts = CompareOptions.defaults();
        Comparison ca = TraceComparator.compare(ref, a, opts);
        Comparison fresh = TraceComparator.compare(ref, b, opts);
        Comparison reused = TraceComparator.compare(ref, b, opts, PriorResults.of(ca, a));
        assertEquals(fresh.steps(), reused.steps());
        assertEquals(fresh.failed(), reused.failed());
        assertTrue(ca.results().stream().anyMatch(r -> r.status().isDivergence()), "some entries diverge (no floor)");
        for (int i = 0; i < ref.entries().size(); i++) {
            EntryResult f = fresh.results().get(i);
            EntryResult r = reused.results().get(i);
            assertEquals(f.status(), r.status(), f.name());
            assertEquals(f.metrics(), r.metrics(), f.name());
            assertEquals(f.finding(), r.finding(), f.name());
            assertSame(b.get(f.reference().id()), r.candidate(), "the result names the new candidate's entry");
            if (i < half) {
                assertSame(ca.results().get(i).metrics(), r.metrics(), "same tensor object: taken, " + f.name());
            } else {
                assertNotSame(ca.results().get(i).metrics(), r.metrics(), "another object: compared, " + f.name());
            }
        }
    }

    @Test
    void anotherToleranceIsComparedAgain() {
        Map<EntryId, Tensor> tensors = new HashMap<>();
        for (TraceEntry e : ref.entries()) {
            tensors.put(e.id(), twin.tensor(twin.get(e.id())));
        }
        Trace a = inMemory("a", tensors);
        Comparison strict = TraceComparator.compare(ref, a, CompareOptions.defaults());
        CompareOptions loose = CompareOptions.defaults().withPolicy(TolerancePolicy.of(new Tolerance(1e-3, 1e-3,
                Statistic.ELEMENTWISE, 1.0)));
        Comparison again = TraceComparator.compare(ref, a, loose, PriorResults.of(strict, a));
        Comparison fresh = TraceComparator.compare(ref, a, loose);
        assertEquals(fresh.steps(), again.steps());
        assertEquals(fresh.failed(), again.failed());
        int other = 0;
        for (int i = 0; i < ref.entries().size(); i++) {
            TraceEntry e = ref.entries().get(i);
            if (!CompareOptions.defaults().policy().forEntry(e).equals(loose.policy().forEntry(e))) {
                other++;
                assertNotSame(strict.results().get(i).metrics(), again.results().get(i).metrics(), e.name());
            } else { // integer entries are compared exactly under any policy
                assertSame(strict.results().get(i).metrics(), again.results().get(i).metrics(), e.name());
            }
        }
        assertTrue(other > 1000, other + " entries with another tolerance");
    }

    private Trace inMemory(String name, Map<EntryId, Tensor> tensors) {
        List<TraceEntry> entries = ref.entries();
        return Trace.inMemory(Path.of(name), JsonNodeFactory.instance.objectNode(), null, entries, tensors);
    }
}
