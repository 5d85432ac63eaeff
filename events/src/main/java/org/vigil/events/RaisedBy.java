package org.vigil.events;

/** Who raised a Martha's rule concern. */
public enum RaisedBy {
    PATIENT, FAMILY, STAFF
}
