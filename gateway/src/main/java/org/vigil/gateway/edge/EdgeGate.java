package org.vigil.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.vigil.organisation.tokens.Tokens;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Decides on the request line and headers, before any body is buffered: route, bearer token, rate. A rejected
 * request becomes a {@link Reject} and its body is read and dropped, so an unauthenticated caller never costs
 * the gateway a buffer (and the client still reads the answer instead of a connection reset).
 */
final class EdgeGate extends ChannelInboundHandlerAdapter {
    private static final Pattern RESIDENTS = Pattern.compile("/api/v1/carehomes/[A-Za-z0-9_-]{1,64}/residents");

    private final Tokens tokens;
    private final TokenBuckets rates;
    private final int maxBodyBytes;
    private final long discardLimit;
    private boolean discarding;
    private long discarded;

    EdgeGate(Tokens tokens, TokenBuckets rates, int maxBodyBytes) {
        this.tokens = tokens;
        this.rates = rates;
        this.maxBodyBytes = maxBodyBytes;
        this.discardLimit = 4L * maxBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            HttpRequest req = (HttpRequest) msg;
            Reject reject = check(req);
            if (reject == null) {
                discarding = false;
                ctx.fireChannelRead(msg);
                return;
            }
            // the rest of this request's body (if any) is dropped; the answer goes down in its place
            discarding = !(msg instanceof LastHttpContent) && !reject.close();
            discarded = 0;
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(reject);
            return;
        }
        if (discarding && msg instanceof HttpContent) {
            discarded += ((HttpContent) msg).content().readableBytes();
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                discarding = false;
            } else if (discarded > discardLimit) {
                // someone streaming a huge body at a closed door: stop reading it
                ctx.close();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private Reject check(HttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            return new Reject(400, "malformed HTTP request", 0, false, true);
        }
        String path;
        try {
            path = new QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException malformedEscape) {
            // thrown out of the pipeline, it closed the connection unanswered (found by an independent check); the
            // server's answer to the same path, in the edge's words
            return new Reject(400, "path: not a valid URL path (a malformed %-escape?)", 0, keepAlive, false);
        }
        HttpMethod method = req.method();
        boolean post = path.equals("/api/v1/events") || path.equals("/api/v1/news2");
        boolean get = RESIDENTS.matcher(path).matches();
        if (!post && !get) {
            return new Reject(404, "no such endpoint at the gateway: " + method + " " + path, 0, keepAlive, false);
        }
        if (post != HttpMethod.POST.equals(method) || get != HttpMethod.GET.equals(method)) {
            return new Reject(405, "method " + method + " not allowed on " + path, 0, keepAlive, false);
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (tokens.authenticate(authorization) == null) {
            return new Reject(401, "missing or unknown bearer token", 0, keepAlive, false);
        }
        if (HttpUtil.getContentLength(req, -1L) > maxBodyBytes) {
            return new Reject(413, "request body larger than " + maxBodyBytes + " bytes", 0, keepAlive, false);
        }
        long waitNanos = rates.take(Tokens.sha256(authorization.substring(7).trim()));
        if (waitNanos > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            return new Reject(429, "rate limit for this token exceeded; retry after " + seconds + " s", seconds,
                    keepAlive, false);
        }
        return null;
    }
}
