package org.vigil.server.staffing;

import org.vigil.organisation.ShiftKey;

import java.util.Map;

/**
 * A ward's staffing for its local day (reference/staffing.md): both shifts of the roster date (the date, or in the
 * small hours before its day shift, the date of the night on duty), care hours per patient day, NICE SG1 red flags
 * and the day shift's patients per registered nurse.
 *
 * @param currentShift                      the shift the engine clock is in
 * @param chppd                             care hours per patient day (NHS England), one decimal; null without a
 *                                          report or with no patients
 * @param chppdYesterday                    the roster date's day before's CHPPD on its 23:59 census, or null
 * @param redFlagsToday                     red flags counted against the date's shifts
 * @param redFlagsTodayByType               per NICE SG1 flag, every flag present
 * @param patientsPerRegisteredNurseDay     on today's day shift, one decimal; null without a report or with no
 *                                          registered nurse
 * @param patientsPerRegisteredNurseWarning more than policy patients per registered nurse on the day shift (NICE
 *                                          SG1: a signal to check, not a red flag)
 * @param staffingNotReported               the current shift's report is overdue (red flags 5 and 6 cannot be judged)
 */
public record StaffingSummary(ShiftSummary day, ShiftSummary night, ShiftKey currentShift, Double chppd,
                              Double chppdYesterday, int redFlagsToday,
                              Map<SafeStaffingRedFlag, Integer> redFlagsTodayByType,
                              Double patientsPerRegisteredNurseDay, boolean patientsPerRegisteredNurseWarning,
                              boolean staffingNotReported) {}
