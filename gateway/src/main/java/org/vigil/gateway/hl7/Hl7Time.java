package org.vigil.gateway.hl7;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * HL7 v2 DTM ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) to epoch milliseconds. Many senders omit
 * the offset; then the trust's zone applies (DST-correct).
 */
public final class Hl7Time {
    private Hl7Time() {
    }

    public static long parse(String dtm, ZoneId zone) {
        if (dtm == null || dtm.length() < 8) {
            throw new IllegalArgumentException("not an HL7 date-time: '" + dtm + "'");
        }
        String s = dtm.trim();
        ZoneOffset offset = null;
        int sign = Math.max(s.indexOf('+'), s.indexOf('-'));
        if (sign > 0) {
            String z = s.substring(sign);
            if (z.length() != 5) {
                throw new IllegalArgumentException("bad offset in '" + dtm + "'");
            }
            offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(z.substring(0, 3)),
                    (z.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(z.substring(3)));
            s = s.substring(0, sign);
        }
        int dot = s.indexOf('.');
        int nanos = 0;
        if (dot > 0) {
            String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(frac);
            s = s.substring(0, dot);
        }
        if (s.length() != 8 && s.length() != 10 && s.length() != 12 && s.length() != 14) {
            throw new IllegalArgumentException("not an HL7 date-time: '" + dtm + "'");
        }
        LocalDateTime t = LocalDateTime.of(
                Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6, 8)),
                s.length() >= 10 ? Integer.parseInt(s.substring(8, 10)) : 0,
                s.length() >= 12 ? Integer.parseInt(s.substring(10, 12)) : 0,
                s.length() >= 14 ? Integer.parseInt(s.substring(12, 14)) : 0, nanos);
        return (offset != null ? t.toInstant(offset) : t.atZone(zone).toInstant()).toEpochMilli();
    }
}
