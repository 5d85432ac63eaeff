package org.vigil.gateway.mllp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;

import java.util.ArrayDeque;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnansweredTest {
    /** A peer that does not read: what is written to it stays unwritten until the test lets some through. */
    private static final class UnreadPeer extends ChannelOutboundHandlerAdapter {
        final Queue<ChannelPromise> unwritten = new ArrayDeque<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            unwritten.add(promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
        }

        void reads(int acks) {
            for (int i = 0; i < acks; i++) {
                unwritten.remove().setSuccess();
            }
        }
    }

    /**
     * A sender that pipelines and never reads its ACKs: an ACK the gateway could not write yet still counts as
     * unanswered, so the connection is not read further, rather than its ACKs queueing in the gateway's memory
     * without bound. An audit sent 4-byte unparseable frames (each answered at once with a ~350-byte AE) on one
     * such connection: the gateway grew from 0.1 to 2.4 GB in 40 s, 660,000 ACKs in its outbound buffer.
     */
    @Test
    void aSenderThatNeverReadsItsAcksIsNotReadFurther() {
        Hl7Mapper mapper = Handlers.mapper();
        // never called: unparseable messages are answered by the gateway alone
        ServerClient server = Handlers.unreachableServer();
        UnreadPeer peer = new UnreadPeer();
        Unanswered unanswered = new Unanswered();
        // each message is parsed at once, on this thread, rather than on a pool
        EmbeddedChannel ch = new EmbeddedChannel(peer, unanswered,
                new Hl7Handler(MllpServer.hapiContext(), mapper, server, unanswered, Runnable::run));
        for (int i = 0; i < Unanswered.MOST; i++) {
            ch.writeInbound("X");
        }
        assertEquals(Unanswered.MOST, peer.unwritten.size(), "each message was answered");
        assertFalse(ch.config().isAutoRead(), "a connection whose ACKs are not read is not read either");

        peer.reads(Unanswered.MOST / 2 - 1);
        assertFalse(ch.config().isAutoRead(), "still more than half unwritten");
        peer.reads(1);
        assertTrue(ch.config().isAutoRead(), "read again once half of its ACKs were written");
        ch.finishAndReleaseAll();
    }

    /**
     * A stopping gateway takes nothing more in: a frame completed by bytes read after the stop (a decoder asks for one
     * more read when the last gave it no whole frame) is dropped unanswered, for its sender to resend; the connection
     * is drained once the messages read before the stop are answered, and is not read again.
     */
    @Test
    void afterTheStopNothingMoreIsTakenInAndTheConnectionDrains() {
        UnreadPeer peer = new UnreadPeer();
        Unanswered unanswered = new Unanswered();
        EmbeddedChannel ch = new EmbeddedChannel(peer, unanswered, new Hl7Handler(MllpServer.hapiContext(),
                Handlers.mapper(), Handlers.unreachableServer(), unanswered, Runnable::run));
        ch.writeInbound("X"); // answered AE at once; its ACK not yet written
        assertEquals(1, unanswered.stopReading(ch), "one message read and unanswered when the stop came");
        assertFalse(ch.config().isAutoRead());

        ch.writeInbound("Y");
        assertEquals(1, peer.unwritten.size(), "the frame after the stop was not taken in");
        assertFalse(unanswered.drained().isDone());
        peer.reads(1);
        assertTrue(unanswered.drained().isDone(), "drained once the message read before the stop was answered");
        assertFalse(ch.config().isAutoRead(), "not read again");
        ch.finishAndReleaseAll();
    }

    /**
     * A connection closed while the gateway stops (its sender hung up) is drained at once: none of its ACKs can be
     * written any more. The stop waited out its whole grace on such a connection, a flood's messages forwarded one
     * by one while each ACK failed to be written.
     */
    @Test
    void aConnectionClosedDuringTheStopIsDrained() {
        UnreadPeer peer = new UnreadPeer();
        Unanswered unanswered = new Unanswered();
        EmbeddedChannel ch = new EmbeddedChannel(peer, unanswered, new Hl7Handler(MllpServer.hapiContext(),
                Handlers.mapper(), Handlers.unreachableServer(), unanswered, Runnable::run));
        ch.writeInbound("X"); // answered AE at once; its ACK not yet written
        assertEquals(1, unanswered.stopReading(ch));
        ch.close();
        assertTrue(unanswered.drained().isDone(), "nothing more can be answered on a closed connection");
        ch.finishAndReleaseAll();
    }
}
