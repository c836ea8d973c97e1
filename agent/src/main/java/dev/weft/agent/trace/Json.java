package dev.weft.agent.trace;

import java.io.IOException;
import java.io.Writer;

/**
 * A streaming JSON writer, just what the page's data needs: objects, arrays, strings, numbers,
 * booleans and null, written straight to a {@link Writer} so that a page of 30 MB is never a
 * string in memory. The caller nests {@code open}/{@code close} correctly; the writer puts the
 * commas: {@code comma} is whether the container being written already holds a value.
 *
 * <p>Every {@code <} in a string is written {@code \u003c}, so the output can sit inside a
 * {@code <script>} element without any string closing it. A NaN or infinite number is null.
 */
final class Json {
    private final Writer out;
    private boolean comma;

    Json(Writer out) {
        this.out = out;
    }

    Json openObject() throws IOException {
        return open('{');
    }

    Json openArray() throws IOException {
        return open('[');
    }

    Json closeObject() throws IOException {
        return close('}');
    }

    Json closeArray() throws IOException {
        return close(']');
    }

    /** The name of the next member of an object; its value follows. */
    Json key(String name) throws IOException {
        value(name);
        out.write(':');
        comma = false;
        return this;
    }

    Json value(long n) throws IOException {
        separate();
        out.write(Long.toString(n));
        return this;
    }

    /** {@code n} to three decimals, which is all a pixel can show of a fraction or an average. */
    Json value(double n) throws IOException {
        if (!Double.isFinite(n)) {
            return nullValue();
        }
        separate();
        if (Math.abs(n) >= 1e15) {
            out.write(Double.toString(n));
        } else {
            double rounded = Math.round(n * 1000) / 1000.0;
            out.write(rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded));
        }
        return this;
    }

    Json value(boolean b) throws IOException {
        separate();
        out.write(b ? "true" : "false");
        return this;
    }

    Json nullValue() throws IOException {
        separate();
        out.write("null");
        return this;
    }

    /** A string, or null. */
    Json value(String s) throws IOException {
        if (s == null) {
            return nullValue();
        }
        separate();
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.write("\\\""); break;
                case '\\': out.write("\\\\"); break;
                case '\n': out.write("\\n"); break;
                case '\r': out.write("\\r"); break;
                case '\t': out.write("\\t"); break;
                default:
                    if (c < 0x20 || c == '<' || c == '\u2028' || c == '\u2029') {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
            }
        }
        out.write('"');
        return this;
    }

    private Json open(char bracket) throws IOException {
        separate();
        out.write(bracket);
        comma = false;
        return this;
    }

    private Json close(char bracket) throws IOException {
        out.write(bracket);
        comma = true;
        return this;
    }

    private void separate() throws IOException {
        if (comma) {
            out.write(',');
        }
        comma = true;
    }
}
