package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Parks in switch statements and expressions: on int (dense, tableswitch, and sparse,
 * lookupswitch), on String (javac's hashCode switch then index switch), on an enum (through a
 * synthetic switch-map class), and Java 14 switch expressions with {@code ->} and {@code yield}.
 * The selector itself may suspend. Expected: the same branch taken as without parking.
 */
public final class Switches {
    private Switches() {}

    public enum Color { RED, GREEN, BLUE, BLACK }

    @Suspendable
    @SuppressWarnings("fallthrough") // case 0 falls into case 1 on purpose
    public static String onInt() {
        StringBuilder out = new StringBuilder();
        for (int k = -1; k < 6; k++) {
            switch (Probe.i(k)) {
                case 0:
                    out.append("zero");
                    Probe.point();
                    // fall through
                case 1:
                    out.append("one");
                    break;
                case 2:
                    Probe.point();
                    out.append("two");
                    break;
                case 3:
                case 4:
                    out.append("three-four").append(Probe.i(k));
                    break;
                default:
                    out.append("default");
            }
            switch (k * 1000) {
                case -1000: out.append("/m"); break;
                case 2000: out.append("/").append(Probe.i(2000)); break;
                case 1_000_000: out.append("/never"); break;
                default: Probe.point();
            }
            out.append(' ');
        }
        return out.toString();
    }

    @Suspendable
    public static String onString() {
        StringBuilder out = new StringBuilder();
        // "Aa" and "BB" share a hash code: the hashCode switch has to fall back to equals.
        for (String s : new String[] {"Aa", "BB", "hello", "other", ""}) {
            switch (Probe.o(s)) {
                case "Aa":
                    out.append(Probe.i(1));
                    break;
                case "BB":
                    Probe.point();
                    out.append(2);
                    break;
                case "hello":
                    out.append("h").append(Probe.o("ello"));
                    break;
                default:
                    out.append('?');
            }
        }
        return out.toString();
    }

    @Suspendable
    public static String onEnum() {
        StringBuilder out = new StringBuilder();
        for (Color c : Color.values()) {
            switch (Probe.o(c)) {
                case RED:
                    out.append('r').append(Probe.i(c.ordinal()));
                    break;
                case GREEN:
                case BLUE:
                    Probe.point();
                    out.append(c.name().toLowerCase());
                    break;
                default:
                    out.append('-');
            }
        }
        return out.toString();
    }

    @Suspendable
    public static String switchExpressions() {
        StringBuilder out = new StringBuilder();
        for (Color c : Color.values()) {
            int weight = switch (c) {
                case RED -> Probe.i(1);
                case GREEN -> {
                    Probe.point();
                    yield 20;
                }
                case BLUE, BLACK -> 300 + Probe.i(c.ordinal());
            };
            long wide = switch (Probe.i(weight % 7)) {
                case 1 -> 1L << 40;
                case 6 -> {
                    long t = Probe.j(weight);
                    yield t * t;
                }
                default -> -1L;
            };
            String word = switch (c.name()) {
                case "RED", "GREEN" -> Probe.o("warm");
                default -> {
                    String w = c.name().length() > 4 ? "long" : "short";
                    Probe.point();
                    yield w;
                }
            };
            out.append(weight).append(':').append(wide).append(':').append(word).append(' ');
        }
        return out.toString();
    }

    /** A switch expression used as an argument: the earlier arguments lie beneath its suspending arms. */
    @Suspendable
    public static String switchExpressionAsArgument() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            out.append(String.format("%d-%s-%d;", k, switch (k) {
                case 0 -> Probe.o("a");
                case 1 -> "b";
                default -> {
                    String s = Probe.o("c" + k);
                    yield s.toUpperCase();
                }
            }, Probe.j(k * 3L)));
        }
        return out.toString();
    }
}
