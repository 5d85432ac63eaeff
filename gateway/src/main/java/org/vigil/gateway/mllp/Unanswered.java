package org.vigil.gateway.mllp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages read from one connection whose ACKs are not yet written. A sender may pipeline without waiting for
 * its ACKs, and one connection's messages go to the server one at a time, so a flood would queue in the gateway's
 * memory; and a sender that does not read its ACKs would have them queue there instead: past {@link #MOST}
 * unanswered, the connection is not read until half of them have been answered, and the sender meets TCP's
 * back-pressure instead. Reads are counted on the connection's I/O thread, before parsing.
 */
final class Unanswered extends ChannelInboundHandlerAdapter {
    /** Far above what a sender in HL7's original mode (one message, then its ACK) ever has outstanding. */
    static final int MOST = 256;
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object frame) {
        if (count.incrementAndGet() >= MOST) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(frame);
    }

    /** One message answered (its ACK written, or failed to be): any thread. */
    void answered(Channel channel) {
        if (count.decrementAndGet() <= MOST / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }
}
