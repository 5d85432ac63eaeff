package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.Hl7Rejection;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One MLLP connection: each framed message is parsed (HAPI), mapped to events and forwarded; the sender gets AA
 * (or CA) only after the server journaled them, and otherwise an AE/AR (CE/CR) whose ERR names the table 0357
 * code and the segment and field at fault ({@link Acks}). Messages on one connection are answered in order. Runs on its own executor group, off the I/O threads, because HL7 parsing is ~150 µs a message.
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
            ack = CompletableFuture.completedFuture(Acks.raw(big.head(), AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR,
                    null, "message longer than " + big.limit() + " bytes: not read"));
        } else {
            String text = (String) frame;
            try {
                ack = handle(text);
            } catch (RuntimeException e) {
                ack = CompletableFuture.failedFuture(e);
            }
            // whatever fails while a message is processed, it still gets its one ACK: a failed future here would
            // fail every later link of the chain, and the connection would never be answered again
            ack = ack.exceptionally(e -> {
                LOG.error("processing an HL7 message failed", e);
                return Acks.raw(text, AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                        "Vigil could not process this message (internal error); resend later");
            });
        }
        // answer in arrival order even when a later message is quicker to process; the chain never stays failed
        previous = previous.thenCombine(ack, (v, a) -> a).thenAccept(a -> write(ctx, a)).exceptionally(e -> {
            LOG.warn("MLLP: an ACK to {} could not be written: {}", ctx.channel().remoteAddress(), e.toString());
            return null;
        });
    }

    /** Parse, map, forward; the ACK says what became of the message (see {@link Acks}). */
    private CompletableFuture<String> handle(String text) {
        Parser parser = hapi.getPipeParser();
        Message msg;
        try {
            msg = parser.parse(text.replace("\r\n", "\r").replace('\n', '\r'));
        } catch (HL7Exception e) {
            ErrorCode code = e.getError() == null || e.getError() == ErrorCode.APPLICATION_INTERNAL_ERROR
                    ? ErrorCode.DATA_TYPE_ERROR : e.getError();
            return CompletableFuture.completedFuture(Acks.raw(text, Acks.ackCode(code, false), code, null, "unparseable HL7: " + e.getMessage()));
        } catch (RuntimeException e) {
            // HAPI's parser throws unchecked exceptions on some malformed input: still the sender's text at fault
            return CompletableFuture.completedFuture(Acks.raw(text, AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR, null,
                    "unparseable HL7: " + e));
        }
        Hl7Mapper.Mapped mapped;
        try {
            mapped = mapper.map(msg);
        } catch (Hl7Rejection e) {
            return CompletableFuture.completedFuture(Acks.refused(msg, e));
        } catch (RuntimeException e) {
            LOG.error("mapping failed on a parsed message", e);
            return CompletableFuture.completedFuture(Acks.refused(msg, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                    "Vigil could not map this message (internal error); resend later"));
        }
        if (mapped.events().isEmpty()) {
            return CompletableFuture.completedFuture(Acks.accepted(msg)); // e.g. a merge of a record into itself
        }
        return server.send(mapped.events()).thenApply(r -> answer(msg, mapped, r));
    }

    /** The server's answer as an ACK: only a 200 (journaled) is an acceptance. */
    private static String answer(Message msg, Hl7Mapper.Mapped mapped, ServerClient.Result r) {
        if (r.stored()) {
            return Acks.accepted(msg);
        }
        if (r.status() == 400) {
            String field = ServerClient.field(r.body());
            if (!"unit".equals(field)) {
                // the server's validation refused a value the message carried (e.g. a temperature of 50 °C); a 400
                // naming no field (a proxy's page, JSON without "field") is a refusal too, but of no known place
                Hl7Rejection.Where where = field == null ? null : mapped.sources().get(field);
                return Acks.refused(msg, ErrorCode.DATA_TYPE_ERROR, where, "refused by Vigil: " + ServerClient.error(r.body()));
            }
        }
        // A unit the server does not know or a token without its scope is the gateway's configuration, a 429 or
        // 5xx or no answer is Vigil busy or down: none is the sender's fault, and resending later is right.
        return Acks.refused(msg, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                "not stored (Vigil answered " + r.status() + ": " + ServerClient.error(r.body()) + "); resend later");
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
