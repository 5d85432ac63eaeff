package org.vigil.server.flags;

/**
 * Martha's rule daily ask on a ward (reference/marthas-rule.md): its inpatients asked, and not yet asked, about
 * the patient's condition on the ward's local day.
 */
public record DailyAskSummary(int patientsAskedToday, int patientsNotAskedToday) {}
