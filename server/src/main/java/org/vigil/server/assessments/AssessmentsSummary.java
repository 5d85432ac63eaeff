package org.vigil.server.assessments;

import org.vigil.events.AssessmentKind;

import java.util.Map;

/**
 * A unit's admission risk assessments outstanding now (reference/assessments.md).
 *
 * @param outstandingAssessments             per kind, every kind present: assessments past their due time
 * @param patientsWithOutstandingAssessments patients with at least one
 */
public record AssessmentsSummary(Map<AssessmentKind, Integer> outstandingAssessments,
                                 int patientsWithOutstandingAssessments) {}
