package org.vigil.server.staffing;

/** Where the patient-level rules report the red flags they detect (a missed critical dose, overdue vital signs). */
@FunctionalInterface
public interface RedFlagSink {
    /**
     * @param subject what the flag is about, unique per occurrence (e.g. the dose id), so it is counted once
     */
    void redFlag(String unit, SafeStaffingRedFlag flag, String subject, long at);
}
