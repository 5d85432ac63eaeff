package org.vigil.server.alerts;

/**
 * One entry of an alert's history. {@code seq} numbers an alert's transitions from 1, in order, and replay
 * gives every transition the same number again, so {@code alertId#seq} is a stable key for delivering it once
 * (a webhook's idempotency key). Fields that do not apply to the type are null.
 *
 * @param rung     notifying types: the rung the alert is at; everyone on rungs 0..rung is told
 * @param role     notifying types: the rung's role; answers: the role the person answered in
 * @param severity RAISED, WORSENED, REOPENED: the severity then
 * @param detail   RAISED, WORSENED, REOPENED: the rule's detail then
 * @param by       answers: who (initials or name)
 * @param reason   DECLINED, NOT_ESCALATING: the reason given
 * @param note     ACKNOWLEDGED: the optional note
 * @param until    NOT_ESCALATING: when re-notification resumes (epoch ms)
 * @param why      RENOTIFIED, ESCALATED, RESOLVED: what caused it, in words
 */
public record AlertTransition(int seq, long at, Type type, Integer rung, String role, Severity severity,
                              String detail, String by, String reason, String note, Long until, String why) {

    public enum Type {
        RAISED(true), RENOTIFIED(true), ESCALATED(true), WORSENED(true), REOPENED(true),
        ACKNOWLEDGED(false), ACKNOWLEDGEMENT_UNDONE(false), ACCEPTED(false), DECLINED(false),
        NOT_ESCALATING(false), RESOLVED(false);

        private final boolean notifies;

        Type(boolean notifies) {
            this.notifies = notifies;
        }

        /** Whether this transition tells people (those on rungs 0..rung) about the alert. */
        public boolean notifies() {
            return notifies;
        }
    }
}
