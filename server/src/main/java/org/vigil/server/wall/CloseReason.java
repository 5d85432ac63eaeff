package org.vigil.server.wall;

import java.nio.charset.StandardCharsets;

/**
 * A WebSocket close reason cut to what a close frame can carry: RFC 6455 §5.5 allows a control frame 125 bytes of
 * payload, two of them the code, so 123 bytes of UTF-8. Longer, the frame is a protocol error to the page, which then
 * sees 1002 or 1006 instead of the refusal (found by an HTTP audit: a reason quoting a 200-character id). Any thread.
 */
final class CloseReason {
    static final int MAX_BYTES = 123;
    private static final String CUT = "…";

    private CloseReason() {
    }

    static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return reason;
        }
        int budget = MAX_BYTES - CUT.getBytes(StandardCharsets.UTF_8).length;
        int end = 0;
        for (int bytes = 0; end < reason.length(); ) {
            int cp = reason.codePointAt(end);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // its length in UTF-8
            if (bytes > budget) {
                break;
            }
            end += Character.charCount(cp);
        }
        return reason.substring(0, end) + CUT;
    }
}
