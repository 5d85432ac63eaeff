package org.vigil.gateway.mllp;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.Parser;
import ca.uhn.hl7v2.util.idgenerator.IDGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.ServerClient;
import org.vigil.gateway.hl7.Hl7Mapper;
import org.vigil.gateway.hl7.Hl7Rejection;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One MLLP connection: each framed message is parsed (HAPI), mapped to events and forwarded; the sender gets AA
 * (or CA) only after the server journaled them, and otherwise an AE/AR (CE/CR) whose ERR names the table 0357
 * code and the segment and field at fault ({@link Acks}). Messages on one connection are forwarded and answered
 * in order. Parsing and mapping (~150 µs a message, up to a fraction of a second at {@link ParseLimits}) run off
 * the I/O thread, in the connection's {@link ParsingTurns} on the pool every connection shares, so the I/O thread
 * stays free to read and write the other connections' bytes and a connection's backlog waits its turns.
 */
public final class Hl7Handler extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Handler.class);

    private final HapiContext hapi;
    /** MSH-10 of the ACKs built without HAPI, from the generator HAPI's own take theirs from. */
    private final IDGenerator ids;
    private final Hl7Mapper mapper;
    private final ServerClient server;
    private final Unanswered unanswered;
    private final ParsingTurns turns;
    /** The last message's ACK written (or failed to be); only {@link #handle} moves it, in the connection's turns. */
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    /** {@code parsing}: the pool every connection's messages are parsed and mapped on. */
    Hl7Handler(HapiContext hapi, Hl7Mapper mapper, ServerClient server, Unanswered unanswered, Executor parsing) {
        this.hapi = hapi;
        this.ids = hapi.getParserConfiguration().getIdGenerator();
        this.mapper = mapper;
        this.server = server;
        this.unanswered = unanswered;
        this.turns = new ParsingTurns(parsing);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object frame) {
        turns.execute(() -> {
            try {
                handle(ctx, frame);
            } catch (Throwable e) {
                // what reaches here escaped handle's own answers (an Error: a HAPI class that failed to load, a stack
                // overflow): logged and the connection closed, as Netty did when the handler ran in its pipeline, so
                // the sender, with no ACK, resends on a new connection (found by review)
                exceptionCaught(ctx, e);
            }
        });
    }

    private void handle(ChannelHandlerContext ctx, Object frame) {
        String text = frame instanceof MllpFrameDecoder.OversizedFrame big ? big.head()
                : frame instanceof MllpFrameDecoder.UnreadableCharset unreadable ? unreadable.head() : (String) frame;
        Supplier<CompletableFuture<String>> reply;
        try {
            reply = reply(frame); // parsing and mapping overlap the forward of the message before
        } catch (RuntimeException e) {
            reply = () -> CompletableFuture.failedFuture(e);
        }
        Supplier<CompletableFuture<String>> next = reply;
        // A connection's messages reach the server one at a time, in the order sent: the server applies what it
        // receives in arrival order, and a sender's order is the order things happened on its ward (HL7 original
        // mode is one message at a time, §2.9.2; a pipelining sender must not have an A02 overtake its A01).
        // Connections stay concurrent. Whatever fails, a message still gets its one ACK and the chain goes on.
        CompletableFuture<String> ack = previous.thenCompose(v -> next.get()).exceptionally(e -> {
            LOG.error("processing an HL7 message failed", e);
            return Acks.raw(ids, text, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                    "Vigil could not process this message (internal error); resend later");
        });
        previous = ack.thenAccept(a -> write(ctx, a)).exceptionally(e -> {
            couldNotWrite(ctx, e);
            return null;
        });
    }

    /**
     * Parse and map now; what the supplier returns is the ACK, forwarding first if there is anything to store
     * (see {@link Acks}).
     */
    private Supplier<CompletableFuture<String>> reply(Object frame) {
        if (frame instanceof MllpFrameDecoder.OversizedFrame big) {
            return answered(Acks.raw(ids, big.head(), ErrorCode.DATA_TYPE_ERROR, null,
                    "message longer than " + big.limit() + " bytes: not read"));
        }
        if (frame instanceof MllpFrameDecoder.UnreadableCharset unreadable) {
            return answered(Acks.raw(ids, unreadable.head(), ErrorCode.TABLE_VALUE_NOT_FOUND,
                    Hl7Rejection.Where.field("MSH", 18), "character set '" + unreadable.msh18()
                            + "' is not one Vigil reads (" + Hl7Charset.READ + "; HL7 table 0211)"));
        }
        String text = (String) frame;
        String heavy = ParseLimits.exceeded(text);
        if (heavy != null) {
            return answered(Acks.raw(ids, text, ErrorCode.DATA_TYPE_ERROR, null, heavy + ": not read (Vigil's parse limits)"));
        }
        Parser parser = hapi.getPipeParser();
        Message msg;
        try {
            msg = parser.parse(text.replace("\r\n", "\r").replace('\n', '\r'));
        } catch (HL7Exception e) {
            ParseRefusal r = ParseRefusal.of(text, e);
            return answered(Acks.raw(ids, text, r.code(), r.where(), "unparseable HL7: " + e.getMessage()));
        } catch (RuntimeException e) {
            // HAPI's parser throws unchecked exceptions on some malformed input: still the sender's text at fault
            return answered(Acks.raw(ids, text, ErrorCode.DATA_TYPE_ERROR, null, "unparseable HL7: " + e));
        }
        Hl7Mapper.Mapped mapped;
        try {
            mapped = mapper.map(msg);
        } catch (Hl7Rejection e) {
            return answered(Acks.refused(msg, e));
        } catch (RuntimeException e) {
            LOG.error("mapping failed on a parsed message", e);
            return answered(Acks.refused(msg, ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                    "Vigil could not map this message (internal error); resend later"));
        }
        if (mapped.events().isEmpty()) {
            return answered(Acks.accepted(msg)); // e.g. a merge of a record into itself
        }
        return () -> server.send(mapped.events()).thenApply(r -> answer(msg, mapped, r));
    }

    private static Supplier<CompletableFuture<String>> answered(String ack) {
        CompletableFuture<String> done = CompletableFuture.completedFuture(ack);
        return () -> done;
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
        // 5xx or no answer is Vigil busy or down: none is the sender's fault, and resending later is right. Without
        // an answer the server may have journaled it: "not stored" would be untrue, and the resend is safe.
        String why = r.status() + ": " + ServerClient.error(r.body());
        return Acks.refused(msg, ErrorCode.APPLICATION_INTERNAL_ERROR, null, r.maybeStored()
                ? "no answer from Vigil in time (" + why + "): it may or may not have been stored; resend it unchanged,"
                        + " a resend is recognised by its event id and acknowledged AA (CA) without being stored twice"
                : "not stored (Vigil answered " + why + "); resend later");
    }

    /**
     * The ACK in the character set its MSH-18 declares (the message's, see {@link Acks}), UTF-8 when empty. The
     * message counts as answered only once its ACK is written to the socket (or failed to be): a sender that
     * pipelines and never reads its ACKs would otherwise be read for ever, its ACKs piling up in the gateway's
     * memory (an audit grew the gateway by 2.3 GB in 40 s from one such connection); counted, it meets
     * {@link Unanswered}'s limit and TCP's back-pressure like a sender waiting on a slow server.
     */
    private void write(ChannelHandlerContext ctx, String ack) {
        Charset charset = Hl7Charset.of(RawMsh.of(ack).first(18));
        byte[] body = ack.getBytes(charset == null ? StandardCharsets.UTF_8 : charset);
        ByteBuf out = ctx.alloc().buffer(body.length + 3);
        out.writeByte(MllpFrameDecoder.START).writeBytes(body).writeByte(MllpFrameDecoder.END_1).writeByte(MllpFrameDecoder.END_2);
        ctx.writeAndFlush(out).addListener(written -> {
            if (written.isSuccess()) {
                unanswered.answered(ctx.channel());
            } else {
                couldNotWrite(ctx, written.cause());
            }
        });
    }

    /** An ACK that could not be written (the sender hung up, or a failure before the write): still answered. */
    private void couldNotWrite(ChannelHandlerContext ctx, Throwable e) {
        LOG.warn("MLLP: an ACK to {} could not be written: {}", ctx.channel().remoteAddress(), e.toString());
        unanswered.answered(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("MLLP connection from {} failed: {}", ctx.channel().remoteAddress(), reason(cause));
        ctx.close();
    }

    /**
     * Why a connection failed, for the log. Plain MLLP on a TLS port is said as such: Netty's own message quotes the
     * bytes it got in hex, and those are an HL7 message with a patient's name and NHS number.
     */
    static String reason(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return c instanceof NotSslRecordException ? "plain MLLP (not TLS) on the TLS port; its bytes not logged"
                : c.toString();
    }
}
