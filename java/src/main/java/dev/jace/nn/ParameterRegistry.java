package dev.jace.nn;

import dev.jace.backend.Backend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parameters under unique dotted names ("block1.conv.weight"), in registration order. A registry is a view: it
 * does not own its parameters (the layers do) and closing layers invalidates it.
 */
public final class ParameterRegistry implements Iterable<ParameterRegistry.Entry> {

    /** One parameter and its full name. */
    public record Entry(String name, Parameter parameter) {
    }

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /** A registry of {@code parameters} under their own names. */
    public static ParameterRegistry of(Parameter... parameters) {
        ParameterRegistry registry = new ParameterRegistry();
        for (Parameter p : parameters) {
            registry.add(p.name(), p);
        }
        return registry;
    }

    /** Adds {@code parameter} as {@code name}; throws if the name is taken or the parameter already registered. */
    public ParameterRegistry add(String name, Parameter parameter) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("parameter name '" + name + "' is already registered");
        }
        if (byName.containsValue(parameter)) {
            throw new IllegalArgumentException(parameter + " is already registered under another name");
        }
        byName.put(name, parameter);
        return this;
    }

    /** Adds every entry of {@code other} as {@code prefix + "." + name} (just {@code name} when prefix is empty). */
    public ParameterRegistry addAll(String prefix, ParameterRegistry other) {
        for (Entry e : other) {
            add(prefix.isEmpty() ? e.name() : prefix + "." + e.name(), e.parameter());
        }
        return this;
    }

    /** The parameter called {@code name}; throws naming the known names when absent. */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + byName.keySet());
        }
        return p;
    }

    public Optional<Parameter> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Names in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Number of parameters (tensors). */
    public int size() {
        return byName.size();
    }

    /** Total number of scalar elements over all parameters. */
    public long count() {
        long total = 0;
        for (Parameter p : byName.values()) {
            total += p.size();
        }
        return total;
    }

    /** Sets every gradient to zero. */
    public void zeroGrad(Backend backend) {
        for (Parameter p : byName.values()) {
            backend.fill(p.grad(), 0f);
        }
    }

    @Override
    public Iterator<Entry> iterator() {
        List<Entry> entries = new ArrayList<>(byName.size());
        byName.forEach((name, p) -> entries.add(new Entry(name, p)));
        return entries.iterator();
    }
}
