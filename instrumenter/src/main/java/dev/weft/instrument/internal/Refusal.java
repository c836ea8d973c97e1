package dev.weft.instrument.internal;

/**
 * A method the rewriter cannot turn into a state machine. It is left exactly as it was, with a
 * warning carrying this message; parks below it pin instead of unwinding.
 */
public final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    public Refusal(String reason) {
        super(reason, null, false, false);
    }
}
