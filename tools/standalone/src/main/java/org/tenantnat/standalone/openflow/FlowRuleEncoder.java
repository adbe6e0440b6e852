package org.tenantnat.standalone.openflow;

import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.criteria.ArpOpCriterion;
import org.onosproject.net.flow.criteria.ArpPaCriterion;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthCriterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.ExtensionCriterion;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.criteria.ExtensionSelectorType;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.criteria.IcmpTypeCriterion;
import org.onosproject.net.flow.criteria.MetadataCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.criteria.TcpPortCriterion;
import org.onosproject.net.flow.criteria.UdpPortCriterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.Extension;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.flow.instructions.L3ModificationInstruction;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;
import org.projectfloodlight.openflow.types.VlanVid;
import org.tenantnat.pipeline.NiciraNatTreatment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes the ONOS flow rules the pipeline compiler builds as OpenFlow 1.3 flow-mods. Every criterion and
 * instruction of a rule is encoded or the whole rule is refused with an {@link IllegalArgumentException} naming what
 * is not supported: a rule is never installed with a part of it silently left out.
 */
public final class FlowRuleEncoder {

    /** Output max_len asking the switch to send whole packets to the controller (OFPCML_NO_BUFFER). */
    public static final int NO_BUFFER = 0xffff;

    private static final U64 EXACT_COOKIE = U64.NO_MASK;
    /** Highest meter id a switch may hold (OFPM_MAX); above are the virtual meters. */
    private static final long MAX_METER = 0xffff0000L;
    /** The Nicira moves encoded as NXAST_REG_MOVE: those of an ARP responder made of flows. */
    private static final Set<ExtensionTreatmentType> NICIRA_MOVES = Set.of(
            ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ETH_SRC_TO_DST.type(),
            ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ARP_SHA_TO_THA.type(),
            ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ARP_SPA_TO_TPA.type());

