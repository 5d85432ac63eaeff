package org.vigil.gateway.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * A request must have arrived whole (headers to last byte of body) within the edge's timeout of its start, or its
 * connection is closed. The read timeout alone restarts with every byte, so a tablet endpoint open to the internet
 * could be held by bodies trickled a byte a minute (the server's own edge closes the same case). One per connection;
 * requests on a connection come one after another.
 */
final class BodyDeadline extends ChannelDuplexHandler {
    private final long seconds;
    private ScheduledFuture<?> deadline;

    BodyDeadline(long seconds) {
        this.seconds = seconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest && deadline == null) {
            deadline = ctx.executor().schedule((Runnable) ctx::close, seconds, TimeUnit.SECONDS);
        }
        if (msg instanceof LastHttpContent) {
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
