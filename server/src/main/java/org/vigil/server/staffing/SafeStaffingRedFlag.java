package org.vigil.server.staffing;

/** NICE SG1 (2014) nursing red flags, numbered as NICE lists them (reference/staffing.md). */
public enum SafeStaffingRedFlag {
    /** 1. Unplanned omission in providing patient medications. */
    UNPLANNED_MEDICINE_OMISSION("unplanned omission in providing patient medications"),
    /** 3. Patient vital signs not assessed or recorded as outlined in the care plan. */
    VITAL_SIGNS_NOT_RECORDED("vital signs not recorded as planned"),
    /** 5. Shortfall of more than 8 hours or 25 % of registered nurse time for the shift. */
    RN_SHORTFALL("registered nurse time short by more than 8 hours or 25%"),
    /** 6. Fewer than 2 registered nurses present on the ward during a shift. */
    FEWER_THAN_TWO_RNS("fewer than 2 registered nurses on shift");

    private final String description;

    SafeStaffingRedFlag(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
