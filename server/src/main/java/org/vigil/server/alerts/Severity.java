package org.vigil.server.alerts;

/** How fast someone must respond; sets how long an alert may stay unacknowledged before it escalates. */
public enum Severity {
    HIGH, MEDIUM, LOW
}
