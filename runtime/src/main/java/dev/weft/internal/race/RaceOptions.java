package dev.weft.internal.race;

/**
 * Race mode's options (GORACE's), as the agent checked and mirrored them into system
 * properties {@code weft.race.*}: {@code halt_on_error}, {@code exitcode}, {@code log_path},
 * {@code history_size}, {@code strip_path_prefix}, {@code dedup}.
 */
record RaceOptions(boolean haltOnError, int exitCode, String logPath, int historySize, String stripPathPrefix, boolean dedup) {
    static RaceOptions fromSystemProperties() {
        return new RaceOptions(
                Integer.getInteger("weft.race.halt_on_error", 0) == 1,
                Integer.getInteger("weft.race.exitcode", 66),
                System.getProperty("weft.race.log_path"),
                Integer.getInteger("weft.race.history_size", 1),
                System.getProperty("weft.race.strip_path_prefix", ""),
                Integer.getInteger("weft.race.dedup", 1) == 1);
    }
}
