package org.vigil.gateway.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * A request must have arrived whole (request line, headers and body) within the edge's timeout of its first byte,
 * or its connection is closed. The read timeout alone restarts with every byte, so a tablet endpoint open to the
 * internet could be held for ever by a body trickled a byte a minute, or by headers sent a line every few seconds
 * (found by an independent check: open after 240 s). One per connection, as two handlers on either side of the HTTP
 * codec sharing one deadline: a request's first byte (raw) arms it, its last content (decoded) ends it. Requests on a
 * connection come one after another; all on the connection's event loop.
 */
final class RequestDeadline {
    private final long seconds;
    private ScheduledFuture<?> deadline;

    RequestDeadline(long seconds) {
        this.seconds = seconds;
    }

    /** Before the codec: the first byte of a request arms the deadline. */
    ChannelHandler firstByte() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (deadline == null && msg instanceof ByteBuf b && b.isReadable()) {
                    deadline = ctx.executor().schedule((Runnable) ctx::close, seconds, TimeUnit.SECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                end();
                ctx.fireChannelInactive();
            }
        };
    }

    /** After the codec: the request's last content ends it. */
    ChannelHandler lastContent() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof LastHttpContent) {
                    end();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void end() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
