package org.vigil.gateway.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MLLP framing: {@code 0x0B message 0x1C 0x0D}. Frames may arrive split across reads or several in one read;
 * bytes outside a frame are skipped; a start block inside a frame starts a new one, dropping the unterminated
 * frame before it (never delivered); both are reported per connection, never per read. A frame longer than the
 * limit is not buffered: its start is kept (for the MSH, so the sender still gets an AE) and the rest discarded up
 * to the end marker.
 */
public final class MllpFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(MllpFrameDecoder.class);
    static final byte START = 0x0B;
    static final byte END_1 = 0x1C;
    static final byte END_2 = 0x0D;

    /** A frame over the size limit: what is known of it is its beginning. */
    public record OversizedFrame(String head, int limit) {}

    /** A frame in a character set Vigil does not read: its beginning (MSH is ASCII) and the MSH-18 it declared. */
    public record UnreadableCharset(String head, String msh18) {}

    /**
     * How often a connection's noise is reported while it goes on. Reported per read or per start block, a peer
     * sending 0x0B bytes made a warning of each: 354 MB of log in 8 s, and the I/O thread, busy writing it,
     * answered every other sender seconds late (found by an independent audit).
     */
    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int maxFrameBytes;
    private boolean inFrame;
    private boolean discarding;
    private String oversizedHead;
    /** Noise not yet reported: bytes outside frames, and frames a start block cut short. */
    private long skippedBytes;
    private long droppedFrames;
    private long lastReport;
    private boolean reported;

    public MllpFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (!inFrame) {
                int start = in.indexOf(in.readerIndex(), in.writerIndex(), START);
                int skipped = (start < 0 ? in.writerIndex() : start) - in.readerIndex();
                if (skipped > 0) {
                    skippedBytes += skipped;
                    report(ctx, false);
                }
                if (start < 0) {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                in.readerIndex(start + 1);
                inFrame = true;
            }
            int end = findEnd(in);
            int limit = end < 0 ? in.writerIndex() : end;
            int restart = in.indexOf(in.readerIndex(), limit, START);
            if (restart >= 0) {
                // MLLP payloads never hold a start block: this one begins the next frame, and the frame before
                // it lost its end (a sender that reconnected, or cut a message short). Delivering the cut
                // message would store it incomplete and swallow the next one; dropped unanswered, it is resent.
                // Every start block up to the end (or the data so far) does the same, so the frame begins after
                // the last of them, found in one pass: searched again for each, a run of start blocks cost the
                // square of its length on the thread all MLLP connections share.
                int last = restart;
                for (int i = restart + 1; i < limit; i++) {
                    if (in.getByte(i) == START) {
                        droppedFrames++;
                        last = i;
                    }
                }
                droppedFrames++;
                report(ctx, false);
                in.readerIndex(last + 1);
                discarding = false;
                oversizedHead = null;
                continue;
            }
            if (end < 0) {
                if (!discarding && in.readableBytes() > maxFrameBytes) {
                    discarding = true;
                    oversizedHead = in.toString(in.readerIndex(), Math.min(in.readableBytes(), 1024), StandardCharsets.UTF_8);
                }
                if (discarding) {
                    // keep the last byte: it may be the first half of the end marker
                    in.skipBytes(Math.max(0, in.readableBytes() - 1));
                }
                return;
            }
            int length = end - in.readerIndex();
            if (discarding || length > maxFrameBytes) {
                String head = discarding ? oversizedHead : in.toString(in.readerIndex(), Math.min(length, 1024), StandardCharsets.UTF_8);
                out.add(new OversizedFrame(head, maxFrameBytes));
                discarding = false;
                oversizedHead = null;
            } else {
                // MSH-18 says how the rest is encoded; MSH itself is ASCII, so it is read before decoding
                String head = in.toString(in.readerIndex(), Math.min(length, 1024), StandardCharsets.ISO_8859_1);
                String msh18 = RawMsh.of(head).first(18);
                Charset charset = Hl7Charset.of(msh18);
                out.add(charset == null ? new UnreadableCharset(head, msh18) : in.toString(in.readerIndex(), length, charset));
            }
            in.readerIndex(end + 2);
            inFrame = false;
        }
    }

    private static int findEnd(ByteBuf in) {
        int from = in.readerIndex();
        while (true) {
            int i = in.indexOf(from, in.writerIndex(), END_1);
            if (i < 0 || i + 1 >= in.writerIndex()) {
                return -1;
            }
            if (in.getByte(i + 1) == END_2) {
                return i;
            }
            from = i + 1;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        report(ctx, true);
    }

    /** The connection's noise since the last report: the first at once, then at most once a minute, and at its end. */
    private void report(ChannelHandlerContext ctx, boolean end) {
        if (skippedBytes == 0 && droppedFrames == 0) {
            return;
        }
        long now = System.nanoTime();
        if (!end && reported && now - lastReport < REPORT_EVERY_NANOS) {
            return;
        }
        LOG.warn("MLLP: from {}: skipped {} bytes outside a frame; {} frames had no end block before the next start"
                + " block: dropped, not acknowledged", ctx.channel().remoteAddress(), skippedBytes, droppedFrames);
        skippedBytes = 0;
        droppedFrames = 0;
        lastReport = now;
        reported = true;
    }
}
