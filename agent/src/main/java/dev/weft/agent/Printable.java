package dev.weft.agent;

/**
 * Text that came from class bytes, made safe to print on one line of a terminal.
 *
 * <p>A class name in a class file may hold any character but {@code . ; [ /}: newlines, escape
 * sequences that recolour or clear a terminal, right-to-left overrides that make a name read as
 * another. Every name or message the agent prints that may carry such text goes through
 * {@link #of} first, so that one line printed is one line seen, and what is seen is what is
 * there. The escapes are Java's: {@code \n}, {@code \r}, {@code \t}, {@code \\} for a backslash,
 * and {@code \}{@code uXXXX} for every other control, format or separator character and every
 * unpaired surrogate. Ordinary text, including letters of any script, is left as it is.
 */
final class Printable {
    private Printable() {}

    static String of(String text) {
        int first = 0;
        while (first < text.length() && !needsEscape(text, first)) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(text, i)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(String text, int i) {
        char c = text.charAt(i);
        if (c == '\\' || Character.isISOControl(c)) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
