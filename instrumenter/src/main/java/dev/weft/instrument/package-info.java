/**
 * The instrumenter's entry points: {@link dev.weft.instrument.Weaver} rewrites the suspendable
 * methods of one class into resumable state machines, reading other classes' bytes through a
 * {@link dev.weft.instrument.ClassSource} and never loading a class;
 * {@link dev.weft.instrument.WeaveDirectory} weaves a directory in place for the build plugins;
 * {@link dev.weft.instrument.Main} is the command line. The rules it applies (which methods are
 * rewritten, which calls are suspension points, what pins) are in
 * <a href="../../../../../../../docs/architecture.md">docs/architecture.md</a>; the visitors that do
 * the work are in {@code dev.weft.instrument.internal}, which is not API.
 */
package dev.weft.instrument;
