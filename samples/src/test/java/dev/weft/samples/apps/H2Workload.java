package dev.weft.samples.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real application for {@code RealAppsRaceIT}: an embedded in-memory H2 database driven
 * through JDBC by 4 threads, each on its own connection, doing inserts (one at a time and in
 * batches), queries, transactions that commit (a transfer between two of its own accounts and
 * an increment of one counter row all threads share) and transactions that roll back. Then it
 * prints a summary that does not depend on how the threads interleaved.
 *
 * <p>Every thread touches only its own accounts and events except the shared counter row, which
 * is the last statement of each committing transaction (a row lock all threads wait for, never a
 * deadlock); the lock timeout is a minute so that a slow run waits instead of failing.
 */
public final class H2Workload {
    static final int THREADS = 4;
    static final int ROUNDS = 200;
    static final int ACCOUNTS_PER_THREAD = 10;
    static final long OPENING_BALANCE = 1_000;
    static final String URL = "jdbc:h2:mem:weft_race;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000";

    private H2Workload() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE account (id INT PRIMARY KEY, owner INT NOT NULL, balance BIGINT NOT NULL)");
                s.execute("CREATE TABLE event (id BIGINT PRIMARY KEY, owner INT NOT NULL, kind VARCHAR(16) NOT NULL, amount BIGINT NOT NULL, note VARCHAR(64))");
                s.execute("CREATE INDEX event_owner ON event (owner, kind)");
                s.execute("CREATE TABLE counter (name VARCHAR(16) PRIMARY KEY, n BIGINT NOT NULL)");
                s.execute("INSERT INTO counter VALUES ('transfers', 0), ('rollbacks', 0)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO account VALUES (?, ?, ?)")) {
                for (int t = 0; t < THREADS; t++) {
                    for (int a = 0; a < ACCOUNTS_PER_THREAD; a++) {
                        p.setInt(1, account(t, a));
                        p.setInt(2, t);
                        p.setLong(3, OPENING_BALANCE);
                        p.addBatch();
                    }
                }
                p.executeBatch();
            }

            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int owner = t;
                Thread th = new Thread(() -> {
                    try {
                        work(owner);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "h2-worker-" + t);
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a worker failed", failure.get());
            }

            summary(c);
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    static int account(int owner, int a) {
        return owner * 100 + a;
    }

    /** One thread's work, on its own connection. */
    static void work(int owner) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO event (id, owner, kind, amount, note) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement count = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM event WHERE owner = ?");
             PreparedStatement debit = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?");
             PreparedStatement credit = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?");
             PreparedStatement bump = c.prepareStatement("UPDATE counter SET n = n + 1 WHERE name = ?");
             PreparedStatement balance = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
            long id = owner * 1_000_000L;
            long inserted = 0;
            long insertedAmount = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long amount = (i * 37L + owner * 11L) % 101;
                insertEvent(insert, id++, owner, "insert", amount, "round " + i);
                inserted++;
                insertedAmount += amount;

                if (i % 5 == 0) { // a transfer between two of this thread's accounts, committed
                    int from = account(owner, i % ACCOUNTS_PER_THREAD);
                    int to = account(owner, (i * 3 + 1) % ACCOUNTS_PER_THREAD);
                    long sum = i % 13 + 1;
                    c.setAutoCommit(false);
                    debit.setLong(1, sum);
                    debit.setInt(2, from);
                    debit.executeUpdate();
                    credit.setLong(1, sum);
                    credit.setInt(2, to);
                    credit.executeUpdate();
                    insertEvent(insert, id++, owner, "transfer", sum, from + "->" + to);
                    bump.setString(1, "transfers");
                    bump.executeUpdate();
                    c.commit();
                    c.setAutoCommit(true);
                    inserted++;
                    insertedAmount += sum;
                }
                if (i % 7 == 3) { // a transaction rolled back: nothing of it stays
                    int acct = account(owner, i % ACCOUNTS_PER_THREAD);
                    c.setAutoCommit(false);
                    balance.setInt(1, acct);
                    long before = single(balance);
                    debit.setLong(1, 1_000_000);
                    debit.setInt(2, acct);
                    debit.executeUpdate();
                    insertEvent(insert, id, owner, "ghost", 1_000_000, "rolled back");
                    c.rollback();
                    c.setAutoCommit(true);
                    if (single(balance) != before) {
                        throw new AssertionError("rollback left account " + acct + " changed");
                    }
                }
                if (i % 20 == 19) { // a batch of small events
                    for (int b = 0; b < 10; b++) {
                        insert.setLong(1, id++);
                        insert.setInt(2, owner);
                        insert.setString(3, "batch");
                        insert.setLong(4, b);
                        insert.setString(5, null);
                        insert.addBatch();
                        inserted++;
                        insertedAmount += b;
                    }
                    insert.executeBatch();
                }
                if (i % 10 == 0) { // this thread sees exactly its own committed events
                    count.setInt(1, owner);
                    try (ResultSet r = count.executeQuery()) {
                        r.next();
                        if (r.getLong(1) != inserted || r.getLong(2) != insertedAmount) {
                            throw new AssertionError("thread " + owner + " sees " + r.getLong(1) + " events (sum " + r.getLong(2)
                                    + "), inserted " + inserted + " (sum " + insertedAmount + ")");
                        }
                    }
                }
            }
            bump.setString(1, "rollbacks");
            long rollbacks = (ROUNDS + 3) / 7; // rounds with i % 7 == 3
            for (long r = 0; r < rollbacks; r++) {
                bump.executeUpdate();
            }
        }
    }

    private static void insertEvent(PreparedStatement insert, long id, int owner, String kind, long amount, String note) throws SQLException {
        insert.setLong(1, id);
        insert.setInt(2, owner);
        insert.setString(3, kind);
        insert.setLong(4, amount);
        insert.setString(5, note);
        insert.executeUpdate();
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet r = query.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void summary(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(amount) FROM event")) {
                r.next();
                System.out.println("events: " + r.getLong(1) + ", amount " + r.getLong(2));
            }
            try (ResultSet r = s.executeQuery("SELECT kind, COUNT(*), SUM(amount) FROM event GROUP BY kind ORDER BY kind")) {
                while (r.next()) {
                    System.out.println("  " + r.getString(1) + ": " + r.getLong(2) + ", amount " + r.getLong(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT owner, COUNT(*), SUM(amount), MAX(id) FROM event GROUP BY owner ORDER BY owner")) {
                while (r.next()) {
                    System.out.println("  thread " + r.getInt(1) + ": " + r.getLong(2) + " events, amount " + r.getLong(3) + ", last id " + r.getLong(4));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(balance), MIN(balance), MAX(balance) FROM account")) {
                r.next();
                System.out.println("accounts: " + r.getLong(1) + ", total balance " + r.getLong(2) + ", min " + r.getLong(3) + ", max " + r.getLong(4));
            }
            try (ResultSet r = s.executeQuery("SELECT owner, GROUP_CONCAT(balance ORDER BY id SEPARATOR ' ') FROM account GROUP BY owner ORDER BY owner")) {
                while (r.next()) {
                    System.out.println("  thread " + r.getInt(1) + " balances: " + r.getString(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT name, n FROM counter ORDER BY name")) {
                while (r.next()) {
                    System.out.println("counter " + r.getString(1) + ": " + r.getLong(2));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT e.owner, COUNT(*) FROM event e JOIN account a ON a.owner = e.owner AND a.id = e.owner * 100"
                    + " WHERE e.kind = 'transfer' GROUP BY e.owner ORDER BY e.owner")) {
                StringBuilder b = new StringBuilder("transfers by thread:");
                while (r.next()) {
                    b.append(' ').append(r.getInt(1)).append('=').append(r.getLong(2));
                }
                System.out.println(b);
            }
        }
    }
}
