package dev.weft.usercode;

import dev.weft.internal.CallSites;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A program that lives under {@code dev.weft} (as the samples do) is application code: the
 * creation site of its goroutines is its own frame, not the first frame outside the package.
 */
class CreationSiteTest {

    @Test
    void creationSite_ofCodeUnderDevWeftThatIsNotWeft_isThatCode() {
        StackTraceElement site = CallSites.outsideWeft();
        assertNotNull(site);
        assertEquals(CreationSiteTest.class.getName(), site.getClassName());
        assertEquals("creationSite_ofCodeUnderDevWeftThatIsNotWeft_isThatCode", site.getMethodName());
    }
}
