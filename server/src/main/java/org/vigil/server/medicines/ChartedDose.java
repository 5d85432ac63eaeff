package org.vigil.server.medicines;

import org.vigil.events.DoseResult;
import org.vigil.events.OmissionReason;

/**
 * A dose on a patient's chart as the medicines rule holds it (kept two days past its due time): what an incident
 * review needs of a dose charted before its replay began.
 *
 * @param unit      where the dose is counted: to be given, or given or missed
 * @param outcome   null while none is recorded
 * @param reason    an omission's reason, or null
 * @param outcomeAt when the outcome was recorded (epoch ms), or {@link Long#MIN_VALUE} without one
 * @param cancelled  due after the patient's discharge: never to be given
 */
public record ChartedDose(String doseId, String unit, String medicine, boolean critical, String medicineClass,
                          long dueAt, DoseResult outcome, OmissionReason reason, long outcomeAt, boolean cancelled) {}
