package dev.weft.maven;

import dev.weft.instrument.WeaveDirectory;
import dev.weft.instrument.WeaveOptions;
import dev.weft.instrument.Weaver;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves one output directory in place with the class path it was compiled against, so that
 * {@code @Suspendable} methods declared by dependencies are recognized: the bytes of every type
 * come from that directory, then the class path, then the JDK, and no class is ever loaded.
 *
 * <p>Prints nothing unless asked or something is wrong: with {@code verbose}, or when a class
 * gives a problem, one line (classes scanned, woven, skipped); with {@code verbose}, one more per
 * woven class. A method the weaver cannot rewrite is a warning, or with {@code strict} a build
 * failure naming it; a build that fails leaves the directory exactly as it was. Idempotent: classes woven by an earlier build carry {@code @Woven} and are skipped,
 * so a rebuild without {@code clean} weaves only what the compiler wrote anew.
 *
 * <p>Holds no state between executions, so {@code mvn -T} may run it for several modules at once.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {
    /** Skips weaving. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Fails the build when a method cannot be rewritten (or a class file cannot be read), instead
     * of warning. Such a method is left as it was, and a goroutine that parks below it pins its
     * carrier thread: {@code -Dweft.strict=true} makes that an error at run time too.
     */
    @Parameter(property = "weft.strict", defaultValue = "false")
    private boolean strict;

    /** Prints each woven class and the number of its rewritten methods. */
    @Parameter(property = "weft.verbose", defaultValue = "false")
    private boolean verbose;

    /**
     * Checks every woven class as the JVM's verifier would; a failure always fails the build
     * (it is a weft bug: report it with the class file).
     */
    @Parameter(property = "weft.verify", defaultValue = "false")
    private boolean verify;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The directory to weave in place. */
    abstract File classesDirectory();

    /** The class path the directory was compiled against; may include the directory itself. */
    abstract List<String> classpathElements() throws MojoExecutionException;

    /** Whether this goal is switched off by something besides {@code weft.skip}. */
    boolean skipped() {
        return false;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipped()) {
            getLog().info("weft: skipped");
            return;
        }
        Path directory = classesDirectory().toPath();
        if (!Files.isDirectory(directory)) {
            // an aggregator (packaging pom) inheriting the execution has no classes: nothing to say
            if (!"pom".equals(project.getPackaging())) {
                getLog().info("weft: skipped, no classes directory " + directory);
            }
            return;
        }
        List<Path> classpath = new ArrayList<>();
        for (String element : classpathElements()) {
            classpath.add(Path.of(element));
        }
        WeaveDirectory.Summary summary;
        try (WeaveDirectory.ClassPath types = WeaveDirectory.classPath(directory, classpath)) {
            Weaver weaver = new Weaver(types, WeaveOptions.DEFAULT);
            summary = new WeaveDirectory(weaver, verify, strict, verbose ? line -> getLog().info("weft: " + line) : null)
                    .weave(directory);
        } catch (IOException e) {
            throw new MojoExecutionException("weft: cannot weave " + directory + ": " + e.getMessage(), e);
        }
        if (summary.worthPrinting(verbose)) {
            getLog().info("weft: " + summary.line());
        }
        Failures.check(summary.problems(), strict, getLog());
    }
}
