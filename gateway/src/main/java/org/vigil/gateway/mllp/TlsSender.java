package org.vigil.gateway.mllp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Says in the log who each MLLP-over-TLS connection is: with mutual TLS the sender's certificate subject, so an
 * interface team can tell which engine sent what. A failed handshake (no certificate, an unknown authority, a
 * plain client on the TLS port) reaches {@link Hl7Handler#exceptionCaught}, which logs it and closes the connection.
 */
final class TlsSender extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSender.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            LOG.info("MLLP over TLS from {}: {}", ctx.channel().remoteAddress(), sender(ctx));
        }
        super.userEventTriggered(ctx, event);
    }

    private static String sender(ChannelHandlerContext ctx) {
        try {
            return "sender " + ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "no sender certificate asked for";
        }
    }
}
