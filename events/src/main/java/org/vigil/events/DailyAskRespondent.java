package org.vigil.events;

/** Who answered Martha's rule daily ask (NHS England 2024, component 3: patients and families are asked daily). */
public enum DailyAskRespondent {
    PATIENT, FAMILY, CARER
}
