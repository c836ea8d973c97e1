package dev.weft.gradle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Properties;
import org.gradle.api.Action;
import org.gradle.api.Plugin;
import org.gradle.api.Project;
import org.gradle.api.Task;
import org.junit.jupiter.api.Test;

/**
 * What Gradle relies on to find and apply the plugin, checked against the Gradle 8.10 API it is
 * compiled with. Applying it for real takes a Gradle installation: gradle-plugin/src/it/run.sh
 * builds fixture projects with Debian's Gradle 4.4.1.
 */
class WeftPluginTest {
    @Test
    void pluginId_devWeft_namesThePluginClass() throws IOException {
        Properties descriptor = new Properties();
        try (InputStream in = WeftPluginTest.class.getResourceAsStream("/META-INF/gradle-plugins/dev.weft.properties")) {
            assertNotNull(in, "META-INF/gradle-plugins/dev.weft.properties is missing");
            descriptor.load(in);
        }

        assertEquals(WeftPlugin.class.getName(), descriptor.getProperty("implementation-class"));
    }

    @Test
    void pluginClass_isAPublicPluginOfProject() throws ReflectiveOperationException {
        Type pluginType = Arrays.stream(WeftPlugin.class.getGenericInterfaces())
                .filter(t -> t instanceof ParameterizedType p && p.getRawType() == Plugin.class)
                .findFirst().orElseThrow(() -> new AssertionError("WeftPlugin does not implement Plugin<...>"));

        assertEquals(Project.class, ((ParameterizedType) pluginType).getActualTypeArguments()[0]);
        assertTrue(java.lang.reflect.Modifier.isPublic(WeftPlugin.class.getModifiers()));
        WeftPlugin.class.getConstructor(); // Gradle instantiates it with no arguments
    }

    @Test
    void weaveAction_isAnActionOnTask() {
        assertTrue(Action.class.isAssignableFrom(WeaveAction.class));
        Type actionType = WeaveAction.class.getGenericInterfaces()[0];
        assertEquals(Task.class, ((ParameterizedType) actionType).getActualTypeArguments()[0]);
    }

    @Test
    void extension_strictAndVerbose_areBeanPropertiesDefaultingToFalse() throws ReflectiveOperationException {
        WeftExtension weft = new WeftExtension();
        assertEquals(false, weft.isStrict());
        assertEquals(false, weft.isVerbose());

        // the build-script DSL `weft { strict = true }` goes through these setters
        WeftExtension.class.getMethod("setStrict", boolean.class).invoke(weft, true);
        WeftExtension.class.getMethod("setVerbose", boolean.class).invoke(weft, true);

        assertTrue(weft.isStrict());
        assertTrue(weft.isVerbose());
    }
}
