package org.vigil.server.staffing;

/** Where the patient-level rules report the red flags they detect (a missed critical dose, overdue vital signs). */
public interface RedFlagSink {
    /**
     * @param subject what the flag is about, unique per occurrence (e.g. the dose id), so it is counted once
     */
    void redFlag(String unit, SafeStaffingRedFlag flag, String subject, long at);

    /**
     * The occurrence was not one after all (an omission corrected to given within the dose's window, or a dose
     * recorded given after the window had been taken for missed): no longer counted against its shift.
     */
    void withdraw(String unit, SafeStaffingRedFlag flag, String subject);
}
