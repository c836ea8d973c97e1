package dev.weft.agent.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct strings of a trace (creation and blocking sites, wait reasons, frames, carrier
 * names), each kept once and named everywhere else by its index, which the page's data uses too.
 * Indices are dense from 0 and never change; -1 stands for no string (a null field).
 */
final class StringTable {
    private final Map<String, Integer> indices = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    /** The index of {@code s}, added if new; -1 for null. */
    int index(String s) {
        if (s == null) {
            return -1;
        }
        return indices.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
    }

    /** The string at {@code index}, or null for -1. */
    String get(int index) {
        return index < 0 ? null : strings.get(index);
    }

    List<String> all() {
        return Collections.unmodifiableList(strings);
    }
}
