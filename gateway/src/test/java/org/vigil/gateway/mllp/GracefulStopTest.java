package org.vigil.gateway.mllp;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.ServerClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway stopping (SIGTERM) answers the messages it has already read, on their still-open connections, before it
 * closes them. It used to shut its parsing pool first and let its event loops close the connections: a message
 * being forwarded was stored at the server while its ACK was never written, and its sender resent it (found by
 * review). The server here is a JDK HTTP server on loopback standing in for Vigil's, answering as the test says.
 */
class GracefulStopTest {
    /** Generous for a loaded machine: the waits end as soon as what they wait for happens. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STORED = "{\"accepted\":1,\"duplicates\":0}";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private HttpServer upstream;

    @AfterEach
    void stop() {
        upstream.stop(0);
        threads.shutdownNow();
    }

    /**
     * Three admissions pipelined on one connection; the server holds the first one's answer until 4 s after the
     * stop began (longer than the 2 s an event loop stays up once told to shut down, which closed the connection
     * under the old stop), then answers each at once. Every one is forwarded once and acknowledged AA, in order.
     */
    @Test
    void messagesReadBeforeTheStopAreAnsweredOnTheirStillOpenConnection() throws Exception {
        CountDownLatch firstForwarded = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicInteger forwards = new AtomicInteger();
        start(exchange -> {
            if (forwards.incrementAndGet() == 1) {
                firstForwarded.countDown();
                await(stopping);
                sleep(4_000);
            }
            answer(exchange, 200, STORED);
        });
        MllpServer mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, Handlers.mapper(), server(WAIT));
        String[] controls = {"STOP1", "STOP2", "STOP3"};
        try (Socket sender = new Socket("127.0.0.1", mllp.port())) {
            sender.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = sender.getOutputStream();
            out.write(Handlers.frame(Handlers.admission(controls[0]), Handlers.admission(controls[1]),
                    Handlers.admission(controls[2])));
            out.flush();
            assertTrue(firstForwarded.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first admission reached the server");
            Future<?> closed = threads.submit(() -> {
                stopping.countDown();
                mllp.close();
            });
            for (String control : controls) {
                String ack = ack(sender.getInputStream());
                assertTrue(ack.contains("\rMSA|AA|" + control), "acknowledged in order, on the open connection: " + ack);
            }
            closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(3, forwards.get(), "each admission forwarded once: none resent, none refused");
    }

    /**
     * A server that never answers (its forward timeout here far beyond the grace) does not hold the stop: after the
     * grace the connection is closed with its message unanswered, and its sender resends it.
     */
    @Test
    void aStopEndsAfterItsGraceWhenTheServerNeverAnswers() throws Exception {
        CountDownLatch forwarded = new CountDownLatch(1);
        CountDownLatch testDone = new CountDownLatch(1);
        start(exchange -> {
            forwarded.countDown();
            await(testDone);
            answer(exchange, 200, STORED);
        });
        MllpServer mllp = new MllpServer("127.0.0.1", 0, null, 64 * 1024, Handlers.mapper(), server(Duration.ofMinutes(5)));
        try (Socket sender = new Socket("127.0.0.1", mllp.port())) {
            sender.setSoTimeout((int) WAIT.toMillis());
            sender.getOutputStream().write(Handlers.frame(Handlers.admission("HELD1")));
            assertTrue(forwarded.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the admission reached the server");
            threads.submit(() -> mllp.close(Duration.ofSeconds(1))).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(-1, sender.getInputStream().read(), "closed without an ACK");
        } finally {
            testDone.countDown();
        }
    }

    private void start(HttpHandler handler) throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", handler);
        upstream.setExecutor(threads);
        upstream.start();
    }

    private ServerClient server(Duration timeout) {
        return new ServerClient("http://127.0.0.1:" + upstream.getAddress().getPort(), "t", timeout);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next framed ACK's text; fails if the connection closes first. */
    private static String ack(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != MllpFrameDecoder.START) {
            if (b < 0) {
                throw new IOException("the connection closed before the ACK");
            }
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while ((b = in.read()) != MllpFrameDecoder.END_1) {
            if (b < 0) {
                throw new IOException("the connection closed inside an ACK");
            }
            text.write(b);
        }
        in.read();
        return text.toString(StandardCharsets.UTF_8);
    }
}
