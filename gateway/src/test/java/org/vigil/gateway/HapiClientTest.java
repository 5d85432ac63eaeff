package org.vigil.gateway;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.datatype.ST;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vigil.gateway.GatewayHarness.now;

/**
 * A client nobody here wrote: HAPI's own MLLP initiator ({@code HapiContext.newClient}) builds messages with its
 * 2.5.1 model, frames them with its own lower-layer protocol and reads our ACKs with its own parser.
 */
class HapiClientTest {
    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static HapiContext hapi;
    static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        gw = new GatewayHarness(dir);
        hapi = new DefaultHapiContext();
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        connection = hapi.newClient("127.0.0.1", gw.mllp.port(), false);
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        hapi.close();
        gw.close();
    }

    static ADT_A01 admission(String nhs, String ward, String bed) throws Exception {
        ADT_A01 a01 = new ADT_A01();
        a01.setParser(hapi.getPipeParser()); // its control ids from the in-memory generator, not an id_file on disk
        a01.initQuickstart("ADT", "A01", "P");
        a01.getMSH().getSendingApplication().getNamespaceID().setValue("HAPI");
        a01.getMSH().getSendingFacility().getNamespaceID().setValue("RVT");
        a01.getEVN().getRecordedDateTime().getTime().setValue(now(2));
        PID pid = a01.getPID();
        pid.getPatientIdentifierList(0).getIDNumber().setValue(nhs);
        pid.getPatientIdentifierList(0).getAssigningAuthority().getNamespaceID().setValue("NHS");
        pid.getPatientIdentifierList(0).getIdentifierTypeCode().setValue("NH");
        pid.getPatientName(0).getFamilyName().getSurname().setValue("SMITH");
        pid.getDateTimeOfBirth().getTime().setValue("19460211");
        a01.getPV1().getPatientClass().setValue("I");
        a01.getPV1().getAssignedPatientLocation().getPointOfCare().setValue(ward);
        a01.getPV1().getAssignedPatientLocation().getBed().setValue(bed);
        return a01;
    }

    static String ackCode(Message ack) throws Exception {
        return new Terser(ack).get("/MSA-1");
    }

    @Test
    void anAdmissionFromHapisClientIsAcknowledgedAaAndStored() throws Exception {
        int before = gw.ward("RVT-W12").getInteger("patients");
        ADT_A01 a01 = admission("4010232137", "W12", "B40");
        Message ack = connection.getInitiator().sendAndReceive(a01);
        assertEquals("AA", ackCode(ack));
        assertEquals(a01.getMSH().getMessageControlID().getValue(), new Terser(ack).get("/MSA-2"));
        assertEquals(before + 1, gw.ward("RVT-W12").getInteger("patients"));
        String control = a01.getMSH().getMessageControlID().getValue();
        assertTrue(gw.journalIds().contains("hl7:HAPI:RVT:" + control));
    }

    @Test
    void hapiReadsOurRefusalItsCodeAndWhere() throws Exception {
        Message ack = connection.getInitiator().sendAndReceive(admission("4010232137", "W99", "B1"));
        Terser t = new Terser(ack);
        assertEquals("AR", t.get("/MSA-1"));
        assertEquals("103", t.get("/ERR-3-1"));
        assertEquals("HL70357", t.get("/ERR-3-3"));
        assertEquals("PV1", t.get("/ERR-2-1"));
        assertEquals("3", t.get("/ERR-2-3"));
        assertTrue(t.get("/MSA-3").contains("'W99' is not mapped"), t.get("/MSA-3"));
    }

    /** An ORU^R01 built with HAPI's model: the NEWS2 11 worked example of reference/news2.md, HIGH. */
    @Test
    void vitalSignsFromHapisModelAreScored() throws Exception {
        connection.getInitiator().sendAndReceive(admission("4505577104", "AMU", "A9"));
        ORU_R01 oru = new ORU_R01();
        oru.setParser(hapi.getPipeParser());
        oru.initQuickstart("ORU", "R01", "P");
        oru.getMSH().getSendingFacility().getNamespaceID().setValue("BFW");
        var result = oru.getPATIENT_RESULT();
        result.getPATIENT().getPID().getPatientIdentifierList(0).getIDNumber().setValue("4505577104");
        result.getPATIENT().getPID().getPatientIdentifierList(0).getIdentifierTypeCode().setValue("NH");
        result.getPATIENT().getVISIT().getPV1().getAssignedPatientLocation().getPointOfCare().setValue("AMU");
        result.getPATIENT().getVISIT().getPV1().getAssignedPatientLocation().getBed().setValue("A9");
        var order = result.getORDER_OBSERVATION();
        order.getOBR().getObservationDateTime().getTime().setValue(now(1));
        String[][] sets = {{"9279-1", "NM", "22", "/min"}, {"59408-5", "NM", "94", "%"}, {"3151-8", "NM", "2", "L/min"},
                {"8480-6", "NM", "105", "mm[Hg]"}, {"8867-4", "NM", "45", "/min"}, {"8310-5", "NM", "95.9", "[degF]"},
                {"1104441000000107", "ST", "New confusion", ""}};
        for (int i = 0; i < sets.length; i++) {
            OBX obx = order.getOBSERVATION(i).getOBX();
            obx.getSetIDOBX().setValue(Integer.toString(i + 1));
            obx.getValueType().setValue(sets[i][1]);
            obx.getObservationIdentifier().getIdentifier().setValue(sets[i][0]);
            obx.getObservationIdentifier().getNameOfCodingSystem().setValue(sets[i][0].length() > 10 ? "SCT" : "LN");
            if (sets[i][1].equals("NM")) {
                NM nm = new NM(oru);
                nm.setValue(sets[i][2]);
                obx.getObservationValue(0).setData(nm);
            } else {
                ST st = new ST(oru);
                st.setValue(sets[i][2]);
                obx.getObservationValue(0).setData(st);
            }
            obx.getUnits().getIdentifier().setValue(sets[i][3]);
        }
        int high = gw.ward("BFW-AMU").getInteger("news2High");
        assertEquals("AA", ackCode(connection.getInitiator().sendAndReceive(oru)));
        assertEquals(high + 1, gw.ward("BFW-AMU").getInteger("news2High"));
    }
}
