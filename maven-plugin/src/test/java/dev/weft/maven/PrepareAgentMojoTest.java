package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import org.junit.jupiter.api.Test;

/** The argLine that prepare-agent composes; the goal itself runs in the prepare-agent integration test. */
class PrepareAgentMojoTest {
    private static final File AGENT = new File("/repo/dev/weft/weft-agent/1.0/weft-agent-1.0.jar");

    @Test
    void argLine_noEarlierValue_isTheAgentAlone() {
        assertEquals("-javaagent:" + AGENT.getAbsolutePath(), PrepareAgentMojo.argLine(null, AGENT, null));
    }

    @Test
    void argLine_withOptions_appendsThemAfterEquals() {
        assertEquals("-javaagent:" + AGENT.getAbsolutePath() + "=strict,verbose",
                PrepareAgentMojo.argLine("", AGENT, " strict,verbose "));
    }

    @Test
    void argLine_earlierValue_isKeptAfterTheAgent() {
        assertEquals("-javaagent:" + AGENT.getAbsolutePath() + " -Xmx1g -ea",
                PrepareAgentMojo.argLine("-Xmx1g -ea", AGENT, ""));
    }

    @Test
    void argLine_runTwice_leavesOneAgent() {
        String once = PrepareAgentMojo.argLine("-Xmx1g -javaagent:/other/jacoco.jar", AGENT, "strict");
        String twice = PrepareAgentMojo.argLine(once, AGENT, "verbose");

        assertEquals("-javaagent:" + AGENT.getAbsolutePath() + "=verbose -Xmx1g -javaagent:/other/jacoco.jar", twice);
    }

    @Test
    void argLine_pathWithASpace_isQuotedAndStillReplacedOnTheNextRun() {
        File spaced = new File("/my repo/weft-agent-1.0.jar");
        String once = PrepareAgentMojo.argLine("-ea", spaced, null);
        String twice = PrepareAgentMojo.argLine(once, spaced, null);

        assertEquals("\"-javaagent:" + spaced.getAbsolutePath() + "\" -ea", once);
        assertEquals(once, twice);
    }
}
