package org.vigil.gateway.hl7;

/**
 * A message HAPI could parse but Vigil cannot turn into events: answered AR with an ERR segment naming the
 * field (e.g. "PV1-3: point of care 'W99' is not mapped to a unit").
 */
public final class UnmappableException extends Exception {
    private final String location;

    public UnmappableException(String location, String reason) {
        super(location + ": " + reason, null, false, false);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
