/**
 * The Gradle plugin {@code dev.weft}. Not API: what a build relies on is the plugin id and its
 * {@code weft { strict; verbose }} block, as the README shows them; the classes here may change
 * in any release (they are public only because Gradle instantiates them).
 */
package dev.weft.gradle;
