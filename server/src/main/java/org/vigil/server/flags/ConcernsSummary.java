package org.vigil.server.flags;

/**
 * Martha's rule concerns on a unit (NHS England 2024).
 *
 * @param concernsOpen             PATIENT_CONCERN alerts active now
 * @param concernsAwaitingResponse of those, not yet acknowledged or accepted
 * @param concernsToday            concerns raised on the unit's local day
 */
public record ConcernsSummary(int concernsOpen, int concernsAwaitingResponse, int concernsToday) {}
