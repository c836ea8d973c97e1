/**
 * The instrumenter's implementation, not API: the class hierarchy read from bytes, the rules for
 * what is suspendable, the liveness and frame analyses (ASM's {@code Analyzer}), the visitors that
 * rewrite a method into a state machine, relocate a {@code NEW}, bridge method references and
 * make a {@code Chan}'s iterator a suspension point, and verification. Use
 * {@code dev.weft.instrument.Weaver}; everything here may change in any release.
 */
package dev.weft.instrument.internal;
