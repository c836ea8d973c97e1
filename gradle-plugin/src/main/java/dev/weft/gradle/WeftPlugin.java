package dev.weft.gradle;

import org.gradle.api.Plugin;
import org.gradle.api.Project;
import org.gradle.api.tasks.compile.JavaCompile;

import java.util.concurrent.Callable;

/**
 * Plugin {@code dev.weft}: weaves the classes of every {@link JavaCompile} task (main, test, any
 * source set) in place, in a {@code doLast} action of that task, so that the program runs woven
 * with {@code weft-runtime} on its class path and no agent.
 *
 * <p>Why {@code doLast} on the compile task rather than a task of its own: it needs nothing
 * newer than Gradle 4.4 (no {@code register}, no {@code getDestinationDirectory}, no
 * {@code InputChanges}), and the compile task's outputs stay where everything downstream (jar,
 * test, run, IDE import) already looks. Gradle snapshots a task's outputs after its last action,
 * so the woven classes are the outputs it remembers: a second build finds them unchanged and
 * reports the compile task UP-TO-DATE. The plugin's version and the {@code weft { }} settings are
 * inputs of the compile task, so changing either recompiles and reweaves. Incremental
 * compilation leaves a mix of new and woven classes; the weaver skips the woven ones.
 *
 * <p>Everything the action needs is captured here, at configuration time, or read from the task
 * it is handed: it never touches {@code Task.getProject()} while executing.
 *
 * <p>Compiled against Gradle 8.10's API, using only what 4.4 has as well.
 */
public class WeftPlugin implements Plugin<Project> {
    /** This plugin's version, from its jar's manifest. */
    static final String VERSION = String.valueOf(WeftPlugin.class.getPackage().getImplementationVersion());

    @Override
    public void apply(Project project) {
        WeftExtension extension = project.getExtensions().create("weft", WeftExtension.class);
        project.getTasks().withType(JavaCompile.class, task -> {
            task.getInputs().property("weft.version", VERSION);
            task.getInputs().property("weft.strict", (Callable<Boolean>) extension::isStrict);
            task.getInputs().property("weft.verbose", (Callable<Boolean>) extension::isVerbose);
            task.doLast(new WeaveAction(extension));
        });
    }
}
