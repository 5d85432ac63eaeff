package org.vigil.server.staffing;

import org.vigil.events.Shift;

import java.time.LocalDate;

/**
 * One ward shift's staffing for the wall (reference/staffing.md): heads, hours (heads × the shift's length, two
 * decimals) and Safer Staffing fill rates (one decimal; null when nothing was planned). Every figure of the report
 * is null until a report arrives.
 *
 * @param shiftHours the shift's length in hours (DST-correct)
 * @param redFlags   NICE SG1 red flags counted against the shift
 */
public record ShiftSummary(LocalDate date, Shift shift, double shiftHours, boolean reported,
                           Integer registeredPlanned, Integer registeredActual, Integer unregisteredPlanned,
                           Integer unregisteredActual, Double registeredPlannedHours, Double registeredActualHours,
                           Double unregisteredPlannedHours, Double unregisteredActualHours,
                           Double registeredFillRatePercent, Double unregisteredFillRatePercent, int redFlags) {}
