package dev.weft.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A class-name pattern of the {@code include} and {@code exclude} options, matched against
 * dotted names ({@code com.acme.Foo$Inner}).
 *
 * <p>{@code *} matches any run of characters within one package segment (no {@code .}),
 * {@code **} any run across segments, {@code ?} one character other than {@code .}. A
 * {@code **.} matches zero or more whole segments, so {@code **.Foo} also matches a {@code Foo}
 * in the unnamed package. Nested classes belong to their outer class's segment: {@code com.acme.*}
 * matches {@code com.acme.Foo$Inner} but not {@code com.acme.sub.Foo}. A {@code /} in a glob is
 * read as a {@code .}, so internal names may be pasted in.
 */
final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text) {
        this.text = text;
        this.pattern = Pattern.compile(toRegex(text.replace('/', '.')));
    }

    /**
     * Parses a {@code :}-separated list of globs.
     *
     * @throws IllegalArgumentException if the list or one of its globs is empty
     */
    static List<Glob> list(String globs) {
        List<Glob> out = new ArrayList<>();
        for (String g : globs.split(":", -1)) {
            if (g.isEmpty()) {
                throw new IllegalArgumentException("empty glob in \"" + globs + "\" (globs are separated by ':')");
            }
            out.add(new Glob(g));
        }
        return List.copyOf(out);
    }

    static boolean any(List<Glob> globs, String dottedName) {
        for (Glob g : globs) {
            if (g.matches(dottedName)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(String dottedName) {
        return pattern.matcher(dottedName).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                if (i + 2 < glob.length() && glob.charAt(i + 2) == '.') {
                    re.append("(?:.*\\.)?");
                    i += 3;
                } else {
                    re.append(".*");
                    i += 2;
                }
            } else if (c == '*') {
                re.append("[^.]*");
                i++;
            } else if (c == '?') {
                re.append("[^.]");
                i++;
            } else {
                if (!Character.isLetterOrDigit(c)) {
                    re.append('\\'); // a backslash before a non-letter always means the character itself
                }
                re.append(c);
                i++;
            }
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
