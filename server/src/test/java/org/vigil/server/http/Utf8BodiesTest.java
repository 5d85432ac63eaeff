package org.vigil.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.server.TestServer;
import org.vigil.server.TestServer.Reply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bytes that are not UTF-8 inside a JSON string value (an overlong '/', a surrogate encoded on its own, a stray
 * continuation byte, a sequence cut short) were accepted and stored (found by an HTTP audit). Every JSON body the
 * API takes is refused 400 naming the body, and nothing of it is stored.
 */
class Utf8BodiesTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** {@code json} (ASCII) with {@code @@} replaced by the bytes {@code hex}. */
    private static byte[] withBytes(String json, String hex) {
        int at = json.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(json.substring(at + 2).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String admission(String id, String patient) {
        return TestServer.admission(id, TestServer.NOW.minusSeconds(3600), "RVT-W12", patient, "B1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "overlong solidus, c0af",
            "overlong NUL, c080",
            "encoded lone surrogate, eda080",
            "stray continuation byte, 80",
            "sequence cut short, e282",
            "beyond U+10FFFF, f4908080",
    })
    void anEventWithBytesThatAreNotUtf8IsRefusedAndNotStored(String what, String hex) {
        String id = "utf8-" + IDS.incrementAndGet();
        byte[] body = withBytes(admission(id, "P-@@" + id), hex);
        Reply r = TestServer.send(server.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP, TestServer.JSON,
                body);
        assertEquals(400, r.status(), r.body());
        JsonObject error = new JsonObject(r.body());
        assertEquals("body", error.getString("field"));
        assertEquals("body: not valid UTF-8 (at byte " + (new String(body, StandardCharsets.ISO_8859_1)
                .indexOf("P-") + 2) + ")", error.getString("error"));
        // the same id with good bytes is new: nothing of the refused one was stored
        Reply again = server.postEvent(admission(id, "P-" + id));
        assertEquals(200, again.status(), again.body());
        assertEquals(1, new JsonObject(again.body()).getInteger("accepted"));
    }

    @Test
    void aBatchAndTheOtherJsonEndpointsAreCheckedToo() {
        String id = "utf8-" + IDS.incrementAndGet();
        byte[] batch = withBytes(admission(id + "a", "P-" + id) + "\n" + admission(id + "b", "P-@@") + "\n", "eda080");
        Reply r = TestServer.send(server.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP, TestServer.NDJSON,
                batch);
        assertEquals(400, r.status(), r.body());
        assertEquals("body", new JsonObject(r.body()).getString("field"));
        Reply again = server.postBatch(admission(id + "a", "P-" + id));
        assertEquals(1, new JsonObject(again.body()).getInteger("accepted"), "the batch's good line was not stored");

        byte[] ack = withBytes("{\"by\":\"N@@\"}", "c0af");
        Reply answer = TestServer.send(server.port(), "POST", "/api/v1/alerts/AL-1/ack", TestServer.BOOTSTRAP,
                TestServer.JSON, ack);
        assertEquals(400, answer.status(), answer.body());
        assertEquals("body", new JsonObject(answer.body()).getString("field"));
    }

    @Test
    void wellFormedNonAsciiIsAccepted() {
        String id = "utf8-" + IDS.incrementAndGet();
        byte[] body = withBytes(admission(id, "P-@@" + id), "c3a9e282acf09f9982"); // é € 🙂
        Reply r = TestServer.send(server.port(), "POST", "/api/v1/events", TestServer.BOOTSTRAP, TestServer.JSON,
                body);
        assertEquals(200, r.status(), r.body());
    }

    /** The body is read a chunk at a time: a character cut by a chunk's end is whole, a bad byte anywhere found. */
    @Test
    void theCheckSeesAcrossChunks() {
        for (int at = 8180; at < 8200; at++) {
            byte[] good = withBytes("x".repeat(at) + "@@" + "y".repeat(10), "f09f9982");
            assertEquals(-1, Utf8.firstMalformed(Buffer.buffer(good)), "a 4-byte character at " + at);
            byte[] bad = withBytes("x".repeat(at) + "@@" + "y".repeat(10), "eda080");
            assertEquals(at, Utf8.firstMalformed(Buffer.buffer(bad)), "a surrogate at " + at);
        }
        byte[] cut = withBytes("x".repeat(8191) + "@@", "f09f99");
        assertEquals(8191, Utf8.firstMalformed(Buffer.buffer(cut)), "a sequence cut short by the end");
        assertEquals(-1, Utf8.firstMalformed(Buffer.buffer()), "empty");
    }
}
