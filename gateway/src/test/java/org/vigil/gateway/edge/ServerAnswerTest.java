package org.vigil.gateway.edge;

import io.netty.handler.codec.http.FullHttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a server answer becomes the edge's answer: only the server's 200 is ever a 200. */
class ServerAnswerTest {
    private static FullHttpResponse of(int status, String retryAfter, String body) {
        return EdgeHandler.toResponse(new Upstream.Answer(status, "application/json", retryAfter,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void serverFailuresAre503WithRetryAfter() {
        for (int status : new int[]{0, 500, 502, 504}) {
            FullHttpResponse r = of(status, null, "boom");
            assertEquals(503, r.status().code(), "from " + status);
            assertEquals("1", r.headers().get("Retry-After"));
            r.release();
        }
    }

    @Test
    void theServersOwn503KeepsItsReasonAndRetryAfter() {
        FullHttpResponse r = of(503, "3", "{\"error\":\"replaying\"}");
        assertEquals(503, r.status().code());
        assertEquals("3", r.headers().get("Retry-After"));
        assertEquals("{\"error\":\"replaying\"}", r.content().toString(StandardCharsets.UTF_8));
        r.release();
    }

    @Test
    void okAndClientErrorsPassThroughUnchanged() {
        FullHttpResponse ok = of(200, null, "{\"accepted\":1,\"duplicates\":0}");
        assertEquals(200, ok.status().code());
        assertEquals("{\"accepted\":1,\"duplicates\":0}", ok.content().toString(StandardCharsets.UTF_8));
        ok.release();
        FullHttpResponse bad = of(400, null, "{\"error\":\"bed: missing field\",\"field\":\"bed\"}");
        assertEquals(400, bad.status().code());
        assertEquals("{\"error\":\"bed: missing field\",\"field\":\"bed\"}", bad.content().toString(StandardCharsets.UTF_8));
        bad.release();
        FullHttpResponse busy = of(429, "2", "{\"error\":\"slow down\"}");
        assertEquals("2", busy.headers().get("Retry-After"));
        busy.release();
    }
}
