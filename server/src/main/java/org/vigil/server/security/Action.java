package org.vigil.server.security;

/** What a token may do to a unit; the first word of a scope ({@code read:ward:LTH-W12}). */
public enum Action {
    INGEST("ingest"), READ("read"), ACK("ack");

    private final String word;

    Action(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
