package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Suspendable methods in interfaces: an abstract one implemented by classes that do not repeat
 * the annotation (they are rewritten because they implement it), one inherited through a
 * sub-interface, a default method, a private interface method, a static interface method, and
 * an anonymous class. Calls go through invokeinterface, invokestatic on an interface, and
 * invokespecial of a default ({@code Greeter.super.greet()}). Expected: the same results as
 * without parking.
 */
public final class Interfaces {
    private Interfaces() {}

    interface Greeter {
        @Suspendable
        String who();

        @Suspendable
        default String greet() {
            Probe.point();
            return decorate("hello " + who());
        }

        @Suspendable
        private String decorate(String s) {
            return "<" + Probe.o(s) + ">";
        }

        @Suspendable
        static String twice(Greeter g) {
            return g.greet() + Probe.o("+") + g.greet();
        }
    }

    /** Re-declares the method without the annotation: still suspendable, it overrides one that is. */
    interface LoudGreeter extends Greeter {
        @Override
        String who();
    }

    static final class Plain implements Greeter {
        @Override
        public String who() {
            Probe.point();
            return "plain";
        }
    }

    static final class Loud implements LoudGreeter {
        private final int volume;

        Loud(int volume) {
            this.volume = volume;
        }

        @Override
        public String who() {
            return "LOUD".repeat(Probe.i(volume));
        }

        @Override
        public String greet() {
            Probe.point();
            return LoudGreeter.super.greet() + "!";
        }
    }

    enum Constant implements Greeter {
        ONE {
            @Override
            public String who() {
                return "one" + Probe.i(1);
            }
        };

        @Override
        public abstract String who();
    }

    @Suspendable
    public static String abstractDefaultStaticAndPrivate() {
        Greeter anonymous = new Greeter() {
            @Override
            public String who() {
                Probe.point();
                return "anon";
            }
        };
        Greeter[] all = {new Plain(), new Loud(2), anonymous, Constant.ONE};
        StringBuilder out = new StringBuilder();
        for (Greeter g : all) {
            out.append(g.who()).append(' ').append(g.greet()).append(' ').append(Greeter.twice(g)).append(" | ");
        }
        LoudGreeter loud = new Loud(1);
        out.append(loud.who()).append(loud.greet());
        return out.toString();
    }
}
