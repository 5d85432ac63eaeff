package org.vigil.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.gateway.mllp.MllpFrameDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.GatewayHarness.ackCode;
import static org.vigil.gateway.GatewayHarness.admitA01;
import static org.vigil.gateway.GatewayHarness.control;
import static org.vigil.gateway.GatewayHarness.frame;

/**
 * Property-based tests (seeded, so a failure reproduces): the framer recovers every frame from any chunking with
 * noise between frames; the gateway answers every mutated message exactly once and never AA for a message that
 * is known to be bad.
 */
class MllpFuzzTest {
    @TempDir
    Path dir;

    @Test
    void theFramerFindsEveryFrameWhateverTheChunkingAndNoise() {
        Random random = new Random(20261123);
        for (int round = 0; round < 300; round++) {
            List<String> sent = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int frames = 1 + random.nextInt(5);
            for (int i = 0; i < frames; i++) {
                byte[] noise = new byte[random.nextInt(8)];
                random.nextBytes(noise);
                for (int j = 0; j < noise.length; j++) {
                    if (noise[j] == 0x0B) {
                        noise[j] = 'x'; // a start byte in the noise would (rightly) open a frame
                    }
                }
                stream.writeBytes(noise);
                String body = "MSH|^~\\&|F|F|||20261123101010||ADT^A01|C" + round + "-" + i + "|P|2.5.1\rPID|1||" + random.nextInt();
                sent.add(body);
                stream.write(0x0B);
                stream.writeBytes(body.getBytes(StandardCharsets.UTF_8));
                stream.write(0x1C);
                stream.write(0x0D);
            }
            byte[] all = stream.toByteArray();
            EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(4096));
            int at = 0;
            while (at < all.length) {
                int n = Math.min(all.length - at, 1 + random.nextInt(17));
                ch.writeInbound(Unpooled.wrappedBuffer(all, at, n));
                at += n;
            }
            List<String> got = new ArrayList<>();
            Object o;
            while ((o = ch.readInbound()) != null) {
                got.add((String) o);
            }
            assertEquals(sent, got, "round " + round);
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void randomBytesNeverCrashTheFramer() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] junk = new byte[random.nextInt(5000)];
            random.nextBytes(junk);
            EmbeddedChannel ch = new EmbeddedChannel(new MllpFrameDecoder(1024));
            ch.writeInbound(Unpooled.wrappedBuffer(junk));
            Object o;
            while ((o = ch.readInbound()) != null) {
                assertTrue(o instanceof String || o instanceof MllpFrameDecoder.OversizedFrame
                        || o instanceof MllpFrameDecoder.UnreadableCharset);
            }
            assertTrue(ch.isOpen());
            ch.finishAndReleaseAll();
        }
    }

    /** Mutations that make a message unacceptable, each with the reason the oracle knows it is bad. */
    @Test
    void mutatedMessagesAreAnsweredOnceAndNeverAaWhenBad() throws Exception {
        try (GatewayHarness gw = new GatewayHarness(dir)) {
            Random random = new Random(42);
            int bad = 0;
            for (int round = 0; round < 60; round++) {
                String good = admitA01(control(), "9434765919", "W12", "B" + round);
                String mutated;
                boolean knownBad;
                switch (random.nextInt(6)) {
                    case 0 -> {
                        String nhs = "94347659" + random.nextInt(10) + random.nextInt(10);
                        mutated = good.replace("9434765919", nhs);
                        knownBad = !org.vigil.gateway.hl7.NhsNumber.valid(nhs);
                    }
                    case 1 -> {
                        mutated = good.replace("W12^", "W" + (50 + random.nextInt(40)) + "^");
                        knownBad = true; // not in the location map
                    }
                    case 2 -> {
                        mutated = good.replaceAll("PV1\\|[^\n]*\n", "");
                        knownBad = true; // no PV1: no ward
                    }
                    case 3 -> {
                        mutated = good.replace("ADT^A01", "ADT^Z" + random.nextInt(99));
                        knownBad = true; // a trigger Vigil does not take
                    }
                    case 4 -> {
                        mutated = good.substring(0, 20 + random.nextInt(good.length() - 20)).replace("\nPV1", "\nXV1");
                        knownBad = true; // truncated before or inside PV1, or PV1 renamed
                    }
                    default -> {
                        char[] c = good.toCharArray();
                        for (int k = 0; k < 5; k++) {
                            int at = 10 + random.nextInt(c.length - 10);
                            c[at] = (char) ('!' + random.nextInt(90));
                        }
                        mutated = new String(c);
                        knownBad = false; // may or may not still be a good message: it must only get one answer
                    }
                }
                String ack = gw.exchange(frame(mutated), 1)[0];
                String code = ackCode(ack);
                assertTrue(code.equals("AA") || code.equals("AR") || code.equals("AE"), ack);
                if (knownBad) {
                    bad++;
                    assertTrue(!code.equals("AA"), "AA for a bad message: " + mutated.replace('\r', '\n') + "\n→ " + ack);
                }
            }
            assertTrue(bad > 20, "the mutations should mostly produce bad messages");
        }
    }
}
