package dev.weft.internal.race;

/**
 * A data race found: the access now ({@code write}, its site, who), and the earlier access it is
 * not ordered with. The current access's stack is the thread's own when this is reported.
 */
record Conflict(boolean write, int site, Origin by, boolean previousWrite, int previousSite, Origin previousBy) {
}
