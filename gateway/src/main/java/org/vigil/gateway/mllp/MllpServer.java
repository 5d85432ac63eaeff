package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The MLLP listener: Netty framing on the I/O threads, HAPI parsing and mapping on a small pool; with a
 * TLS context, MLLP over TLS, and with mutual TLS only senders whose certificate a configured authority signed.
 */
public final class MllpServer implements AutoCloseable {
    /** The HL7 version the gateway reads every message as, and answers in when the sender's is not one it takes. */
    static final String VERSION = "2.5.1";

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /**
     * Every connection's parsing and mapping, a connection one message at a time ({@link ParsingTurns}). Half the
     * cores: the server runs on the same host (it binds loopback), and MLLP has no authentication of its own, so
     * senders busy at the parse limits must not take every core from the engine; at least two, so that one message
     * at the limits never holds the whole pool.
     */
    private final ExecutorService parsing = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors() / 2), new DefaultThreadFactory("mllp-parsing"));
    private final Channel channel;

    /** {@code tls}: null for plain TCP (docs/security.md says what then protects the port). */
    public MllpServer(String host, int port, SslContext tls, int maxMessageBytes, Hl7Mapper mapper, ServerClient server)
            throws InterruptedException {
        HapiContext hapi = hapiContext();
        channel = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Unanswered unanswered = new Unanswered();
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()), new TlsSender());
                        }
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(300))
                                .addLast(new MllpFrameDecoder(maxMessageBytes))
                                .addLast(unanswered)
                                .addLast(new Hl7Handler(hapi, mapper, server, unanswered, parsing));
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
    }

    /** How the gateway parses HL7 v2: every 2.x version into the 2.5.1 structures the mapper reads. */
    public static HapiContext hapiContext() {
        HapiContext hapi = new DefaultHapiContext();
        // ACK control ids (MSH-10), unique across restarts; the default generator writes a file into the working directory
        hapi.getParserConfiguration().setIdGenerator(new AckControlIds());
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.setModelClassFactory(new CanonicalModelClassFactory(VERSION));
        return hapi;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        parsing.shutdown();
        io.shutdownGracefully();
        boss.shutdownGracefully();
    }
}
