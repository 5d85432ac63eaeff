package org.vigil.events;

import java.util.Objects;

/**
 * One journal record: the envelope of schema v1 and its typed body.
 *
 * @param id      sender-unique idempotency key (null for internal records, which are never deduplicated)
 * @param type    what happened
 * @param time    event time, epoch milliseconds
 * @param unit    ward or care-home id (null for a clock tick)
 * @param payload the type's fields
 */
public record Event(String id, EventType type, long time, String unit, Payload payload) {
    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
