package org.vigil.server.http;

import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629), by the JDK's strict decoder: an overlong form ({@code C0 AF} for
 * '/'), a surrogate encoded on its own ({@code ED A0 80}), a stray continuation byte or a sequence cut short are
 * not. Lenient readers (Vert.x's {@code Buffer.toString}, HAPI's) turn each into U+FFFD, and Jackson's byte parser
 * takes overlong forms and surrogates as they are, so an identifier could be stored as another than was sent.
 * The body is read a chunk at a time into a small buffer: never copied whole.
 */
public final class Utf8 {
    private static final int CHUNK = 8192;

    private Utf8() {
    }

    /** The offset of the first byte of {@code bytes} that is not well-formed UTF-8, or -1 when all are. */
    public static int firstMalformed(Buffer bytes) {
        int length = bytes.length();
        int read = 0;
        while (read < length && bytes.getByte(read) >= 0) {
            read++; // ASCII, nearly every event's every byte: checked where it lies, nothing allocated on the ingest path
        }
        if (read == length) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[Math.min(CHUNK, length - read)];
        ByteBuffer in = ByteBuffer.wrap(chunk).limit(0);
        CharBuffer out = CharBuffer.allocate(chunk.length); // a byte decodes to one char at most: it never overflows
        boolean end;
        do {
            in.compact(); // the start of a sequence the last chunk cut goes first
            int n = Math.min(in.remaining(), length - read);
            bytes.getBytes(read, read + n, chunk, in.position());
            in.position(in.position() + n);
            read += n;
            in.flip();
            end = read == length;
            CoderResult result = decoder.decode(in, out, end);
            if (result.isError()) {
                return read - in.remaining();
            }
            out.clear();
        } while (!end);
        return -1;
    }
}
