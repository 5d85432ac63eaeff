package org.vigil.gateway.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import org.vigil.gateway.mllp.MllpServer;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** HL7 v2 test messages, parsed the way the gateway parses them, and a mapper over the default code maps. */
final class Messages {
    static final String TIME = "20261123101500";
    static final ZoneId ZONE = ZoneId.of("Europe/London");
    static final NhsNumber NHS = new NhsNumber("test-secret-of-32-bytes-at-least!".getBytes(StandardCharsets.UTF_8));

    private Messages() {
    }

    static Message parse(String text) throws HL7Exception {
        return MllpServer.hapiContext().getPipeParser().parse(text.replace('\n', '\r'));
    }

    static Hl7Mapper mapper(CodeMaps maps) {
        return mapper(maps, PatientKey.NHS_ELSE_LOCAL);
    }

    static Hl7Mapper mapper(CodeMaps maps, PatientKey key) {
        return new Hl7Mapper(maps, NHS, ZONE, key);
    }

    static CodeMaps defaults() {
        return CodeMaps.withLocations(LocationMap.parse("W12=RVT-W12,AMU=BFW-AMU,WD21=RVT-W21"));
    }

    static String msh(String sender, String type) {
        return "MSH|^~\\&|" + sender + "|RVT|VIGIL|RVT|" + TIME + "||" + type + "|C" + System.nanoTime() + "|P|2.5.1\n";
    }

    /** An ORU^R01 with a complete NEWS2 set by the default codes; {@code replace} swaps one OBX line for another. */
    static Oru oru() {
        return new Oru();
    }

    static final class Oru {
        String sender = "EOBS";
        final List<String> obx = new ArrayList<>(List.of(
                "NM|9279-1^Respiratory rate^LN||18|/min",
                "NM|59408-5^SpO2^LN||97|%",
                "NM|8480-6^Systolic BP^LN||120|mm[Hg]",
                "NM|8867-4^Heart rate^LN||70|/min",
                "NM|8310-5^Body temperature^LN||37.0|Cel",
                "ST|1104441000000107^ACVPU^SCT||A",
                "NM|3151-8^Oxygen flow^LN||0|L/min"));

        Oru from(String application) {
            sender = application;
            return this;
        }

        /** Replaces the OBX whose line starts with the same value type and code prefix, or adds it. */
        Oru with(String prefix, String line) {
            for (int i = 0; i < obx.size(); i++) {
                if (obx.get(i).startsWith(prefix)) {
                    obx.set(i, line);
                    return this;
                }
            }
            obx.add(line);
            return this;
        }

        Oru without(String prefix) {
            obx.removeIf(l -> l.startsWith(prefix));
            return this;
        }

        String text() {
            StringBuilder b = new StringBuilder(msh(sender, "ORU^R01^ORU_R01"))
                    .append("PID|1||9434765919^^^NHS^NH||DOE^JANE\nPV1|1|I|AMU^^A2\nOBR|1|||NEWS2|||").append(TIME).append('\n');
            for (int i = 0; i < obx.size(); i++) {
                b.append("OBX|").append(i + 1).append('|').append(obx.get(i)).append('\n');
            }
            return b.toString();
        }
    }
}
