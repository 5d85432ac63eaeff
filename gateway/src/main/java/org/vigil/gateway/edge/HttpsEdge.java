package org.vigil.gateway.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.vigil.organisation.tokens.Tokens;

import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;

/**
 * The HTTPS edge for care-home tablets and feeds: TLS, bearer-token check, per-token rate limit, body limit and
 * bounded in-flight forwards, in front of the server's ingest, NEWS2 and residents endpoints.
 */
public final class HttpsEdge implements AutoCloseable {
    /**
     * Limits of the edge; {@code burst} is the bucket size (twice the rate by default); a connection silent for
     * {@code idleSeconds}, or a request not whole that long after it began, is closed.
     */
    public record Limits(int ratePerSecond, int burst, int maxBodyBytes, int maxInFlight, int idleSeconds) {
        /** As the server's edge (its {@code --idle-timeout} default). */
        public static final int IDLE_SECONDS = 120;
    }

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel channel;

    public HttpsEdge(String host, int port, SslContext ssl, Tokens tokens, Upstream upstream, Limits limits)
            throws InterruptedException {
        TokenBuckets rates = new TokenBuckets(limits.ratePerSecond(), limits.burst(), System::nanoTime);
        Semaphore inFlight = new Semaphore(limits.maxInFlight());
        channel = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RequestDeadline deadline = new RequestDeadline(limits.idleSeconds());
                        ch.pipeline()
                                .addLast(ssl.newHandler(ch.alloc()))
                                .addLast(new ReadTimeoutHandler(limits.idleSeconds()))
                                .addLast(deadline.firstByte())
                                .addLast(new HttpServerCodec())
                                .addLast(deadline.lastContent())
                                .addLast(new EdgeGate(tokens, rates, limits.maxBodyBytes()))
                                .addLast(new Aggregator(limits.maxBodyBytes()))
                                .addLast(new EdgeHandler(upstream, inFlight));
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        io.shutdownGracefully();
        boss.shutdownGracefully();
    }

    /** Over-long bodies become a 413 in turn with the connection's other answers; the rest of the body is dropped. */
    private static final class Aggregator extends HttpObjectAggregator {
        private final int max;

        Aggregator(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.fireChannelRead(new Reject(413, "request body larger than " + max + " bytes", 0,
                    HttpUtil.isKeepAlive(oversized), false));
        }
    }
}
