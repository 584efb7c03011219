package dev.parity.localize;

import dev.parity.port.nn.Module;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every {@link Module} of a Java model by its upstream path, found by walking the model's fields (modules,
 * lists, arrays and the port's own holder objects).
 */
final class ModuleIndex {
    private ModuleIndex() {
    }

    static Map<String, Module> of(Object root) {
        Map<String, Module> out = new LinkedHashMap<>();
        walk(root, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object o, Map<String, Module> out, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Module m) {
            out.putIfAbsent(m.path(), m);
        }
        if (o instanceof Collection<?> c) {
            c.forEach(x -> walk(x, out, seen));
        } else if (o instanceof Object[] a) {
            for (Object x : a) {
                walk(x, out, seen);
            }
        } else if (o.getClass().getName().startsWith("dev.parity.port.")) {
            fields(o, out, seen);
        }
    }

    private static void fields(Object o, Map<String, Module> out, Set<Object> seen) {
        for (Class<?> k = o.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    walk(f.get(o), out, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a field that cannot be read holds no module we can replay
                }
            }
        }
    }
}
