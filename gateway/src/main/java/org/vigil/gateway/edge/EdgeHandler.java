package org.vigil.gateway.edge;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Forwards admitted requests and writes every answer in request order (HTTP/1.1 pipelining). The edge never
 * accepts on the server's behalf: 200 only when the server answered 200 (its body passed through), the server's
 * 4xx passed through as they are, and 503 with Retry-After when the server is unreachable, failing, or the
 * gateway already has as many forwards in flight as it allows.
 */
final class EdgeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeHandler.class);

    private final Upstream upstream;
    private final Semaphore inFlight;
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    EdgeHandler(Upstream upstream, Semaphore inFlight) {
        this.upstream = upstream;
        this.inFlight = inFlight;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Reject) {
            Reject r = (Reject) msg;
            queue(ctx, CompletableFuture.completedFuture(error(r.status(), r.message(), r.retryAfterSeconds())),
                    r.keepAlive() && !r.close());
            return;
        }
        if (!(msg instanceof FullHttpRequest)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        FullHttpRequest req = (FullHttpRequest) msg;
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String method = req.method().name();
        String uri = req.uri();
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        byte[] body = ByteBufUtil.getBytes(req.content());
        req.release();
        if (!inFlight.tryAcquire()) {
            queue(ctx, CompletableFuture.completedFuture(error(503, "gateway busy, retry later", 1)), keepAlive);
            return;
        }
        CompletableFuture<FullHttpResponse> answer = upstream.forward(method, uri, authorization, contentType, body)
                .thenApply(EdgeHandler::toResponse)
                .whenComplete((r, e) -> inFlight.release());
        queue(ctx, answer, keepAlive);
    }

    private void queue(ChannelHandlerContext ctx, CompletableFuture<FullHttpResponse> response, boolean keepAlive) {
        previous = previous.thenCombine(response, (v, r) -> r).thenAccept(r -> write(ctx, r, keepAlive));
    }

    static FullHttpResponse toResponse(Upstream.Answer a) {
        if (a.status() == 0) {
            return error(503, "Vigil server unreachable; nothing was stored, retry later", 1);
        }
        if (a.status() >= 500) {
            long retry = 1;
            try {
                retry = a.retryAfter() == null ? 1 : Math.max(1, Long.parseLong(a.retryAfter().trim()));
            } catch (NumberFormatException e) {
                // an HTTP-date Retry-After: our own one second is as good
            }
            if (a.status() == 503 && a.body() != null && a.body().length > 0) {
                return response(503, a.contentType(), a.body(), retry); // the server's own reason (busy, replaying)
            }
            return error(503, "Vigil server failed (" + a.status() + "); nothing is known to be stored, retry later", retry);
        }
        FullHttpResponse r = response(a.status(), a.contentType(), a.body() == null ? new byte[0] : a.body(), 0);
        if (a.retryAfter() != null) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, a.retryAfter());
        }
        return r;
    }

    static FullHttpResponse error(int status, String message, long retryAfterSeconds) {
        FullHttpResponse r = response(status, "application/json",
                Json.error(message).getBytes(StandardCharsets.UTF_8), retryAfterSeconds);
        if (status == 401) {
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        return r;
    }

    private static FullHttpResponse response(int status, String contentType, byte[] body, long retryAfterSeconds) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Strict-Transport-Security", "max-age=31536000")
                .set("X-Content-Type-Options", "nosniff");
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (retryAfterSeconds > 0) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return r;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(r);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) evt).isSuccess()) {
            LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(),
                    ((SslHandshakeCompletionEvent) evt).cause().toString());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ReadTimeoutException) && !(cause.getCause() instanceof SSLException)) {
            LOG.warn("HTTPS connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