    /**
     * Open vSwitch reports a load into an address field under the field's NXM header even when it was given the
     * OXM header; loads are encoded with the NXM header so that the switch's report matches what we sent.
     */
    private static final Map<Long, Long> OXM_TO_NXM = Map.of(
            0x80000606L, 0x00000206L,   // eth_dst -> NXM_OF_ETH_DST
            0x80000806L, 0x00000406L,   // eth_src -> NXM_OF_ETH_SRC
            0x80001604L, 0x00000e04L,   // ipv4_src -> NXM_OF_IP_SRC
            0x80001804L, 0x00001004L,   // ipv4_dst -> NXM_OF_IP_DST
            0x80002c04L, 0x00002004L,   // arp_spa -> NXM_OF_ARP_SPA
            0x80002e04L, 0x00002204L);  // arp_tpa -> NXM_OF_ARP_TPA

    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);

    /**
     * Encodes a rule as a flow ADD: cookie = rule id, its table and priority, no buffer, timeouts as given
     * (permanent rules never expire).
     *
     * @param rule rule
     * @return flow-mod
     * @throws IllegalArgumentException when part of the rule cannot be expressed
     */
    public OFFlowAdd add(FlowRule rule) {
        return add(rule, key(rule));
    }

    /**
     * Encodes a rule as a flow ADD from the key it was already encoded to, so a rule is encoded once.
     *
     * @param rule rule (timeouts)
     * @param key  the rule's key, from {@link #key(FlowRule)}
     * @return flow-mod
     */
    public OFFlowAdd add(FlowRule rule, FlowKey key) {
        FlowSlot slot = key.slot();
        return factory.buildFlowAdd()
                .setCookie(U64.of(key.cookie()))
                .setTableId(TableId.of(slot.tableId()))
                .setPriority(slot.priority())
                .setIdleTimeout(rule.isPermanent() ? 0 : rule.timeout())
                .setHardTimeout(rule.isPermanent() ? 0 : rule.hardTimeout())
                // The switch reports a rule it removes as idle: how a host's binding learns it ended.
                .setFlags(rule.isPermanent() ? Set.of() : Set.of(OFFlowModFlags.SEND_FLOW_REM))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setMatch(slot.match())
                .setInstructions(key.instructions())
                .build();
    }

    /**
     * Encodes a rule as a strict delete of its slot, limited to the rule's exact cookie so that a flow of another
     * controller in the same slot survives.
     *
     * @param rule rule
     * @return flow-mod
     * @throws IllegalArgumentException when the rule's match cannot be expressed
     */
    public OFFlowDeleteStrict deleteStrict(FlowRule rule) {
        return deleteStrict(new FlowSlot(rule.tableId(), rule.priority(), match(rule)), rule.id().value());
    }

    /**
     * Encodes a strict delete of a flow a switch reported, limited to its cookie.
     *
     * @param entry flow stats entry
     * @return flow-mod
     */
    public OFFlowDeleteStrict deleteStrict(OFFlowStatsEntry entry) {
        return deleteStrict(FlowKey.of(entry).slot(), entry.getCookie().getValue());
    }

    /**
     * Encodes a strict delete of one slot, limited to one cookie.
     *
     * @param slot   table, priority and match
     * @param cookie the cookie of the flow to delete
     * @return flow-mod
     */
    public OFFlowDeleteStrict deleteStrict(FlowSlot slot, long cookie) {
        return factory.buildFlowDeleteStrict()
                .setCookie(U64.of(cookie))
                .setCookieMask(EXACT_COOKIE)
                .setTableId(TableId.of(slot.tableId()))
                .setPriority(slot.priority())
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setMatch(slot.match())
                .build();
    }

    /**
     * Returns the key of the flow a rule becomes on a switch, to compare with {@link FlowKey#of(OFFlowStatsEntry)}.
     *
     * @param rule rule
     * @return key
     * @throws IllegalArgumentException when part of the rule cannot be expressed
     */
    public FlowKey key(FlowRule rule) {
        return new FlowKey(new FlowSlot(tableId(rule).getValue(), rule.priority(), match(rule)), rule.id().value(),
                           instructions(rule));
    }

    private static TableId tableId(FlowRule rule) {
        if (rule.tableId() < 0 || rule.tableId() > 253) {
            throw new IllegalArgumentException("rule " + rule.id() + ": table id out of range 0..253: "
                                                       + rule.tableId());
        }
        return TableId.of(rule.tableId());
    }

    /**
     * Encodes a rule's selector as an OXM match.
     *
     * @param rule rule
     * @return match
     * @throws IllegalArgumentException naming the first criterion that cannot be expressed
     */
    public Match match(FlowRule rule) {
        TrafficSelector selector = rule.selector();
        OxmList match = new OxmList(factory.oxms(), selector.criteria().size());
        for (Criterion criterion : selector.criteria()) {
            addCriterion(match, criterion, rule);
        }
        return factory.matchV3(OFOxmList.ofList(match.oxms));
    }

    private void addCriterion(OxmList match, Criterion criterion, FlowRule rule) {
        switch (criterion.type()) {
            case IN_PORT:
                match.setExact(MatchField.IN_PORT, ofPort(((PortCriterion) criterion).port(), rule));
                break;
            case ETH_TYPE:
                match.setExact(MatchField.ETH_TYPE,
                               EthType.of(((EthTypeCriterion) criterion).ethType().toShort() & 0xffff));
                break;
            case VLAN_VID:
                match.setExact(MatchField.VLAN_VID, vlanVidMatch(((VlanIdCriterion) criterion).vlanId(), rule));
                break;
            case METADATA:
                // ONOS's metadata criterion carries no mask: an exact match on the whole 64 bits.
                match.setExact(MatchField.METADATA, OFMetadata.ofRaw(((MetadataCriterion) criterion).metadata()));
                break;
            case IPV4_SRC:
                setPrefix(match, MatchField.IPV4_SRC, ((IPCriterion) criterion).ip(), rule);
                break;
            case IPV4_DST:
                setPrefix(match, MatchField.IPV4_DST, ((IPCriterion) criterion).ip(), rule);
                break;
            case ARP_TPA:
                match.setExact(MatchField.ARP_TPA, IPv4Address.of(((ArpPaCriterion) criterion).ip().toInt()));
                break;
            case ARP_SPA:
                match.setExact(MatchField.ARP_SPA, IPv4Address.of(((ArpPaCriterion) criterion).ip().toInt()));
                break;
            case ICMPV4_TYPE:
                match.setExact(MatchField.ICMPV4_TYPE, ICMPv4Type.of(((IcmpTypeCriterion) criterion).icmpType()));
                break;
            case ARP_OP:
                match.setExact(MatchField.ARP_OP, ArpOpcode.of(((ArpOpCriterion) criterion).arpOp()));
                break;
            case IP_PROTO:
                match.setExact(MatchField.IP_PROTO, IpProtocol.of(((IPProtocolCriterion) criterion).protocol()));
                break;
            case ETH_SRC:
                match.setExact(MatchField.ETH_SRC, MacAddress.of(((EthCriterion) criterion).mac().toLong()));
                break;
            case ETH_DST:
                match.setExact(MatchField.ETH_DST, MacAddress.of(((EthCriterion) criterion).mac().toLong()));
                break;
            case TCP_DST_MASKED:
                TcpPortCriterion tcp = (TcpPortCriterion) criterion;
                match.setMasked(MatchField.TCP_DST, TransportPort.of(tcp.tcpPort().toInt()),
                                TransportPort.of(tcp.mask().toInt()));
                break;
            case UDP_DST_MASKED:
                UdpPortCriterion udp = (UdpPortCriterion) criterion;
                match.setMasked(MatchField.UDP_DST, TransportPort.of(udp.udpPort().toInt()),
                                TransportPort.of(udp.mask().toInt()));
                break;
            case EXTENSION:
                extensionCriterion(match, ((ExtensionCriterion) criterion).extensionSelector(), rule);
                break;
            default:
                throw unsupported(rule, "criterion " + criterion.type());
        }
    }

    // Read by property name, as extension actions are, so ONOS's NiciraMatchCtState and ours encode alike.
    private static void extensionCriterion(OxmList match, ExtensionSelector selector, FlowRule rule) {
        if (!ExtensionSelectorType.ExtensionSelectorTypes.NICIRA_MATCH_CONNTRACK_STATE.type()
                .equals(selector.type())) {
            throw unsupported(rule, "criterion EXTENSION " + selector.type());
        }
        long state = number(selector, "ctState", rule).longValue();
        long mask = number(selector, "ctStateMask", rule).longValue();
        match.setMasked(MatchField.CONNTRACK_STATE, U32.of(state), U32.of(mask));
    }

    private static OFVlanVidMatch vlanVidMatch(VlanId vlan, FlowRule rule) {
        if (vlan.equals(VlanId.NONE)) {
            return OFVlanVidMatch.NONE;
        }
        if (vlan.equals(VlanId.ANY)) {
            throw unsupported(rule, "criterion VLAN_VID ANY");
        }
        return OFVlanVidMatch.ofVlanVid(VlanVid.ofVlan(vlan.toShort()));
    }

    private static void setPrefix(OxmList match, MatchField<IPv4Address> field, IpPrefix prefix,
                                  FlowRule rule) {
        if (!prefix.isIp4()) {
            throw unsupported(rule, "criterion " + field.getName() + " with IPv6 prefix " + prefix);
        }
        IPv4Address address = IPv4Address.of(prefix.address().getIp4Address().toInt());
        if (prefix.prefixLength() == 32) {
            // Switches report a full mask as an exact match: encode it the same way so reconciliation compares.
            match.setExact(field, address);
        } else if (prefix.prefixLength() > 0) {
            match.setMasked(field, address, IPv4Address.ofCidrMaskLength(prefix.prefixLength()));
        }
        // A /0 prefix matches every address: switches drop such a field, and so do we.
    }

    /**
     * Encodes a rule's treatment as OpenFlow 1.3 instructions: apply-actions (immediate actions in order), then
     * write-metadata, then goto-table. An empty treatment, or one holding only a no-action, drops: no instructions.
     *
     * @param rule rule
     * @return instructions
     * @throws IllegalArgumentException naming the first instruction that cannot be expressed
     */
    public List<OFInstruction> instructions(FlowRule rule) {
        TrafficTreatment treatment = rule.treatment();
        if (!treatment.deferred().isEmpty()) {
            throw unsupported(rule, "deferred instructions " + treatment.deferred());
        }
        if (treatment.clearedDeferred()) {
            throw unsupported(rule, "instruction CLEAR_ACTIONS");
        }
        if (treatment.meters().size() > 1) {
            throw unsupported(rule, "more than one METER instruction (OpenFlow 1.3 allows one)");
        }
        if (treatment.statTrigger() != null) {
            throw unsupported(rule, "instruction STAT_TRIGGER");
        }
        boolean drop = false;
        List<OFAction> actions = new ArrayList<>();
        for (Instruction instruction : treatment.immediate()) {
            if (instruction.type() == Instruction.Type.NOACTION) {
                drop = true;
            } else {
                actions.add(action(instruction, rule));
            }
        }
        List<OFInstruction> instructions = new ArrayList<>();
        // OpenFlow 1.3 runs the meter first: a packet over the rate is dropped before any action.
        treatment.meters().forEach(m -> instructions.add(factory.instructions().meter(meterId(m, rule))));
        if (!actions.isEmpty()) {
            instructions.add(factory.instructions().applyActions(actions));
        }
        Instructions.MetadataInstruction metadata = treatment.writeMetadata();
        if (metadata != null) {
            instructions.add(factory.instructions().writeMetadata(U64.of(metadata.metadata()),
                                                                  U64.of(metadata.metadataMask())));
        }
        Instructions.TableTypeTransition transition = treatment.tableTransition();
        if (transition != null) {
            instructions.add(factory.instructions().gotoTable(TableId.of(transition.tableId())));
        }
        if (drop && !instructions.isEmpty()) {
            throw unsupported(rule, "NOACTION (drop) combined with other instructions");
        }
        return instructions;
    }

    private OFAction action(Instruction instruction, FlowRule rule) {
        switch (instruction.type()) {
            case OUTPUT:
                PortNumber port = ((Instructions.OutputInstruction) instruction).port();
                return factory.actions().output(ofPort(port, rule),
                                                PortNumber.CONTROLLER.equals(port) ? NO_BUFFER : 0);
            case L2MODIFICATION:
                return l2Action((L2ModificationInstruction) instruction, rule);
            case L3MODIFICATION:
                return l3Action((L3ModificationInstruction) instruction, rule);
            case EXTENSION:
                return extensionAction(((Instructions.ExtensionInstructionWrapper) instruction)
                                               .extensionInstruction(), rule);
            default:
                throw unsupported(rule, "instruction " + instruction.type());
        }
    }

    private OFAction l2Action(L2ModificationInstruction instruction, FlowRule rule) {
        switch (instruction.subtype()) {
            case VLAN_POP:
                return factory.actions().popVlan();
            case VLAN_PUSH:
                L2ModificationInstruction.ModVlanHeaderInstruction push =
                        (L2ModificationInstruction.ModVlanHeaderInstruction) instruction;
                return factory.actions().pushVlan(EthType.of(push.ethernetType().toShort() & 0xffff));
            case VLAN_ID:
                VlanId vlan = ((L2ModificationInstruction.ModVlanIdInstruction) instruction).vlanId();
                if (vlan.equals(VlanId.NONE) || vlan.equals(VlanId.ANY)) {
                    throw unsupported(rule, "instruction L2MODIFICATION/VLAN_ID " + vlan);
                }
                return factory.actions().setField(factory.oxms().vlanVid(
                        OFVlanVidMatch.ofVlanVid(VlanVid.ofVlan(vlan.toShort()))));
            case ETH_SRC:
                return factory.actions().setField(factory.oxms().ethSrc(MacAddress.of(
                        ((L2ModificationInstruction.ModEtherInstruction) instruction).mac().toLong())));
            case ETH_DST:
                return factory.actions().setField(factory.oxms().ethDst(MacAddress.of(
                        ((L2ModificationInstruction.ModEtherInstruction) instruction).mac().toLong())));
            default:
                throw unsupported(rule, "instruction L2MODIFICATION/" + instruction.subtype());
        }
    }

    private static long meterId(Instructions.MeterInstruction meter, FlowRule rule) {
        long id = meter.meterId().id();
        if (id < 1 || id > MAX_METER) {
            throw unsupported(rule, "meter id " + id + " (1.." + MAX_METER + ")");
        }
        return id;
    }

    private OFAction l3Action(L3ModificationInstruction instruction, FlowRule rule) {
        switch (instruction.subtype()) {
            case IPV4_SRC:
                return factory.actions().setField(factory.oxms().ipv4Src(ipv4(instruction)));
            case IPV4_DST:
                return factory.actions().setField(factory.oxms().ipv4Dst(ipv4(instruction)));
            case ARP_OP:
                return factory.actions().setField(factory.oxms().arpOp(ArpOpcode.of(
                        (int) ((L3ModificationInstruction.ModArpOpInstruction) instruction).op())));
            case ARP_SPA:
                return factory.actions().setField(factory.oxms().arpSpa(IPv4Address.of(
                        ((L3ModificationInstruction.ModArpIPInstruction) instruction).ip().getIp4Address().toInt())));
            case ARP_SHA:
                return factory.actions().setField(factory.oxms().arpSha(MacAddress.of(
                        ((L3ModificationInstruction.ModArpEthInstruction) instruction).mac().toLong())));
            default:
                throw unsupported(rule, "instruction L3MODIFICATION/" + instruction.subtype());
        }
    }

    private static IPv4Address ipv4(L3ModificationInstruction instruction) {
        return IPv4Address.of(((L3ModificationInstruction.ModIPInstruction) instruction).ip()
                                      .getIp4Address().toInt());
    }

    private OFAction extensionAction(ExtensionTreatment extension, FlowRule rule) {
        ExtensionTreatmentType type = extension.type();
        // Read by property name so any implementation (ONOS driver's or ours) encodes the same way.
        if (ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD.type().equals(type)) {
            int ofsNbits = number(extension, "ofsNbits", rule).intValue();
            long dst = number(extension, "dst", rule).longValue();
            long value = number(extension, "value", rule).longValue();
            return factory.actions().buildNiciraLoad()
                    .setOfsNbits(ofsNbits)
                    .setDst(OXM_TO_NXM.getOrDefault(dst, dst))
                    .setValue(U64.of(value))
                    .build();
        }
        if (NICIRA_MOVES.contains(type)) {
            return factory.actions().buildNiciraMove()
                    .setNBits(number(extension, "nBits", rule).intValue())
                    .setSrcOfs(number(extension, "srcOfs", rule).intValue())
                    .setDstOfs(number(extension, "dstOfs", rule).intValue())
                    .setSrc(number(extension, "src", rule).longValue() & 0xffffffffL)
                    .setDst(number(extension, "dst", rule).longValue() & 0xffffffffL)
                    .build();
        }
        if (ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_CT.type().equals(type)) {
            return conntrack(extension, rule);
        }
        throw unsupported(rule, "instruction EXTENSION " + type);
    }

    // ct(...) with its nested nat, read by property name like every extension.
    private OFAction conntrack(ExtensionTreatment ct, FlowRule rule) {
        List<OFAction> nested = new ArrayList<>();
        Object actions = property(ct, "nestedActions", rule);
        if (actions instanceof List) {
            for (Object action : (List<?>) actions) {
                if (!(action instanceof ExtensionTreatment) || !ExtensionTreatmentType.ExtensionTreatmentTypes
                        .NICIRA_NAT.type().equals(((ExtensionTreatment) action).type())) {
                    throw unsupported(rule, "NICIRA_CT nested action " + action);
                }
                nested.add(nat((ExtensionTreatment) action, rule));
            }
        }
        return factory.actions().buildNiciraCt()
                .setFlags(number(ct, "flags", rule).intValue())
                .setZoneSrc(number(ct, "zoneSrc", rule).longValue())
                .setZone(number(ct, "zone", rule).intValue())
                .setRecircTable(number(ct, "recircTable", rule).shortValue())
                .setAlg(number(ct, "alg", rule).intValue())
                .setActions(nested)
                .build();
    }

    /**
     * A nat action. openflowj reads a nat's range back from a switch as a list of 32-bit words (addresses, then the
     * two ports in one word, then padding), not field by field; the range is written in that same shape, which puts
     * the same bytes on the wire, so a flow the switch reports compares equal to the rule and reconciliation keeps it.
     */
    private OFAction nat(ExtensionTreatment nat, FlowRule rule) {
        int present = number(nat, "presentFlags", rule).intValue();
        List<IPv4Address> words = new ArrayList<>();
        if ((present & NiciraNatTreatment.RANGE_IPV4_MIN) != 0) {
            words.add(ipv4(property(nat, "ipAddressMin", rule), rule));
        }
        if ((present & NiciraNatTreatment.RANGE_IPV4_MAX) != 0) {
            words.add(ipv4(property(nat, "ipAddressMax", rule), rule));
        }
        if ((present & ~(NiciraNatTreatment.RANGE_IPV4_MIN | NiciraNatTreatment.RANGE_IPV4_MAX
                | NiciraNatTreatment.RANGE_PROTO_MIN | NiciraNatTreatment.RANGE_PROTO_MAX)) != 0) {
            throw unsupported(rule, "NICIRA_NAT range fields " + present);
        }
        int ports = 0;
        int portBytes = 0;
        if ((present & NiciraNatTreatment.RANGE_PROTO_MIN) != 0) {
            ports = number(nat, "portMin", rule).intValue() & 0xffff;
            portBytes += 2;
        }
        if ((present & NiciraNatTreatment.RANGE_PROTO_MAX) != 0) {
            ports = (ports << 16) | (number(nat, "portMax", rule).intValue() & 0xffff);
            portBytes += 2;
        }
        if (portBytes == 2) {
            ports <<= 16;
        }
        if (portBytes > 0) {
            words.add(IPv4Address.of(ports));
        }
        if (words.size() % 2 != 0) {
            words.add(IPv4Address.of(0));
        }
        return factory.actions().buildNiciraNat()
                .setFlags(number(nat, "flags", rule).intValue())
                .setRangePresent(present)
                .setIpv4Range(words)
                .setIpv6Range(List.of())
                .setPortRange(List.of())
                .setPad(List.of())
                .build();
    }

    private static IPv4Address ipv4(Object address, FlowRule rule) {
        if (!(address instanceof IpAddress) || !((IpAddress) address).isIp4()) {
            throw unsupported(rule, "NICIRA_NAT address " + address);
        }
        return IPv4Address.of(((IpAddress) address).getIp4Address().toInt());
    }

    private static Object kind(Extension extension) {
        return extension instanceof ExtensionTreatment ? ((ExtensionTreatment) extension).type()
                : extension instanceof ExtensionSelector ? ((ExtensionSelector) extension).type()
                : extension.getClass().getSimpleName();
    }

    private static Object property(Extension extension, String property, FlowRule rule) {
        try {
            return extension.getPropertyValue(property);
        } catch (ExtensionPropertyException | RuntimeException e) {
            throw unsupported(rule, kind(extension) + " without readable property " + property + " ("
                    + e.getMessage() + ")");
        }
    }

    private static Number number(Extension extension, String property, FlowRule rule) {
        Object value = property(extension, property, rule);
        if (!(value instanceof Number)) {
            throw unsupported(rule, kind(extension) + " property " + property + " is not a number: " + value);
        }
        return (Number) value;
    }

    private static OFPort ofPort(PortNumber port, FlowRule rule) {
        try {
            return ofPort(port);
        } catch (IllegalArgumentException e) {
            throw unsupported(rule, "port " + port);
        }
    }

    /**
     * Returns the OpenFlow port of an ONOS port number: a physical port, CONTROLLER, IN_PORT or LOCAL.
     *
     * @param port port number
     * @return OpenFlow port
     * @throws IllegalArgumentException for any other logical port
     */
    public static OFPort ofPort(PortNumber port) {
        if (PortNumber.CONTROLLER.equals(port)) {
            return OFPort.CONTROLLER;
        }
        if (PortNumber.IN_PORT.equals(port)) {
            return OFPort.IN_PORT;
        }
        if (PortNumber.LOCAL.equals(port)) {
            return OFPort.LOCAL;
        }
        long number = port.toLong();
        if (port.isLogical() || number < 1 || number > (OFPort.MAX.getPortNumber() & 0xffffffffL)) {
            throw new IllegalArgumentException("unsupported port " + port);
        }
        return OFPort.of((int) number);
    }

    /**
     * The fields of a match, collected and then made into one OXM list: openflowj's match builder rebuilds its whole
     * list on every field set, which made matching the costliest part of encoding a rule.
     */
    private static final class OxmList {
        private final OFOxms factory;
        private final List<OFOxm<?>> oxms;

        private OxmList(OFOxms factory, int size) {
            this.factory = factory;
            this.oxms = new ArrayList<>(size);
        }

        <F extends OFValueType<F>> void setExact(MatchField<F> field, F value) {
            oxms.add(factory.fromValue(value, field));
        }

        <F extends OFValueType<F>> void setMasked(MatchField<F> field, F value, F mask) {
            oxms.add(factory.fromMasked(Masked.of(value, mask), field));
        }
    }

    private static IllegalArgumentException unsupported(FlowRule rule, String what) {
        return new IllegalArgumentException("rule " + rule.id() + " (table " + rule.tableId() + ", priority "
                                                    + rule.priority() + "): unsupported " + what);
    }
}
