package dev.weft.internal.race;

/**
 * Whether race mode is on: the agent's {@code race} option, mirrored as the system property
 * {@code weft.race} before any of weft's runtime classes load. A constant, so that the hooks
 * behind it cost nothing without race mode.
 */
public final class RaceMode {
    public static final boolean ENABLED = Boolean.getBoolean("weft.race");

    private RaceMode() {}
}
