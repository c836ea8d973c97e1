package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Pins: a {@code @Suspendable} method called through reflection ({@code Method.invoke}), a
 * {@code MethodHandle}, or a dynamic proxy's invocation handler. None of these calls is a
 * suspension point, so the target, although rewritten, is entered without being armed and its
 * park pins. Expected: the same results as the plain run,
 * pins &gt; 0, and a {@code PinnedError} in strict mode (unwrapped from the
 * {@code InvocationTargetException}).
 */
public final class PinByReflection {
    private PinByReflection() {}

    @Suspendable
    public static String target(int k) {
        Probe.log("target " + k);
        Probe.point();
        Probe.log("target after park " + k);
        return "t" + (k + Probe.i(1));
    }

    @Suspendable
    public static String methodInvoke() throws Throwable {
        Probe.point();
        Method m = PinByReflection.class.getMethod("target", int.class);
        Object r;
        try {
            r = m.invoke(null, 4);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        Probe.point();
        return "invoked " + r;
    }

    /** A suspendable interface implemented by a dynamic proxy: the handler is not rewritten. */
    public interface Service {
        @Suspendable
        String serve(int k);
    }

    @Suspendable
    public static String dynamicProxy() {
        Service s = (Service) Proxy.newProxyInstance(Service.class.getClassLoader(), new Class<?>[] {Service.class},
                (proxy, method, args) -> {
                    Probe.log("handler " + method.getName());
                    return target((Integer) args[0]);
                });
        Probe.point();
        String r = s.serve(6);
        Probe.point();
        return "proxy " + r;
    }

    @Suspendable
    public static String methodHandle() throws Throwable {
        Probe.point();
        MethodHandle h = MethodHandles.lookup().findStatic(PinByReflection.class, "target",
                MethodType.methodType(String.class, int.class));
        String r = (String) h.invokeExact(5);
        Probe.point();
        return "handle " + r;
    }
}
