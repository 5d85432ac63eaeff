package org.vigil.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.vigil.server.ServerConfig;
import org.vigil.server.VigilServer;
import org.vigil.server.engine.Engine;
import org.vigil.server.journal.JournalCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * A real server on a free loopback port with a temporary journal, and a second reader of that journal: the
 * oracle for "nothing is acknowledged that was not stored".
 */
final class LiveServer implements AutoCloseable {
    static final String TOKEN = "fuzz-operator-token";

    final VigilServer server;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final Set<String> journaled = new HashSet<>();

    LiveServer() throws IOException {
        Path dir = Files.createTempDirectory("vigil-fuzz");
        dir.toFile().deleteOnExit();
        server = VigilServer.start(new ServerConfig("127.0.0.1", 0, dir, null, Engine.ClockMode.WALL, 30, 1_000,
                1 << 20, ServerConfig.ENGINE_INBOX), Clock.systemUTC(), TOKEN);
        queue = SingleChronicleQueueBuilder.single(dir.resolve("journal").toFile()).build();
        tailer = queue.createTailer();
    }

    /**
     * Jazzer's SSRF detector flags every connection while fuzzing: the network targets talk to loopback, and only
     * there. Called at the start of each execution (the detector exists only once the fuzz test runs).
     */
    static void allowLoopbackOnly() {
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.startsWith("127."));
    }

    int port() {
        return server.port();
    }

    /** Every event id journaled so far (reads what was appended since the last call). */
    Set<String> journaledIds() {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return journaled;
                }
                String id = JournalCodec.read(dc.wire().bytes()).id();
                if (id != null) { // the engine's own clock ticks have none
                    journaled.add(id);
                }
            }
        }
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
        server.close();
    }
}
