package org.vigil.server.deterioration;

/** @param sepsisScreensDue a ward's patients at NEWS2 5 or more owed a sepsis screen now (NICE NG51) */
public record SepsisSummary(int sepsisScreensDue) {}
