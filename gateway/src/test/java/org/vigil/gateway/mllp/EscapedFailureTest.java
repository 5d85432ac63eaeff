package org.vigil.gateway.mllp;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A failure that escapes a message's own answer closes its connection, so the sender, with no ACK, resends on a new
 * one. Every failure HAPI or the mapping raises is answered AE or AR; what escapes is an {@code Error} (a HAPI class
 * that failed to load, a stack overflow). When the handler ran in Netty's pipeline, Netty caught it and closed the
 * connection; on the parsing pool it killed the pool's thread and left the connection open, its message unanswered
 * and counted as unanswered for good (found by review). Here a frame of a type no decoder makes stands in for it:
 * the one way to make the handler fail from outside.
 */
class EscapedFailureTest {

    @Test
    void aFailureThatEscapesAMessagesAnswerClosesTheConnection() throws Exception {
        Hl7Mapper mapper = Handlers.mapper();
        ServerClient server = Handlers.unreachableServer(); // never called
        Unanswered unanswered = new Unanswered();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            EmbeddedChannel ch = new EmbeddedChannel(unanswered,
                    new Hl7Handler(MllpServer.hapiContext(), mapper, server, unanswered, pool));
            ch.writeInbound(42);
            pool.submit(() -> { }).get(30, TimeUnit.SECONDS); // the message's turn has run
            ch.runPendingTasks(); // the close it asked for, on the channel's own loop
            assertFalse(ch.isOpen(), "the connection is closed, so its sender resends on a new one");
        } finally {
            pool.shutdownNow();
        }
    }
}
