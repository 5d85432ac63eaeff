package org.vigil.server.carehomes;

import org.vigil.clinical.news2.ClinicalRisk;
import org.vigil.clinical.restore2.Restore2Level;

/**
 * One resident as the home's own tablet sees them, by pseudonymous id: the latest submission, its advice and the
 * SBARD text to read out on a call.
 *
 * @param news2       the latest set's NEWS2, or null for soft signs alone
 * @param risk        its clinical risk, or null
 * @param baseline    the resident's baseline NEWS2, or null when none is known
 * @param repeatDueAt when the repeat observations are due (epoch ms)
 */
public record ResidentView(String resident, long submittedAt, Integer news2, ClinicalRisk risk, Integer baseline,
                           Restore2Level level, String advice, long repeatDueAt, boolean overdue, String sbard) {}
