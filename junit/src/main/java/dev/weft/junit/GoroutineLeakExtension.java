package dev.weft.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JUnit 5 extension for tests of code that uses goroutines: it fails a test that leaves
 * goroutines running, as Uber's goleak does for Go, and prints the goroutine dump
 * ({@code Go.dump()}) on {@code System.err} when a test, or one of its lifecycle methods, times
 * out (JUnit's {@code @Timeout}, {@code assertTimeoutPreemptively}), before JUnit reports it.
 * While it checks, goroutines are started with their creation sites recorded, so that each leak
 * names the line that started it.
 *
 * <p>Register it with {@link VerifyNoLeaks @VerifyNoLeaks}, with
 * {@code @ExtendWith(GoroutineLeakExtension.class)}, or as a field, configured in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GoroutineLeakExtension leaks = new GoroutineLeakExtension()
 *         .ignoringTopFunction("com.acme.Cache.janitor")
 *         .withGrace(Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Registered on a class (or in a static field), it checks each test, from before its
 * {@code @BeforeEach} methods to after its {@code @AfterEach} ones, and the class as a whole,
 * from before its {@code @BeforeAll} methods to after its {@code @AfterAll} ones (goleak's
 * {@code VerifyTestMain}), which catches what those methods leave; registered on a method or in
 * an instance field, each test only. The nearest {@code @VerifyNoLeaks} (on the test method, its
 * class, an enclosing class) gives a check its settings; without one, the extension's own apply.
 * Register it once per class: two registrations check twice.
 *
 * <p>Like goleak, it cannot tell whose goroutine is whose: a goroutine started while a check
 * is under way counts for that check, whatever started it. Tests that run concurrently (JUnit's
 * parallel execution) blame each other's goroutines, so run the checked ones in one thread.
 */
public final class GoroutineLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    /** The check under way in a context's store, and the set of goroutines blamed in a class's. */
    private static final String CHECK = "check";
    private static final String BLAMED = "blamed";

    private final Settings settings;

    /** The extension with {@link VerifyNoLeaks}'s default settings. */
    public GoroutineLeakExtension() {
        this(Settings.DEFAULT);
    }

    private GoroutineLeakExtension(Settings settings) {
        this.settings = settings;
    }

    /** This extension, also tolerating goroutines by their innermost function: {@link VerifyNoLeaks#ignoreTopFunction}. */
    public GoroutineLeakExtension ignoringTopFunction(String... functions) {
        return new GoroutineLeakExtension(settings.ignoringTopFunction(functions));
    }

    /** This extension, also tolerating goroutines by any function of their stack: {@link VerifyNoLeaks#ignoreAnyFunction}. */
    public GoroutineLeakExtension ignoringAnyFunction(String... functions) {
        return new GoroutineLeakExtension(settings.ignoringAnyFunction(functions));
    }

    /** This extension, tolerating the goroutines alive when a check begins or not: {@link VerifyNoLeaks#ignoreCurrent}. */
    public GoroutineLeakExtension ignoringCurrent(boolean ignore) {
        return new GoroutineLeakExtension(settings.ignoringCurrent(ignore));
    }

    /** This extension, waiting {@code grace} for goroutines to end: {@link VerifyNoLeaks#graceMillis}. */
    public GoroutineLeakExtension withGrace(Duration grace) {
        return new GoroutineLeakExtension(settings.withGrace(grace));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        begin(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        end(context, "the tests of " + describe(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        begin(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        end(context, describe(context));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context, failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context, failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw dumpIfTimeout(context, failure);
    }

    private void begin(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace());
        // found in the class's store from a test's (a store also answers for its ancestors')
        @SuppressWarnings("unchecked")
        Set<Long> blamed = store.getOrComputeIfAbsent(BLAMED, k -> ConcurrentHashMap.newKeySet(), Set.class);
        store.put(CHECK, LeakCheck.begin(settings(context), blamed));
    }

    private void end(ExtensionContext context, String what) throws InterruptedException {
        LeakCheck check = context.getStore(namespace()).remove(CHECK, LeakCheck.class);
        if (check != null) { // null if begin failed
            check.end(what);
        }
    }

    /** Its own namespace, so that two registrations keep their checks apart. */
    private ExtensionContext.Namespace namespace() {
        return ExtensionContext.Namespace.create(GoroutineLeakExtension.class, this);
    }

    private Settings settings(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<VerifyNoLeaks> a = AnnotationSupport.findAnnotation(c.get().getElement(), VerifyNoLeaks.class);
            if (a.isPresent()) {
                return Settings.of(a.get());
            }
        }
        return settings;
    }

    private static Throwable dumpIfTimeout(ExtensionContext context, Throwable failure) {
        TimeoutDump.printIfTimeout(describe(context), failure);
        return failure;
    }

    /** {@code com.acme.FooTest.bar()} for a test, {@code com.acme.FooTest} for a class. */
    private static String describe(ExtensionContext context) {
        String test = context.getRequiredTestClass().getName();
        return context.getTestMethod().map(m -> test + "." + m.getName() + "()").orElse(test);
    }
}
