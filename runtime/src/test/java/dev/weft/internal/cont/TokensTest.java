package dev.weft.internal.cont;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TokensTest {

    @Test
    void of_namesThatHashAlike_getDifferentTokens_neverZero() {
        assertEquals("Aa()V".hashCode(), "BB()V".hashCode(), "the pair must collide for this test to mean anything");
        int aa = Tokens.of("Aa()V");
        int bb = Tokens.of("BB()V");
        assertNotEquals(aa, bb);
        assertNotEquals(0, aa);
        assertNotEquals(0, bb);
    }

    @Test
    void of_sameName_sameTokenEveryTime() {
        assertEquals(Tokens.of("sameName(I)J"), Tokens.of(new String("sameName(I)J")));
    }

    @Test
    void bootstrap_linksAConstantCallSiteOfTheToken() throws Throwable {
        int token = (int) Tokens.bootstrap(MethodHandles.lookup(), "token", MethodType.methodType(int.class), "boot()V")
                .dynamicInvoker().invokeExact();
        assertEquals(Tokens.of("boot()V"), token);
    }
}
