package dev.weft.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** What the agent prints of a name from class bytes: one honest line, whatever the bytes held. */
class PrintableTest {

    @ParameterizedTest
    @ValueSource(strings = {"com.acme.Foo$Inner", "", "Ünïcödé.Klasse", "名前.クラス", "emoji\uD83D\uDE00"})
    void ordinaryText_isLeftAsItIs(String text) {
        assertSame(text, Printable.of(text));
    }

    @Test
    void newlinesAndTabs_becomeTheirJavaEscapes() {
        assertEquals("a\\nweft: fake line\\r\\tb", Printable.of("a\nweft: fake line\r\tb"));
    }

    @Test
    void terminalEscapesAndOtherControls_becomeUnicodeEscapes() {
        assertEquals("\\u001b[2Jcleared\\u0000\\u007f\\u0085", Printable.of("\u001b[2Jcleared\u0000\u007f\u0085"));
    }

    @Test
    void formatAndSeparatorCharacters_areEscaped_soNoNameReadsAsAnother() {
        // a right-to-left override, a zero-width space's cousin (U+200B is FORMAT), line and paragraph separators
        assertEquals("evil\\u202etxt.exe\\u200b\\u2028\\u2029", Printable.of("evil\u202etxt.exe\u200b\u2028\u2029"));
    }

    @Test
    void backslash_isEscaped_soAnEscapeCannotBeForged() {
        assertEquals("a\\\\nb", Printable.of("a\\nb"));
    }

    @Test
    void unpairedSurrogates_areEscaped() {
        assertEquals("x\\ud800y\\udc00", Printable.of("x\uD800y\uDC00"));
    }
}
