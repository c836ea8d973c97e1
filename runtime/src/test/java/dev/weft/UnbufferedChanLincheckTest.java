package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * Linearizability of an unbuffered channel's operations that never park against
 * {@link ChanModel}. Alone, an unbuffered channel's {@code trySend} and {@code tryRecv} can only
 * fail; with goroutines parked in {@code recv} (or {@code send}) before the scenario they meet
 * them: each parked partner takes (or gives) exactly one value, in arrival order, and a close
 * releases the rest.
 */
class UnbufferedChanLincheckTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withTwoParkedReceivers_trySendMeetsEachOnce_thenFindsNoReceiver() {
        LincheckSupport.stress(ParkedReceivers.class, ParkedReceiversModel.class, LincheckSupport.INVOCATIONS / 2);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withTwoParkedSenders_tryRecvTakesTheirValuesInOrder_thenFindsNone() {
        LincheckSupport.stress(ParkedSenders.class, ParkedSendersModel.class, LincheckSupport.INVOCATIONS / 2);
    }

    static final ChanModel.Setup PARKED_RECEIVERS = new ChanModel.Setup(0, 0, 2, 0);
    static final ChanModel.Setup PARKED_SENDERS = new ChanModel.Setup(0, 0, 0, 2);

    public static final class ParkedReceivers extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return PARKED_RECEIVERS;
        }
    }

    public static final class ParkedReceiversModel extends ChanModel {
        @Override
        protected Setup setup() {
            return PARKED_RECEIVERS;
        }
    }

    public static final class ParkedSenders extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return PARKED_SENDERS;
        }
    }

    public static final class ParkedSendersModel extends ChanModel {
        @Override
        protected Setup setup() {
            return PARKED_SENDERS;
        }
    }
}
