package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    @Test
    void nesting_putsTheCommas() throws IOException {
        StringWriter out = new StringWriter();
        new Json(out).openObject()
                .key("a").value(1)
                .key("b").openArray().value("x").openObject().closeObject().openArray().value(true).closeArray().closeArray()
                .key("c").nullValue()
                .closeObject();
        assertEquals("{\"a\":1,\"b\":[\"x\",{},[true]],\"c\":null}", out.toString());
    }

    @Test
    void strings_escapeWhatJsonAndAScriptElementNeed() throws IOException {
        StringWriter out = new StringWriter();
        new Json(out).value("a\"b\\c\nd\te</script>\u0001");
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u003c/script>\\u0001\"", out.toString());
    }

    @Test
    void doubles_haveThreeDecimals_wholeOnesNone_andNaNIsNull() throws IOException {
        StringWriter out = new StringWriter();
        new Json(out).openArray().value(0.12345).value(2.0).value(1e20).value(Double.NaN).value(0.0004).value(1.9996).closeArray();
        assertEquals("[0.123,2,1.0E20,null,0,2]", out.toString());
    }
}
