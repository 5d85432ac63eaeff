package org.vigil.gateway.edge;

/** The edge's own error bodies have the server's shape, {"error": "..."}, so clients parse one format. */
final class Json {
    private Json() {
    }

    static String error(String message) {
        StringBuilder b = new StringBuilder(message.length() + 16).append("{\"error\":\"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append("\"}").toString();
    }
}
