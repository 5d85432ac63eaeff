package org.vigil.server.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which pages may open a WebSocket to this server: browsers send the page's {@code Origin} on every WebSocket
 * handshake (RFC 6455 §4.1, §10.2), and a page of another origin is refused unless the operator listed it
 * ({@code --allowed-origins}). Same-origin means the same scheme, host and port as the request itself (HTTPS
 * when the handshake came over TLS). {@code Origin: null} (sandboxed frames, files) is refused unless listed. A
 * handshake without {@code Origin} is not from a browser page; the token, sent as the first message, still decides.
 */
public final class WebSocketOrigins {
    private final Set<String> allowed;

    public WebSocketOrigins(List<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    public boolean allows(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return allowed.contains(o) || (!o.equals("null") && sameOrigin(o, request));
    }

    private static boolean sameOrigin(String origin, HttpServerRequest request) {
        HostAndPort self = request.authority();
        if (self == null) {
            return false;
        }
        String scheme = request.isSSL() ? "https" : "http";
        try {
            URI u = new URI(origin);
            if (!scheme.equals(u.getScheme()) || u.getHost() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()) {
                return false;
            }
            return hostOf(u.getHost()).equals(hostOf(self.host()))
                    && port(u.getPort(), scheme) == port(self.port(), scheme);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String hostOf(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static int port(int port, String scheme) {
        return port >= 0 ? port : scheme.equals("https") ? 443 : 80;
    }
}
