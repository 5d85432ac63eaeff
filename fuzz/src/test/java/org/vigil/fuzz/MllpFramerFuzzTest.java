package org.vigil.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.vigil.gateway.mllp.MllpFrameDecoder;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLLP framer (gateway/mllp): any bytes, cut into any reads, give whole frames within the size limit or an
 * oversized-frame or unreadable-character-set marker — no exception, no frame holding an end marker, the channel still open.
 */
class MllpFramerFuzzTest {
    private static final int LIMIT = 64;

    @FuzzTest
    void framer(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(LIMIT));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 40));
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                Object o;
                while ((o = ch.readInbound()) != null) {
                    if (o instanceof String frame) {
                        assertTrue(frame.getBytes(StandardCharsets.UTF_8).length <= LIMIT * 3, "frame over the limit");
                        assertFalse(frame.contains("\u001c\r"), "a frame holds an end marker");
                    } else {
                        assertTrue(o instanceof MllpFrameDecoder.OversizedFrame || o instanceof MllpFrameDecoder.UnreadableCharset,
                                "unexpected " + o);
                    }
                }
                assertTrue(ch.isOpen());
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
