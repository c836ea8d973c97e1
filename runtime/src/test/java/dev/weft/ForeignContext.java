package dev.weft;

import java.time.Instant;
import java.util.Optional;

/**
 * A {@code Context} of a test's own, not made by weft: what weft knows of it is its methods, so
 * its cancellation reaches weft's contexts only through a watcher of {@link #done()}. It holds
 * one value, and no deadline; {@link #end} sets its error before closing its done channel, as
 * Go's contract for {@code Err} asks.
 */
final class ForeignContext implements Context {
    private final Chan<Void> done = Chan.make();
    private final Object key;
    private final Object value;
    private volatile Throwable err;

    ForeignContext() {
        this(null, null);
    }

    /** A context whose {@link #value} for {@code key} is {@code value}. */
    ForeignContext(Object key, Object value) {
        this.key = key;
        this.value = value;
    }

    /** Ends it with {@code err}, as the implementation's own cancel would. */
    void end(Throwable err) {
        this.err = err;
        done.close();
    }

    @Override
    public Chan<Void> done() {
        return done;
    }

    @Override
    public Throwable err() {
        return err;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public Object value(Object key) {
        return key != null && key.equals(this.key) ? value : null;
    }
}
