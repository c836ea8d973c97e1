/**
 * The implementations behind {@link dev.weft.Context}, not API: the background context, the
 * cancelable node (with its deadline timer) and the value node, as Go's {@code context} package
 * has them. Programs see only the {@code dev.weft} interfaces; these classes may change in any
 * release.
 */
package dev.weft.internal.context;
