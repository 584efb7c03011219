package dev.parity.weights;

import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks what a pipeline loaded against the checkpoint it loaded from: every parameter it holds equals the
 * checkpoint tensor it came from, and every checkpoint key is used or listed.
 *
 * <p>A parameter named {@code P} comes from the checkpoint key {@code remap.apply(P)}; when that key does not exist
 * but ends in {@code .weight} and the checkpoint has {@code <module>.parametrizations.weight.original0/1}, the
 * parameter is compared with the fused weight {@code g·v/‖v‖} ({@link WeightNorm}). Parameters are compared in the
 * checkpoint's layout ({@link WeightComparison}); a parameter holding the right values in another layout is reported as
 * {@link AuditStatus#DIFFERS} with the layout named. Equality allows {@link ValueDiff#MATCH_REL_L2} so a fused or
 * cast parameter passes; {@code maxAbs} is always reported.
 */
public final class LoadAudit {
    private LoadAudit() {
    }

    /** {@link #audit(SafetensorsFile, Map, Set, Set, KeyMappingRules)} with parameter names equal to checkpoint keys. */
    public static LoadAuditResult audit(SafetensorsFile ckpt, Map<String, Tensor> loadedParameters,
                                        Set<String> usedKeys, Set<String> listedUnused) {
        return audit(ckpt, loadedParameters, usedKeys, listedUnused, KeyMappingRules.none());
    }

    /**
     * Audits a pipeline's loaded parameters.
     *
     * @param loadedParameters every parameter the pipeline holds, by its name
     * @param usedKeys checkpoint keys the loader read (a key feeding a parameter need not be listed)
     * @param listedUnused checkpoint keys the pipeline deliberately does not use
     * @param remap rules turning parameter names into checkpoint keys
     */
    public static LoadAuditResult audit(SafetensorsFile ckpt, Map<String, Tensor> loadedParameters,
                                        Set<String> usedKeys, Set<String> listedUnused, KeyMappingRules remap) {
        LayerTypes types = new LayerTypes(WeightStatistics.shapes(ckpt), remap);
        Set<String> held = new HashSet<>();
        List<AuditEntry> rows = new ArrayList<>();
        loadedParameters.forEach((name, t) -> rows.add(parameter(ckpt, types, name, t, remap, held)));
        for (String k : ckpt.names()) {
            if (!held.contains(k)) {
                rows.add(unheld(k, usedKeys, listedUnused));
            }
        }
        return new LoadAuditResult(ckpt.path().toString(), rows);
    }

    private static AuditEntry parameter(SafetensorsFile ckpt, LayerTypes types, String name, Tensor t,
                                        KeyMappingRules remap, Set<String> held) {
        String key = remap.apply(name);
        if (ckpt.contains(key)) {
            held.add(key);
            return compare(name, List.of(key), types.classify(key).type(), ckpt.tensor(key), t, "");
        }
        String module = key.endsWith(".weight") ? key.substring(0, key.length() - ".weight".length()) : null;
        if (module != null && ckpt.contains(module + WeightNorm.G) && ckpt.contains(module + WeightNorm.V)) {
            List<String> keys = List.of(module + WeightNorm.G, module + WeightNorm.V);
            held.addAll(keys);
            Tensor fused = WeightNorm.fuse(ckpt.tensor(keys.get(0)), ckpt.tensor(keys.get(1)));
            return compare(name, keys, types.classify(keys.get(1)).type(), fused, t, "fused g·v/‖v‖; ");
        }
        return new AuditEntry(name, List.of(), AuditStatus.NOT_IN_CHECKPOINT, Double.NaN, Double.NaN,
                "no checkpoint key '" + key + "': the parameter keeps its initial values");
    }

    private static AuditEntry compare(String name, List<String> keys, LayerType type, Tensor ref, Tensor t,
                                      String note) {
        WeightComparison c = WeightComparison.of(type, ref, t);
        ValueDiff v = c.values();
        return switch (c.status()) {
            case IDENTICAL, CLOSE -> new AuditEntry(name, keys, AuditStatus.EQUAL, v.maxAbs(), v.relL2(),
                    note + (c.status() == FindingStatus.IDENTICAL ? "identical" : "within tolerance"));
            case RELAYOUT -> new AuditEntry(name, keys, AuditStatus.DIFFERS, Double.NaN, Double.NaN, note
                    + "holds the checkpoint values in " + c.layout() + ": shape " + t.shape() + ", expected "
                    + ref.shape());
            case VALUES_DIFFER -> new AuditEntry(name, keys, AuditStatus.DIFFERS, v.maxAbs(), v.relL2(), note
                    + String.format(Locale.ROOT, "%d of %d values differ", v.differing(), ref.numel()));
            case SHAPE_DIFFERS -> new AuditEntry(name, keys, AuditStatus.SHAPE_DIFFERS, Double.NaN, Double.NaN,
                    note + "shape " + t.shape() + ", expected " + ref.shape());
        };
    }

    private static AuditEntry unheld(String key, Set<String> usedKeys, Set<String> listedUnused) {
        if (listedUnused.contains(key)) {
            return new AuditEntry("", List.of(key), AuditStatus.LISTED_UNUSED, Double.NaN, Double.NaN,
                    "listed as unused");
        }
        if (usedKeys.contains(key)) {
            return new AuditEntry("", List.of(key), AuditStatus.MISSING_IN_PIPELINE, Double.NaN, Double.NaN,
                    "reported as used, but no parameter holds it");
        }
        return new AuditEntry("", List.of(key), AuditStatus.UNUSED, Double.NaN, Double.NaN,
                "neither held, used nor listed");
    }
}
