package dev.weft.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

import javax.inject.Inject;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts {@code -javaagent:<weft-agent jar>[=options]} in front of a property, {@code argLine} by
 * default, which Surefire and Failsafe pass to the JVMs they fork, as JaCoCo's
 * {@code prepare-agent} does. For code that is not woven at build time: the tests then run with
 * the agent weaving classes as they load (and skipping those woven already).
 *
 * <p>If the test plugin sets its own {@code <argLine>}, write {@code @{argLine}} into it, so that
 * Surefire reads this property late, after this goal has run.
 *
 * <p>The agent jar is {@code dev.weft:weft-agent} of this plugin's own version, resolved from the
 * plugin repositories. It is not a dependency of the plugin: it carries its own copy of the
 * instrumenter (over relocated ASM), which would then share the plugin's class realm with the
 * instrumenter the plugin weaves with.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {
    private static final Pattern WEFT_AGENT = Pattern.compile(
            "\\s*(\"-javaagent:[^\"]*weft-agent[^\"]*\"|-javaagent:\\S*weft-agent\\S*)");

    /** Skips the goal: the property is left as it was. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    private boolean skip;

    /** The property to prepend to. */
    @Parameter(property = "weft.propertyName", defaultValue = "argLine")
    private String propertyName;

    /**
     * The agent's options, comma-separated, as after {@code -javaagent:weft-agent.jar=}: for
     * example {@code strict,verbose} or {@code race}.
     */
    @Parameter(property = "weft.agent.options")
    private String options;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remotePluginRepositories}", readonly = true, required = true)
    private List<RemoteRepository> pluginRepositories;

    private final RepositorySystem repositorySystem;

    @Inject
    public PrepareAgentMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("weft: skipped");
            return;
        }
        File agent = agentJar();
        String value = argLine(project.getProperties().getProperty(propertyName), agent, options);
        project.getProperties().setProperty(propertyName, value);
        getLog().info("weft: " + propertyName + " set to " + value);
    }

    private File agentJar() throws MojoExecutionException {
        DefaultArtifact agent = new DefaultArtifact(plugin.getGroupId(), "weft-agent", "jar", plugin.getVersion());
        try {
            return repositorySystem.resolveArtifact(repositorySession,
                    new ArtifactRequest(agent, new ArrayList<>(pluginRepositories), null)).getArtifact().getFile();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException("weft: cannot resolve the agent " + agent + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code old} with any earlier weft agent taken out and {@code -javaagent:<agent>[=options]}
     * in front, quoted if the path has a space. Running the goal twice leaves one agent.
     */
    static String argLine(String old, File agent, String options) {
        String arg = "-javaagent:" + agent.getAbsolutePath()
                + (options == null || options.isBlank() ? "" : "=" + options.trim());
        if (arg.indexOf(' ') >= 0) {
            arg = '"' + arg + '"';
        }
        String rest = old == null ? "" : WEFT_AGENT.matcher(old).replaceAll("").trim();
        return rest.isEmpty() ? arg : arg + " " + rest;
    }
}
