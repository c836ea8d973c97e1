package dev.weft.maven;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.util.List;

/**
 * Weaves the test classes ({@code target/test-classes}) in place before the tests run, resolving
 * types through the test class path (which holds the main classes and every test dependency).
 * Skipped with {@code -Dmaven.test.skip=true}, which compiles no tests.
 */
@Mojo(name = "instrument-tests", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
        requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class InstrumentTestsMojo extends AbstractWeaveMojo {
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean testsSkipped;

    @Override
    boolean skipped() {
        return testsSkipped;
    }

    @Override
    File classesDirectory() {
        return new File(project.getBuild().getTestOutputDirectory());
    }

    @Override
    List<String> classpathElements() throws MojoExecutionException {
        try {
            return project.getTestClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("weft: the test class path is not resolved", e);
        }
    }
}
