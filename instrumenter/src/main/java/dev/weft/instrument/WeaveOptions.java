package dev.weft.instrument;

/**
 * How the weaver rewrites.
 *
 * @param everySuspendable test mode: every method with code is treated as suspendable and every
 *                         call as a suspension point, to exercise the rewrite on arbitrary code
 */
public record WeaveOptions(boolean everySuspendable) {
    public static final WeaveOptions DEFAULT = new WeaveOptions(false);
}
