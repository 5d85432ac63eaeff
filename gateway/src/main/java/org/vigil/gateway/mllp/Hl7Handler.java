package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.events.Event;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.UnmappableException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One MLLP connection: each framed message is parsed (HAPI), mapped to events and forwarded; the sender gets AA
 * only after the server journaled them, AR with an ERR segment for a message that cannot be accepted as it is,
 * and AE when the server could not store it now (the sender retries). Messages on one connection are answered
 * in order. Runs on its own executor group, off the I/O threads, because HL7 parsing is ~150 µs a message.
 */
public final class Hl7Handler extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Handler.class);

    private final HapiContext hapi;
    private final Hl7Mapper mapper;
    private final ServerClient server;
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    public Hl7Handler(HapiContext hapi, Hl7Mapper mapper, ServerClient server) {
        this.hapi = hapi;
        this.mapper = mapper;
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object frame) {
        CompletableFuture<String> ack;
        if (frame instanceof MllpFrameDecoder.OversizedFrame big) {
            ack = CompletableFuture.completedFuture(Acks.raw(big.head(), AcknowledgmentCode.AR,
                    "message longer than " + big.limit() + " bytes"));
        } else {
            ack = handle((String) frame);
        }
        // answer in arrival order even when a later message is quicker to process
        previous = previous.thenCombine(ack, (v, a) -> a).thenAccept(a -> write(ctx, a));
    }

    private CompletableFuture<String> handle(String text) {
        Parser parser = hapi.getPipeParser();
        Message msg;
        try {
            msg = parser.parse(text.replace("\r\n", "\r").replace('\n', '\r'));
        } catch (HL7Exception | RuntimeException e) {
            return CompletableFuture.completedFuture(Acks.raw(text, AcknowledgmentCode.AR, "unparseable HL7: " + e.getMessage()));
        }
        List<Event> events;
        try {
            events = mapper.map(msg);
        } catch (UnmappableException e) {
            return CompletableFuture.completedFuture(Acks.of(msg, AcknowledgmentCode.AR, e.getMessage()));
        } catch (HL7Exception | RuntimeException e) {
            return CompletableFuture.completedFuture(Acks.of(msg, AcknowledgmentCode.AR, "unreadable field: " + e.getMessage()));
        }
        return server.send(events).thenApply(r -> {
            if (r.stored()) {
                return Acks.of(msg, AcknowledgmentCode.AA, null);
            }
            if (r.status() >= 400 && r.status() < 500 && r.status() != 429) {
                return Acks.of(msg, AcknowledgmentCode.AR, "rejected by Vigil (" + r.status() + "): " + r.body());
            }
            return Acks.of(msg, AcknowledgmentCode.AE, "not stored, retry later (" + r.status() + ")");
        });
    }

    private static void write(ChannelHandlerContext ctx, String ack) {
        byte[] body = ack.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = ctx.alloc().buffer(body.length + 3);
        out.writeByte(MllpFrameDecoder.START).writeBytes(body).writeByte(MllpFrameDecoder.END_1).writeByte(MllpFrameDecoder.END_2);
        ctx.writeAndFlush(out);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("MLLP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
