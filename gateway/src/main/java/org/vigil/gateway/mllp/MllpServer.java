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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MLLP listener: Netty framing on the I/O threads, HAPI parsing and mapping on a small pool; with a
 * TLS context, MLLP over TLS, and with mutual TLS only senders whose certificate a configured authority signed.
 */
public final class MllpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);
    /** The HL7 version the gateway reads every message as, and answers in when the sender's is not one it takes. */
    static final String VERSION = "2.5.1";
    /**
     * How long a stop waits for the messages already read to be answered. A server answering as usual answers in
     * milliseconds, and 10 s is the gateway's forward timeout: a message whose forward began as the stop began has
     * its answer (or the timeout's AR 207) by then unless a slower one is ahead of it. A message still unanswered
     * goes unanswered, and its sender resends it, as HL7's original mode expects. Well within what service managers
     * give a process to stop before they kill it (systemd 90 s, Kubernetes 30 s by default).
     */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** For the connections to close once drained: quick on an event loop that is not stuck. */
    private static final long CLOSE_WAIT_MILLIS = 2_000;

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
    /** The open connections; a closed one leaves by itself. */
    private final ChannelGroup connections = new DefaultChannelGroup("mllp", GlobalEventExecutor.INSTANCE);
    /** Set once {@link #close} begins; read by connections accepted as the listener closed. */
    private volatile boolean stopping;
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
                        connections.add(ch);
                        if (stopping) {
                            // accepted as the listener closed, perhaps after the stop listed the connections: it
                            // was added first, so the stop either drains it or this closes it, nothing read yet
                            ch.close();
                        }
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

    /**
     * Stops as an HL7 sender expects: no new connection, nothing more read on the open ones, every message already
     * read parsed, forwarded and answered on its still-open connection (for at most {@link #STOP_GRACE}); only then
     * are the connections closed and the parsing pool and event loops ended. Closing the pool first refused the
     * messages read in the meantime and closed their connections, and a message being forwarded was stored while
     * its ACK was never written, so its sender resent it (found by review).
     */
    @Override
    public void close() {
        close(STOP_GRACE);
    }

    /** As {@link #close()}, waiting at most {@code grace} for the messages already read. */
    void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        stopping = true;
        channel.close().syncUninterruptibly();
        List<Future<Draining>> stops = new ArrayList<>();
        for (Channel c : connections) {
            // on the connection's I/O thread: between two reads, so every frame read is counted before it stops
            stops.add(c.eventLoop().submit(() -> {
                Unanswered unanswered = c.pipeline().get(Unanswered.class);
                return unanswered == null ? null : new Draining(unanswered, unanswered.stopReading(c));
            }));
        }
        List<Draining> draining = new ArrayList<>();
        for (Future<Draining> stop : stops) {
            if (stop.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && stop.isSuccess() && stop.getNow() != null) {
                draining.add(stop.getNow());
            }
        }
        try {
            CompletableFuture.allOf(draining.stream().map(d -> d.connection().drained()).toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the grace is over: what is still unanswered goes unanswered
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // asked to hurry: close now, as after the grace
        }
        int held = draining.stream().mapToInt(Draining::held).sum();
        int left = draining.stream().mapToInt(d -> d.connection().unanswered()).sum();
        // counts only: the log names no patient (docs/security.md)
        LOG.info("MLLP stopping: {} connections closed; {} messages read before the stop answered, {} unanswered (their"
                + " senders resend them)", draining.size(), held - left, left);
        connections.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
        // turns still waiting are dropped: their connections are closed, so they could not be answered, and
        // forwarding them would only store what their senders resend
        parsing.shutdownNow();
        io.shutdownGracefully();
        boss.shutdownGracefully();
    }

    /**
     * Whether this listener's parsing pool has ended, its threads gone, waiting at most {@code wait}: asked of the
     * pool itself, since another listener in the process has threads of the same name.
     */
    boolean parsingEnded(Duration wait) throws InterruptedException {
        return parsing.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A connection being stopped, and how many of its messages were read and unanswered when it stopped reading. */
    private record Draining(Unanswered connection, int held) {
    }
}
