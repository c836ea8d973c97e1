package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * Linearizability of a buffered channel's operations that never park ({@code trySend},
 * {@code tryRecv}, {@code close}, {@code isClosed}, {@code len}, {@code cap}) against
 * {@link ChanModel}. Capacity 1 and 2 cross the full and empty boundaries and the ring buffer's
 * wrap-around; parked partners add the two paths that bypass or refill the buffer: a send
 * handed straight to a receiver parked on an empty buffer, and a receive from a full buffer
 * that pulls the first parked sender's value in behind.
 */
class BufferedChanLincheckTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void capacity1_tryOpsAndClose_areLinearizable() {
        LincheckSupport.stress(Capacity1.class, Capacity1Model.class);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void capacity2_tryOpsAndClose_areLinearizable() {
        LincheckSupport.stress(Capacity2.class, Capacity2Model.class);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void capacity2_withTwoParkedReceivers_sendsSkipTheBufferUntilTheyAreServed() {
        LincheckSupport.stress(Capacity2ParkedReceivers.class, Capacity2ParkedReceiversModel.class, LincheckSupport.INVOCATIONS / 2);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void capacity1_fullWithTwoParkedSenders_receivesRefillTheBufferInFifoOrder() {
        LincheckSupport.stress(Capacity1FullParkedSenders.class, Capacity1FullParkedSendersModel.class, LincheckSupport.INVOCATIONS / 4);
    }

    static final ChanModel.Setup CAPACITY_1 = new ChanModel.Setup(1, 0, 0, 0);
    static final ChanModel.Setup CAPACITY_2 = new ChanModel.Setup(2, 0, 0, 0);
    static final ChanModel.Setup CAPACITY_2_PARKED_RECEIVERS = new ChanModel.Setup(2, 0, 2, 0);
    static final ChanModel.Setup CAPACITY_1_FULL_PARKED_SENDERS = new ChanModel.Setup(1, 1, 0, 2);

    public static final class Capacity1 extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return CAPACITY_1;
        }
    }

    public static final class Capacity1Model extends ChanModel {
        @Override
        protected Setup setup() {
            return CAPACITY_1;
        }
    }

    public static final class Capacity2 extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return CAPACITY_2;
        }
    }

    public static final class Capacity2Model extends ChanModel {
        @Override
        protected Setup setup() {
            return CAPACITY_2;
        }
    }

    public static final class Capacity2ParkedReceivers extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return CAPACITY_2_PARKED_RECEIVERS;
        }
    }

    public static final class Capacity2ParkedReceiversModel extends ChanModel {
        @Override
        protected Setup setup() {
            return CAPACITY_2_PARKED_RECEIVERS;
        }
    }

    public static final class Capacity1FullParkedSenders extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return CAPACITY_1_FULL_PARKED_SENDERS;
        }
    }

    public static final class Capacity1FullParkedSendersModel extends ChanModel {
        @Override
        protected Setup setup() {
            return CAPACITY_1_FULL_PARKED_SENDERS;
        }
    }
}
