package dev.weft;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code close} racing with everything else, in hand-written scenarios run many times each
 * (the random ones of the other channel checks rarely line three of these up). Against
 * {@link ChanModel}, a close must be one atomic step: exactly one of two racing closes wins;
 * a buffered value stays receivable after it; a parked sender either delivered before it or
 * fails; a parked receiver either got a value before it or gets nothing; no send succeeds after
 * it. {@link ChanOperations#conservesValues} then checks no value was lost or duplicated.
 */
class ChanCloseLincheckTest {
    private static final int INVOCATIONS = LincheckSupport.INVOCATIONS * 2;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void close_racingReceivesFromAFullBufferWithAParkedSender_keepsBufferedValuesAndFailsOrDeliversTheSender() {
        Class<?> t = FullBufferParkedSender.class;
        LincheckSupport.stressScenarios(t, FullBufferParkedSenderModel.class, INVOCATIONS,
                LincheckSupport.scenario(List.of(),
                        List.of(List.of(op(t, "close")),
                                List.of(op(t, "tryRecv"), op(t, "tryRecv"), op(t, "tryRecv")),
                                List.of(op(t, "trySend", 1), op(t, "isClosed"))),
                        List.of(op(t, "tryRecv"), op(t, "tryRecv"), op(t, "len"))),
                LincheckSupport.scenario(List.of(),
                        List.of(List.of(op(t, "tryRecv"), op(t, "close")),
                                List.of(op(t, "tryRecv"), op(t, "trySend", 2)),
                                List.of(op(t, "close"), op(t, "tryRecv"))),
                        List.of(op(t, "tryRecv"), op(t, "tryRecv"))));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void close_racingSendsToParkedReceivers_eachReceiverGetsOneValueOrNothing_andOneCloseWins() {
        Class<?> t = ParkedReceivers.class;
        LincheckSupport.stressScenarios(t, ParkedReceiversModel.class, INVOCATIONS,
                LincheckSupport.scenario(List.of(),
                        List.of(List.of(op(t, "close")),
                                List.of(op(t, "trySend", 1), op(t, "trySend", 2)),
                                List.of(op(t, "trySend", 3), op(t, "close"))),
                        List.of(op(t, "isClosed"), op(t, "trySend", 4))));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void close_racingReceivesFromParkedSenders_eachSenderDeliversOnceOrFails() {
        Class<?> t = ParkedSenders.class;
        LincheckSupport.stressScenarios(t, ParkedSendersModel.class, INVOCATIONS,
                LincheckSupport.scenario(List.of(),
                        List.of(List.of(op(t, "close")),
                                List.of(op(t, "tryRecv"), op(t, "tryRecv")),
                                List.of(op(t, "tryRecv"), op(t, "isClosed"))),
                        List.of(op(t, "tryRecv"))));
    }

    private static Actor op(Class<?> test, String name, Object... args) {
        return LincheckSupport.op(test, name, args);
    }

    static final ChanModel.Setup FULL_BUFFER_PARKED_SENDER = new ChanModel.Setup(2, 2, 0, 1);
    static final ChanModel.Setup PARKED_RECEIVERS = new ChanModel.Setup(0, 0, 2, 0);
    static final ChanModel.Setup PARKED_SENDERS = new ChanModel.Setup(0, 0, 0, 2);

    public static final class FullBufferParkedSender extends ChanOperations {
        @Override
        protected ChanModel.Setup setup() {
            return FULL_BUFFER_PARKED_SENDER;
        }
    }

    public static final class FullBufferParkedSenderModel extends ChanModel {
        @Override
        protected Setup setup() {
            return FULL_BUFFER_PARKED_SENDER;
        }
    }

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
