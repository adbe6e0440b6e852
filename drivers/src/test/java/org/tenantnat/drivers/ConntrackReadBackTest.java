package org.tenantnat.drivers;

import com.google.common.io.BaseEncoding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onosproject.driver.extensions.NiciraExtensionTreatmentInterpreter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.Instructions.ExtensionInstructionWrapper;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCt;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraNat;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.pipeline.Conntrack;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection-tracking actions the ONOS host installs on Open vSwitch, read back from the switch's flow stats
 * reply the way ONOS's OpenFlow provider reads them, and compared the way ONOS's flow rule manager compares them.
 * <p>
 * openflowj (3.2.1.onos) reads all of a NXAST_NAT action's range fields as one list of IPv4 addresses: the port
 * range and the padding after it come back as two more "addresses", with the port list and the padding empty, so
 * the OpenFlow action read back is not equal to the one written. ONOS's decoder knows it
 * (drivers/default/.../NiciraExtensionTreatmentInterpreter.java in ONOS 2.5.1 and 2.7.0, lines 553-586: "FIXME: we
 * need to get ipv6 and port from list&lt;ipv4&gt;") and takes the ports from the word after the addresses. So the
 * NICIRA_CT with its NICIRA_NAT that ONOS decodes is equal to the one installed, FlowRuleManager's exactMatch
 * (FlowRuleManager.java 2.7.0 line 609; otherwise it removes the switch's rule and installs its own again, every
 * stats poll) holds, and so does OnosSouthbound.reconcile's, which compares the same way.
 */
class ConntrackReadBackTest {

    private static final DeviceId DEVICE = DeviceId.deviceId("of:0000000000000001");
    private static final OFFactory OF14 = OFFactories.getFactory(OFVersion.OF_14);

    // The two actions as Open vSwitch 3.1 encodes them in a flow stats reply: "ovs-ofctl parse-actions OpenFlow14"
    // decodes each of these and encodes it again byte for byte (it prints every byte that differs otherwise).
    // ct(commit,zone=5,nat(src=100.64.0.1:1024-1087),table=3): a pat block's first packet.
    private static final String OVS_COMMIT_SOURCE_NAT = "ffff00380000232000230001000000000005030000000000"
            + "ffff002000002320002400000001003364400001644000010400043f00000000";
    // ct(zone=5,nat,table=4): a reply undoing the translation of its connection.
    private static final String OVS_RESTORE_NAT = "ffff00280000232000230000000000000005040000000000"
            + "ffff0010000023200024000000000000";

    // The ovs driver's extension interpreter: what ONOS's OpenFlow provider encodes and decodes Nicira actions with.
    private final NiciraExtensionTreatmentInterpreter ovsInterpreter = new NiciraExtensionTreatmentInterpreter();
    private Conntrack conntrack;

    @BeforeEach
    void conntrackOfTheOvsDriver() throws IOException {
        conntrack = new MergedDrivers().capabilitiesOf("ovs", DEVICE).conntrack().orElseThrow();
    }

    private static FlowRule rule(ExtensionTreatment ct) {
        return DefaultFlowRule.builder().forDevice(DEVICE).forTable(3).withPriority(200).withCookie(0x2a)
                .withSelector(DefaultTrafficSelector.builder().matchEthType(Ethernet.TYPE_IPV4).build())
                .withTreatment(DefaultTrafficTreatment.builder().extension(ct, DEVICE).build())
                .makePermanent().build();
    }

    // The switch's flow stats reply for an installed rule; ONOS's provider encodes an extension instruction with
    // the driver's interpreter (FlowModBuilderVer13.java 2.7.0 line 553).
    private byte[] statsReply(FlowRule installed) {
        List<OFAction> actions = installed.treatment().immediate().stream()
                .map(i -> ovsInterpreter.mapInstruction(
                        OF14, ((ExtensionInstructionWrapper) i).extensionInstruction()))
                .collect(Collectors.toList());
        OFFlowStatsEntry entry = OF14.buildFlowStatsEntry().setTableId(TableId.of(installed.tableId()))
                .setPriority(installed.priority()).setCookie(U64.of(installed.id().value()))
                .setInstructions(List.of(OF14.instructions().applyActions(actions))).build();
        ByteBuf bytes = Unpooled.buffer();
        OF14.buildFlowStatsReply().setEntries(List.of(entry)).build().writeTo(bytes);
        byte[] reply = new byte[bytes.readableBytes()];
        bytes.readBytes(reply);
        return reply;
    }

    private static List<OFAction> actionsOf(byte[] reply) throws OFParseError {
        OFFlowStatsReply read = (OFFlowStatsReply) OF14.getReader().readFrom(Unpooled.wrappedBuffer(reply));
        return ((OFInstructionApplyActions) read.getEntries().get(0).getInstructions().get(0)).getActions();
    }

    // The flow entry ONOS makes of the reply: an experimenter action goes through the driver's interpreter
    // (FlowEntryBuilder.java 2.7.0 line 576); match, table, priority and cookie read back as they were.
    private FlowEntry readBack(FlowRule installed, byte[] reply) throws OFParseError {
        TrafficTreatment.Builder treatment = DefaultTrafficTreatment.builder();
        actionsOf(reply).forEach(a -> treatment.extension(ovsInterpreter.mapAction(a), DEVICE));
        return new DefaultFlowEntry(DefaultFlowRule.builder().forDevice(DEVICE).forTable(installed.tableId())
                                            .withPriority(installed.priority()).withCookie(installed.id().value())
                                            .withSelector(installed.selector()).withTreatment(treatment.build())
                                            .makePermanent().build(), FlowEntry.FlowEntryState.ADDED);
    }

    private static String hex(byte[] bytes) {
        return BaseEncoding.base16().lowerCase().encode(bytes);
    }

    // Installs a rule, has Open vSwitch send it back and ONOS read it: ONOS must see the rule it installed.
    private void assertReadBackIsInstalled(ExtensionTreatment ct, String ovsBytes) throws OFParseError {
        FlowRule installed = rule(ct);
        byte[] reply = statsReply(installed);
        assertTrue(hex(reply).contains(ovsBytes), "ONOS writes what Open vSwitch sends back");

        FlowEntry read = readBack(installed, reply);

        assertTrue(installed.exactMatch(read), "installed " + installed.treatment() + ", read " + read.treatment());
    }

    @Test
    void aPatBlocksCommitReadBackFromOvsIsTheRuleInstalled() throws OFParseError {
        assertReadBackIsInstalled(conntrack.commitSourceNat(5, 3, Ip4Address.valueOf("100.64.0.1"),
                                                            new PortRange(1024, 1087)), OVS_COMMIT_SOURCE_NAT);
    }

    @Test
    void aConnectionsRestoringNatReadBackFromOvsIsTheRuleInstalled() throws OFParseError {
        assertReadBackIsInstalled(conntrack.restoreNat(5, 4), OVS_RESTORE_NAT);
    }

    @Test
    void openflowjReadsTheNatsPortsAndPaddingAsAddresses() throws OFParseError {
        FlowRule installed = rule(conntrack.commitSourceNat(5, 3, Ip4Address.valueOf("100.64.0.1"),
                                                            new PortRange(1024, 1087)));
        OFActionNiciraCt written = (OFActionNiciraCt) ovsInterpreter.mapInstruction(
                OF14, ((ExtensionInstructionWrapper) installed.treatment().immediate().get(0)).extensionInstruction());

        OFActionNiciraCt read = (OFActionNiciraCt) actionsOf(statsReply(installed)).get(0);

        OFActionNiciraNat nat = (OFActionNiciraNat) read.getActions().get(0);
        // 1024-1087 as one 32-bit word (0x0400043f), then the four bytes of padding.
        assertEquals(List.of(IPv4Address.of("100.64.0.1"), IPv4Address.of("100.64.0.1"),
                             IPv4Address.of("4.0.4.63"), IPv4Address.of("0.0.0.0")), nat.getIpv4Range());
        assertTrue(nat.getPortRange().isEmpty());
        assertNotEquals(written, read, "the quirk ONOS's decoder works around");
    }
}
