package org.vigil.gateway.mllp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MllpFrameDecoderTest {
    static List<Object> decode(byte[] stream, int chunk, int limit) {
        EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(limit));
        for (int at = 0; at < stream.length; at += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(chunk, stream.length - at)));
        }
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    /**
     * A start block inside a frame starts a new frame (MLLP: the payload never holds one): the unterminated frame
     * before it is dropped, never delivered cut short, and the next frame arrives whole — in whatever reads.
     */
    @ParameterizedTest(name = "read {0} bytes at a time")
    @ValueSource(ints = {1, 7, 64, 4096})
    void aStartBlockInsideAFrameDropsTheUnterminatedFrame(int chunk) {
        String cut = "MSH|^~\\&|EOBS|BFW|||20261123||ORU^R01|CUT|P|2.5.1\rOBX|1|NM|9279-1^RR^LN||18|/min\r";
        String whole = "MSH|^~\\&|EOBS|BFW|||20261123||ORU^R01|WHOLE|P|2.5.1\rOBX|1|NM|9279-1^RR^LN||18|/min\r";
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(0x0B);
        stream.writeBytes(cut.getBytes(StandardCharsets.US_ASCII));
        stream.write(0x0B);
        stream.writeBytes(whole.getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(new byte[]{0x1C, 0x0D});
        assertEquals(List.of(whole), decode(stream.toByteArray(), chunk, 4096));
    }

    /** The same when the unterminated frame was already over the size limit: it is not reported as oversized. */
    @ParameterizedTest(name = "read {0} bytes at a time")
    @ValueSource(ints = {1, 7, 64, 4096})
    void aStartBlockEndsAnOversizedUnterminatedFrameToo(int chunk) {
        String whole = "MSH|^~\\&|EOBS|BFW|||20261123||ORU^R01|WHOLE|P|2.5.1\r";
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(0x0B);
        stream.writeBytes("x".repeat(300).getBytes(StandardCharsets.US_ASCII));
        stream.write(0x0B);
        stream.writeBytes(whole.getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(new byte[]{0x1C, 0x0D});
        assertEquals(List.of(whole), decode(stream.toByteArray(), chunk, 100));
    }

    /**
     * Bytes outside frames and frames cut short by a start block are reported per connection, not per read or per
     * start block: a peer sending 0x0B bytes had the gateway write a warning for each (an audit's 8 s of them wrote
     * 354 MB of log, and the I/O thread, busy logging, answered other senders' messages 3.8 s late). The first is
     * told at once, the totals when the connection ends (or at most once a minute while it goes on).
     */
    @Test
    void noiseIsReportedPerConnectionNotPerReadOrStartBlock() {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Object> frames = new ArrayList<>();
        try {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(4096));
            for (int i = 0; i < 10_000; i++) {
                ch.writeInbound(Unpooled.wrappedBuffer("noise".getBytes(StandardCharsets.US_ASCII)));
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x0B, 0x0B}));
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x1C, 0x0D}));
            }
            Object o;
            while ((o = ch.readInbound()) != null) {
                frames.add(o);
            }
            ch.finishAndReleaseAll();
        } finally {
            System.setErr(err);
        }
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("MllpFrameDecoder") && l.contains("embedded")).toList();
        assertTrue(lines.size() <= 2, lines.size() + " lines: " + lines.subList(0, Math.min(3, lines.size())));
        assertTrue(lines.get(lines.size() - 1).contains("10000 frames"), String.join("\n", lines));
        assertEquals(10_000, frames.size(), "each empty frame is still delivered");
    }

    /**
     * A run of start blocks is dropped in one pass: each start block searched the rest of the read for an end
     * block again, so a read of them cost the square of its length on the one thread every MLLP connection shares
     * (an audit's flood of 0x0B bytes held other senders' ACKs for 2 s; a megabyte of them in one read, minutes).
     */
    @Test
    void aMegabyteOfStartBlocksIsDroppedInOnePass() {
        byte[] stream = new byte[(1 << 20) + 64];
        java.util.Arrays.fill(stream, (byte) 0x0B);
        byte[] whole = "MSH|^~\\&|EOBS|BFW|||20261123||ORU^R01|WHOLE|P|2.5.1\r".getBytes(StandardCharsets.US_ASCII);
        byte[] withFrame = java.util.Arrays.copyOf(stream, stream.length + whole.length + 2);
        System.arraycopy(whole, 0, withFrame, stream.length, whole.length);
        withFrame[withFrame.length - 2] = 0x1C;
        withFrame[withFrame.length - 1] = 0x0D;
        List<Object> frames = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> decode(withFrame, withFrame.length, 2 << 20));
        assertEquals(List.of(new String(whole, StandardCharsets.US_ASCII)), frames);
    }
}
