package dev.weft.internal.race;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The code sites of tracked accesses, numbered as the agent instruments them: each site is one
 * instruction of application code (its method, file and line, for reports) and what it
 * accesses (a field, which also has a number here, or an array). Instrumented code passes just
 * the site's number.
 *
 * <p>Registered while a class is transformed, before any of its code runs; read by every access.
 * Readers see a site through the volatile arrays, which only ever grow by copy.
 */
public final class Sites {
    /** An access the detector makes up (a channel, a WaitGroup): no code site to show. */
    static final int NONE = 0;

    private static volatile StackTraceElement[] frames = new StackTraceElement[256];
    private static volatile String[] locations = new String[256];
    private static volatile int[] fieldIds = new int[256];
    private static int count = 1;
    private static final Map<String, Integer> fields = new HashMap<>();

    private Sites() {}

    /**
     * A new site.
     *
     * @param className  the dotted name of the class whose code it is
     * @param file       the class's source file, or null
     * @param owner      the dotted name of the class the field belongs to, or null for an array
     * @param field      the field's name, or for an array a description of what is accessed
     * @return the site's number, for the instrumented code to pass
     */
    public static synchronized int register(String className, String method, String file, int line, String owner, String field) {
        if (count == frames.length) {
            int n = count * 2;
            StackTraceElement[] f = Arrays.copyOf(frames, n);
            String[] l = Arrays.copyOf(locations, n);
            int[] ids = Arrays.copyOf(fieldIds, n);
            // grow all before publishing any: a reader indexes all three with one site
            fieldIds = ids;
            locations = l;
            frames = f;
        }
        int site = count++;
        frames[site] = new StackTraceElement(className, method, file, line);
        String location = owner == null ? field : owner + "." + field;
        locations[site] = location;
        fieldIds[site] = owner == null ? 0 : fields.computeIfAbsent(location, k -> fields.size() + 1);
        return site;
    }

    /** The id of field {@code owner.name} (dotted), or 0 if no instrumented code accesses it. */
    static synchronized int fieldId(String location) {
        return fields.getOrDefault(location, 0);
    }

    /** The id of field {@code location}, made if no instrumented code has named it yet. */
    static synchronized int newFieldId(String location) {
        return fields.computeIfAbsent(location, k -> fields.size() + 1);
    }

    static int fieldId(int site) {
        return fieldIds[site];
    }

    /** The site's frame, or null for {@link #NONE}. */
    static StackTraceElement frame(int site) {
        return site <= NONE ? null : frames[site];
    }

    static String location(int site) {
        return site <= NONE ? null : locations[site];
    }
}
