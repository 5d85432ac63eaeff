package org.vigil.gateway.mllp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages read from one connection whose ACKs are not yet written. A sender may pipeline without waiting for
 * its ACKs, and one connection's messages go to the server one at a time, so a flood would queue in the gateway's
 * memory; and a sender that does not read its ACKs would have them queue there instead: past {@link #MOST}
 * unanswered, the connection is not read until half of them have been answered, and the sender meets TCP's
 * back-pressure instead. Reads are counted on the connection's I/O thread, before parsing.
 * <p>
 * When the gateway stops, {@link #stopReading} ends the connection's reading for good, and {@link #drained} tells
 * when every message read before it has been answered, or the connection closed so none can be: only then may the
 * gateway close it.
 */
final class Unanswered extends ChannelInboundHandlerAdapter {
    /** Far above what a sender in HL7's original mode (one message, then its ACK) ever has outstanding. */
    static final int MOST = 256;
    private final AtomicInteger count = new AtomicInteger();
    /** Set on the I/O thread by {@link #stopReading}; read by {@link #answered} on any thread. */
    private volatile boolean stopped;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object frame) {
        if (stopped) {
            // a frame completed by bytes read after the stop (a decoder asks for one more read when the last gave it
            // no whole frame): not taken in, so the connection can drain; unanswered, its sender resends it
            ReferenceCountUtil.release(frame);
            return;
        }
        if (count.incrementAndGet() >= MOST) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(frame);
    }

    /** One message answered (its ACK written, or failed to be): any thread. */
    void answered(Channel channel) {
        int left = count.decrementAndGet();
        if (stopped) {
            if (left == 0) {
                drained.complete(null);
            }
        } else if (left <= MOST / 2 && !channel.config().isAutoRead()) {
            // should a stop come between the check and this, what is read then is dropped in channelRead
            channel.config().setAutoRead(true);
        }
    }

    /**
     * The gateway is stopping: the connection is read no further, and the messages already read are answered as
     * usual. Returns how many those are. On the connection's I/O thread, so no read is under way.
     */
    int stopReading(Channel channel) {
        stopped = true;
        channel.config().setAutoRead(false);
        int held = count.get();
        if (held == 0) {
            drained.complete(null); // answered() completes it otherwise, whichever of the two sees the last answer
        }
        // a sender that hung up gets no more ACKs: a flood's sender gone, the stop waited out its whole grace while
        // the messages it had pipelined were forwarded one by one, each ACK failing to be written
        channel.closeFuture().addListener(closed -> drained.complete(null));
        return held;
    }

    /** Completed once, after {@link #stopReading}, every message read has been answered or the connection closed. */
    CompletableFuture<Void> drained() {
        return drained;
    }

    /** Messages read and not yet answered, now. */
    int unanswered() {
        return count.get();
    }
}
