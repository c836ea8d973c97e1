/**
 * The Maven plugin's goals ({@code instrument}, {@code instrument-tests}, {@code prepare-agent}).
 * Not API: what a build relies on is the goals and their parameters, as the README shows them;
 * the classes here may change in any release.
 */
package dev.weft.maven;
