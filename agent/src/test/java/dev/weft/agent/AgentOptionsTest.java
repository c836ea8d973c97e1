package dev.weft.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    @Test
    void parse_nullAndEmpty_areTheDefaults() {
        for (AgentOptions o : new AgentOptions[] {AgentOptions.parse(null), AgentOptions.parse(""), AgentOptions.DEFAULT}) {
            assertFalse(o.race());
            assertFalse(o.strict());
            assertFalse(o.verbose());
            assertNull(o.jfr());
            assertNull(o.dump());
            assertEquals(Map.of(), o.systemProperties());
            assertTrue(o.accepts("com.acme.Foo"));
            assertTrue(o.accepts("Foo"));
            assertEquals("", o.toString());
        }
    }

    @Test
    void flags_setTheirSwitches_andMirrorAsTrue() {
        AgentOptions o = AgentOptions.parse("race,strict,verbose");
        assertTrue(o.race());
        assertTrue(o.strict());
        assertTrue(o.verbose());
        assertEquals(Map.of("weft.race", "true", "weft.strict", "true", "weft.verbose", "true"), o.systemProperties());
    }

    @Test
    void everyOption_parses_andIsMirroredAsAWeftProperty() {
        String text = "race,strict,verbose,include=com.acme.*:org.foo.**,exclude=com.acme.Gen*,jfr=/tmp/r.jfr,"
                + "dump=/tmp/woven,race.halt_on_error=1,race.exitcode=66,race.log_path=/tmp/race.log,"
                + "race.history_size=7,race.strip_path_prefix=/home/me/,race.dedup=0";
        AgentOptions o = AgentOptions.parse(text);
        assertEquals(Path.of("/tmp/r.jfr"), o.jfr());
        assertEquals(Path.of("/tmp/woven"), o.dump());
        assertEquals("1", o.get("race.halt_on_error"));
        assertEquals("66", o.get("race.exitcode"));
        assertEquals("/tmp/race.log", o.get("race.log_path"));
        assertEquals("7", o.get("race.history_size"));
        assertEquals("/home/me/", o.get("race.strip_path_prefix"));
        assertEquals("0", o.get("race.dedup"));
        Map<String, String> p = o.systemProperties();
        assertEquals(AgentOptions.KEYS.size(), p.size());
        assertEquals("com.acme.*:org.foo.**", p.get("weft.include"));
        assertEquals("/tmp/r.jfr", p.get("weft.jfr"));
        assertEquals("66", p.get("weft.race.exitcode"));
        assertEquals("/home/me/", p.get("weft.race.strip_path_prefix"));
        assertEquals(text, o.toString());
    }

    @Test
    void keyGivenTwice_keepsTheLastValue() {
        assertEquals("3", AgentOptions.parse("race.exitcode=2,race.exitcode=3").get("race.exitcode"));
    }

    @Test
    void valueWithAComma_notFollowedByAKey_staysInTheValue() {
        assertEquals(Path.of("/tmp/a,1/b"), AgentOptions.parse("dump=/tmp/a,1/b,verbose").dump());
    }

    @Test
    void stripPathPrefix_mayBeEmpty() {
        assertEquals("", AgentOptions.parse("race.strip_path_prefix=").get("race.strip_path_prefix"));
    }

    @Test
    void unknownOption_failsNamingTheKeyAndListingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("verbose,bogus=3"));
        assertTrue(e.getMessage().contains("unknown option \"bogus\""), e.getMessage());
        for (String key : AgentOptions.KEYS) {
            assertTrue(e.getMessage().contains(key), key + " missing from: " + e.getMessage());
        }
    }

    @Test
    void unknownFlag_failsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("racy"));
        assertTrue(e.getMessage().contains("\"racy\""), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "strict=1                | strict",
            "verbose=                | verbose",
            "include                 | include",
            "include=                | include",
            "exclude=a.*::b.*        | exclude",
            "jfr=                    | jfr",
            "dump                    | dump",
            "race.log_path=          | race.log_path",
            "race.halt_on_error=2    | race.halt_on_error",
            "race.halt_on_error=yes  | race.halt_on_error",
            "race.dedup=-1           | race.dedup",
            "race.exitcode=256       | race.exitcode",
            "race.exitcode=x         | race.exitcode",
            "race.history_size=8     | race.history_size",
            "race.history_size=      | race.history_size",
    })
    void malformedValue_failsNamingTheKey(String text, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(text));
        assertTrue(e.getMessage().contains("\"" + key + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("\nweft agent: "), "no second line saying what is valid: " + e.getMessage());
    }

    @Test
    void errorMessage_isTwoLines_whatIsWrongThenWhatIsValid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("race.dedup=2"));
        String[] lines = e.getMessage().split("\n", -1);
        assertEquals(2, lines.length, e.getMessage());
        assertEquals("weft agent: option \"race.dedup\" must be 0 or 1, not \"2\"", lines[0]);
        assertTrue(lines[1].startsWith("weft agent: valid options, separated by commas: race, strict, verbose, "), lines[1]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[            | glob \"[\": '[' cannot appear in a class name (at character 1)",
            "a[b          | glob \"a[b\": '[' cannot appear in a class name (at character 2)",
            "=a           | glob \"=a\": '=' cannot appear in a class name (at character 1)",
            "com.acme.{A} | glob \"com.acme.{A}\": '{' cannot appear in a class name (at character 10)",
            "com acme     | glob \"com acme\": ' ' cannot appear in a class name (at character 4)",
            "com..Foo     | glob \"com..Foo\": empty package segment (at character 5)",
            ".Foo         | glob \".Foo\": empty package segment (at character 1)",
            "com/acme/    | glob \"com/acme/\": it ends with an empty package segment",
            "com.***      | glob \"com.***\": 3 '*' in a row (at character 5)",
    })
    void malformedGlob_isAnOptionError_namingTheGlobAndTheSyntax(String glob, String what) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("include=com.acme.*:" + glob));
        assertEquals("weft agent: option \"include\": " + what + "\n"
                + "weft agent: a glob is a class name in which * matches within a package segment, "
                + "** across segments and ? one character; several are separated by ':'", e.getMessage());
    }

    @Test
    void malformedExcludeGlob_namesExclude() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("exclude=a]"));
        assertTrue(e.getMessage().startsWith("weft agent: option \"exclude\": glob \"a]\""), e.getMessage());
    }

    @Test
    void globWithAControlCharacter_isRefused_andPrintedEscaped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("include=a\nb"));
        assertTrue(e.getMessage().startsWith("weft agent: option \"include\": glob \"a\\nb\": '\\n' cannot appear"),
                e.getMessage());
    }

    @Test
    void longMalformedGlob_isQuotedByItsStart() {
        String glob = "a".repeat(200) + "[";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("include=" + glob));
        assertTrue(e.getMessage().startsWith("weft agent: option \"include\": glob \"" + "a".repeat(100)
                + "...\": '[' cannot appear in a class name (at character 201)\n"), e.getMessage());
    }

    @Test
    void hundredKilobyteGlobs_compileAndMatch_inBoundedTime() {
        // java.util.regex took seconds to compile the first, twice, and overflowed its stack on the second
        String literal = "$".repeat(100_000);
        String deep = "**.".repeat(33_000) + "Foo";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            AgentOptions o = AgentOptions.parse("include=" + literal + ":" + deep);
            assertTrue(o.accepts(literal));
            assertFalse(o.accepts(literal + "$"));
            assertTrue(o.accepts("com.acme.Foo"));
            assertTrue(o.accepts("Foo"));
            assertFalse(o.accepts("com.acme.Fox"));
            assertFalse(o.accepts("com.acme.Foo.Bar"));
        });
    }

    @Test
    void include_limitsWeaving_andExcludeWinsOverIt() {
        AgentOptions o = AgentOptions.parse("include=com.acme.*:org.foo.**,exclude=com.acme.Gen*");
        assertTrue(o.accepts("com.acme.Foo"));
        assertTrue(o.accepts("com/acme/Foo"), "internal names are matched as dotted ones");
        assertTrue(o.accepts("org.foo.a.b.C"));
        assertFalse(o.accepts("com.acme.GenFoo"));
        assertFalse(o.accepts("com.acme.sub.Foo"));
        assertFalse(o.accepts("net.other.Foo"));
    }

    @Test
    void exclude_alone_leavesEverythingElseIncluded() {
        AgentOptions o = AgentOptions.parse("exclude=com.acme.**");
        assertFalse(o.accepts("com.acme.x.Y"));
        assertTrue(o.accepts("com.acmes.Y"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "com.acme.*      | com.acme.Foo           | true",
            "com.acme.*      | com.acme.Foo$Inner     | true",
            "com.acme.*      | com.acme.sub.Foo       | false",
            "com.acme.*      | com.acme               | false",
            "com.acme.**     | com.acme.Foo           | true",
            "com.acme.**     | com.acme.sub.deep.Foo  | true",
            "com.acme.**     | com.acmex.Foo          | false",
            "**.Test*        | com.acme.TestFoo       | true",
            "**.Test*        | TestFoo                | true",
            "**.Test*        | com.acme.FooTest       | false",
            "**              | anything.at.all        | true",
            "*               | Foo                    | true",
            "*               | a.Foo                  | false",
            "com.acme.Fo?    | com.acme.Foo           | true",
            "com.acme.Fo?    | com.acme.Fooo          | false",
            "com.a?me.Foo    | com.a.me.Foo           | false",
            "com/acme/*      | com.acme.Foo           | true",
            "com.acme.Foo    | comXacme.Foo           | false",
            "com.acme.Foo$*  | com.acme.Foo$1         | true",
            "com.acme.Foo$*  | com.acme.Foo           | false",
            "**.Foo          | Foo                    | true",
            "**.Foo          | a.b.c.Foo              | true",
            "**.Foo          | a.bFoo                 | false",
            "com.**.Foo      | com.Foo                | true",
            "com.**.Foo      | com.a.b.Foo            | true",
            "com.**.Foo      | comx.Foo               | false",
            "com.ac**        | com.acme.sub.Foo       | true",
            "com.**          | com                    | false",
            "*.*.Foo         | a.b.Foo                | true",
            "*.*.Foo         | a.b.c.Foo              | false",
            "**.**.Foo       | Foo                    | true",
            "**.**.Foo       | x.y.Foo                | true",
            "a*b*c           | aXbYbZc                | true",
            "a*b*c           | aXbYbZ.c               | false",
            "?               | ''                     | false",
            "**.\uD835\uDD38*   | a.\uD835\uDD38x           | true",
    })
    void glob_matchesDottedNames(String glob, String name, boolean expected) {
        assertEquals(expected, Glob.any(Glob.list(glob), name), glob + " vs " + name);
    }
}
