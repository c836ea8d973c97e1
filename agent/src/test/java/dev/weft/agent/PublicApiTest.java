package dev.weft.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The public API of every package weft publishes, against its checked-in listing in
 * {@code api/} at the repository's root: a change of the API, meant or not, fails here with a
 * readable diff until the listing is regenerated and reviewed with the change:
 *
 * <pre>mvn -pl agent test -Dtest=PublicApiTest -Dweft.api.update=true</pre>
 *
 * It also fails when a public signature names an internal type. It lives in the agent's tests
 * because the agent is what ships both the runtime and the instrumenter; weft-junit is on its
 * test class path for this test alone.
 */
class PublicApiTest {
    private static final Path API = Path.of(System.getProperty("user.dir")).resolveSibling("api");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "weft-runtime.api,       dev.weft.Go,                   dev.weft dev.weft.net",
        "weft-instrumenter.api,  dev.weft.instrument.Weaver,    dev.weft.instrument",
        "weft-junit.api,         dev.weft.junit.VerifyNoLeaks,  dev.weft.junit",
    })
    void publicApi_matchesItsListing_andNamesNoInternalType(String file, String anchor, String pkg) throws Exception {
        ApiListing listing = ApiListing.of(Class.forName(anchor, false, getClass().getClassLoader()), pkg);
        assertTrue(listing.internalTypes.isEmpty(),
                "public signatures name internal types, which users cannot write: " + listing.internalTypes);
        Path checkedIn = API.resolve(file);
        if (Boolean.getBoolean("weft.api.update")) {
            Files.createDirectories(API);
            Files.writeString(checkedIn, listing.text, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(checkedIn)) {
            fail("no listing " + checkedIn + "; create it with -Dweft.api.update=true");
        }
        String expected = Files.readString(checkedIn, StandardCharsets.UTF_8);
        if (!expected.equals(listing.text)) {
            fail("the public API of " + pkg + " differs from " + checkedIn + " (- listed, + now):\n"
                    + diff(expected, listing.text)
                    + "If the change is meant, regenerate the listing with -Dweft.api.update=true and commit it.");
        }
        assertEquals(expected, listing.text);
    }

    @org.junit.jupiter.api.Test
    void diff_namesTheLinesEachSideHasAlone() {
        String listed = "class A\n  void a()\n  void b()\n\nclass B\n";
        String now = "class A\n  void b()\n  void c()\n\nclass B\n";
        assertEquals("-   void a()\n+   void c()\n", diff(listed, now));
    }

    /** The lines only one side has, in order: enough to read what changed in a sorted listing. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b.get(j++));
            } else {
                out.add("- " + a.get(i++));
            }
        }
        return String.join("\n", out) + "\n";
    }
}
