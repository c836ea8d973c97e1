package dev.weft.gradle;

import dev.weft.instrument.WeaveDirectory;
import dev.weft.instrument.WeaveOptions;
import dev.weft.instrument.Weaver;
import org.gradle.api.Action;
import org.gradle.api.GradleException;
import org.gradle.api.Task;
import org.gradle.api.file.Directory;
import org.gradle.api.logging.Logger;
import org.gradle.api.provider.Provider;
import org.gradle.api.tasks.compile.JavaCompile;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code doLast} action on a {@link JavaCompile} task: weaves its destination directory in
 * place, resolving types through the task's compile class path, so that {@code @Suspendable}
 * methods declared by dependencies (other projects, jars) are recognized.
 *
 * <p>Prints nothing unless asked or something is wrong: with {@code verbose}, or when a class
 * gives a problem, one line per task (classes scanned, woven, skipped); with {@code verbose} one
 * more per woven class. A method the weaver cannot rewrite is a warning, or with {@code strict}
 * a build failure naming it; a build that fails leaves the directory exactly as it was. Holds only the extension; reads everything else from the task it is
 * handed, never from the project, so it may run with the configuration cache.
 */
final class WeaveAction implements Action<Task> {
    private final WeftExtension extension;

    WeaveAction(WeftExtension extension) {
        this.extension = extension;
    }

    @Override
    public void execute(Task task) {
        JavaCompile compile = (JavaCompile) task;
        Logger log = task.getLogger();
        Path directory = destinationDirectory(compile).toPath();
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> classpath = new ArrayList<>();
        for (File f : compile.getClasspath().getFiles()) {
            classpath.add(f.toPath());
        }
        boolean verbose = extension.isVerbose();
        WeaveDirectory.Summary summary;
        try (WeaveDirectory.ClassPath types = WeaveDirectory.classPath(directory, classpath)) {
            Weaver weaver = new Weaver(types, WeaveOptions.DEFAULT);
            summary = new WeaveDirectory(weaver, false, extension.isStrict(),
                    verbose ? line -> log.lifecycle("weft: " + line) : null).weave(directory);
        } catch (IOException e) {
            throw new GradleException("weft: cannot weave " + directory + ": " + e.getMessage(), e);
        }
        if (summary.worthPrinting(verbose)) {
            log.lifecycle("weft: " + task.getPath() + ": " + summary.line());
        }
        if (summary.problems().isEmpty()) {
            return;
        }
        if (!extension.isStrict()) {
            for (WeaveDirectory.Problem p : summary.problems()) {
                log.warn("weft: " + p);
            }
            return;
        }
        long classes = summary.problems().stream().map(WeaveDirectory.Problem::file).distinct().count();
        StringBuilder message = new StringBuilder("weft: ").append(task.getPath()).append(": could not weave ")
                .append(classes).append(classes == 1 ? " class" : " classes").append(" as strict mode requires:");
        for (WeaveDirectory.Problem p : summary.problems()) {
            message.append("\n  ").append(p).append("\n    ").append(advice(p.kind()));
        }
        throw new GradleException(message.toString());
    }

    private static String advice(WeaveDirectory.Kind kind) {
        return switch (kind) {
            case NOT_REWRITTEN -> "Restructure that method (for example, compute the suspendable call's result into a"
                    + " local variable before the `new` or `switch` that holds it), or set `weft { strict = false }` to"
                    + " build anyway: the method is then left as it was, and a goroutine that parks below it pins its"
                    + " carrier thread.";
            case UNREADABLE -> "This is not a class file the weaver can parse: delete it or run `gradle clean`.";
            case VERIFY_FAILED -> "This is a weft bug: please report it with the original class file.";
        };
    }

    /**
     * The task's destination directory: {@code getDestinationDirectory()} (Gradle 6.1+; the old
     * getter is deprecated there and gone in 9), else {@code getDestinationDir()} (4.4), both by
     * reflection so that one jar links against either.
     */
    static File destinationDirectory(JavaCompile task) {
        Method getter;
        try {
            getter = JavaCompile.class.getMethod("getDestinationDirectory");
        } catch (NoSuchMethodException e) {
            getter = null;
        }
        try {
            if (getter != null) {
                return ((Directory) ((Provider<?>) getter.invoke(task)).get()).getAsFile();
            }
            return (File) JavaCompile.class.getMethod("getDestinationDir").invoke(task);
        } catch (ReflectiveOperationException e) {
            throw new GradleException("weft: cannot read the destination directory of " + task.getPath(), e);
        }
    }
}
