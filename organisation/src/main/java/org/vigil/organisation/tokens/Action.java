package org.vigil.organisation.tokens;

/**
 * What a token may do to a unit; the first word of a scope ({@code read:ward:LTH-W12}). {@code respond} scopes
 * name a role too ({@code respond:role:outreach:RVT}): see {@link Principal#respondsAs}. {@code audit} is a
 * governance team's: the audit trail of the unit and its incident reviews, nothing else.
 */
public enum Action {
    INGEST("ingest"), READ("read"), ACK("ack"), RESPOND("respond"), AUDIT("audit");

    private final String word;

    Action(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
