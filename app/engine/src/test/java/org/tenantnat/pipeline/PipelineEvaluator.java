package org.tenantnat.pipeline;

import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.VlanId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.criteria.ArpOpCriterion;
import org.onosproject.net.flow.criteria.ArpPaCriterion;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.criteria.IcmpTypeCriterion;
import org.onosproject.net.flow.criteria.MetadataCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.L2ModificationInstruction;
import org.onosproject.net.flow.instructions.L3ModificationInstruction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small OpenFlow 1.3 switch for tests: walks the flow tables from the first one, picks the highest-priority
 * matching rule in each, applies its apply-actions in order, writes metadata and follows goto-table. A table miss
 * drops. It understands exactly what the compiler uses and fails loudly on anything else, on two rules matching at
 * the same priority (undefined on a switch), on a backward goto and on rules Open vSwitch would refuse (an IPv4
 * match or rewrite without eth_type IPv4).
 * <p>
 * Written from the OpenFlow 1.3 and Nicira NXM semantics, independently of the compiler's own helpers.
 */
final class PipelineEvaluator {

    /** NXM headers of the fields a Nicira load may write here. */
    private static final long NXM_OF_IP_SRC = 0x0E04L;
    private static final long NXM_OF_IP_DST = 0x1004L;
    /** NXM headers of the fields a Nicira move may read and write here. */
    private static final long NXM_OF_ETH_DST = 0x0206L;
    private static final long NXM_OF_ETH_SRC = 0x0406L;
    private static final long NXM_OF_ARP_SPA = 0x2004L;
    private static final long NXM_OF_ARP_TPA = 0x2204L;
    private static final long NXM_NX_ARP_SHA = 0x12206L;
    private static final long NXM_NX_ARP_THA = 0x12406L;

    private final List<FlowRule> rules;
    private final int firstTable;

    PipelineEvaluator(Collection<FlowRule> rules, int firstTable) {
        this.rules = List.copyOf(rules);
        this.firstTable = firstTable;
        this.rules.forEach(PipelineEvaluator::checkPrerequisites);
    }

    /** Runs a packet through the pipeline. */
    Outcome process(Packet packet) {
        List<Outcome.Output> outputs = new ArrayList<>();
        List<FlowRule> path = new ArrayList<>();
        Packet current = packet;
        long metadata = 0;
        Integer table = firstTable;
        while (table != null) {
            Optional<FlowRule> hit = lookup(table, current, metadata);
            if (hit.isEmpty()) {
                break;
            }
            FlowRule rule = hit.get();
            path.add(rule);
            TrafficTreatment t = rule.treatment();
            if (!t.deferred().isEmpty() || t.clearedDeferred()) {
                throw new UnsupportedOperationException("write-actions not modelled: " + rule);
            }
            for (Instruction instruction : t.immediate()) {
                current = apply(instruction, current, packet.inPort, outputs);
            }
            if (t.writeMetadata() != null) {
                long mask = t.writeMetadata().metadataMask();
                metadata = (metadata & ~mask) | (t.writeMetadata().metadata() & mask);
            }
            table = next(rule, t);
        }
        return new Outcome(outputs, path);
    }

    private Optional<FlowRule> lookup(int table, Packet packet, long metadata) {
        List<FlowRule> matching = rules.stream()
                .filter(r -> r.tableId() == table && matches(r, packet, metadata))
                .sorted(Comparator.comparingInt(FlowRule::priority).reversed())
                .collect(Collectors.toList());
        if (matching.size() > 1 && matching.get(0).priority() == matching.get(1).priority()) {
            throw new IllegalStateException("rules overlap at one priority in table " + table + " for " + packet
                                                    + ": " + matching.get(0) + " and " + matching.get(1));
        }
        return matching.stream().findFirst();
    }

    private static Integer next(FlowRule rule, TrafficTreatment t) {
        if (t.tableTransition() == null) {
            return null;
        }
        int target = t.tableTransition().tableId();
        if (target <= rule.tableId()) {
            throw new IllegalStateException("goto must go forward: " + rule);
        }
        return target;
    }

    private static boolean matches(FlowRule rule, Packet p, long metadata) {
        return rule.selector().criteria().stream().allMatch(c -> matches(c, p, metadata));
    }

    private static boolean matches(Criterion c, Packet p, long metadata) {
        switch (c.type()) {
            case IN_PORT:
                return ((PortCriterion) c).port().equals(p.inPort);
            case VLAN_VID:
                VlanId vid = ((VlanIdCriterion) c).vlanId();
                return VlanId.ANY.equals(vid) ? p.isTagged() : vid.equals(p.vlan);
            case ETH_TYPE:
                return ((EthTypeCriterion) c).ethType().toShort() == p.ethType;
            case METADATA:
                return ((MetadataCriterion) c).metadata() == metadata;
            case IPV4_SRC:
                return p.isIpv4() && ((IPCriterion) c).ip().contains(p.ipSrc);
            case IPV4_DST:
                return p.isIpv4() && ((IPCriterion) c).ip().contains(p.ipDst);
            case ARP_TPA:
                return p.isArp() && ((ArpPaCriterion) c).ip().equals(p.arpTpa);
            case ARP_SPA:
                return p.isArp() && ((ArpPaCriterion) c).ip().equals(p.arpSpa);
            case ARP_OP:
                return p.isArp() && ((ArpOpCriterion) c).arpOp() == p.arpOp;
            case IP_PROTO:
                return p.isIpv4() && ((IPProtocolCriterion) c).protocol() == (p.protocol & 0xff);
            case ICMPV4_TYPE:
                return p.isIcmp() && ((IcmpTypeCriterion) c).icmpType() == p.icmpType;
            default:
                throw new UnsupportedOperationException("criterion not modelled: " + c);
        }
    }

    private static Packet apply(Instruction instruction, Packet p, PortNumber inPort, List<Outcome.Output> outputs) {
        switch (instruction.type()) {
            case NOACTION:
                // ONOS's explicit "no actions": a drop unless an earlier rule output the packet.
                return p;
            case OUTPUT:
                PortNumber port = ((Instructions.OutputInstruction) instruction).port();
                outputs.add(new Outcome.Output(PortNumber.IN_PORT.equals(port) ? inPort : port, p));
                return p;
            case L2MODIFICATION:
                return applyL2((L2ModificationInstruction) instruction, p);
            case L3MODIFICATION:
                return applyL3((L3ModificationInstruction) instruction, p);
            case EXTENSION:
                return applyExtension(((Instructions.ExtensionInstructionWrapper) instruction).extensionInstruction(),
                                      p);
            default:
                throw new UnsupportedOperationException("instruction not modelled: " + instruction);
        }
    }

    private static Packet applyL3(L3ModificationInstruction instruction, Packet p) {
        switch (instruction.subtype()) {
            case IPV4_SRC:
                require(p.isIpv4(), "set ip_src on a packet that is not IPv4");
                return p.withIpSrc(((L3ModificationInstruction.ModIPInstruction) instruction).ip().getIp4Address());
            case IPV4_DST:
                require(p.isIpv4(), "set ip_dst on a packet that is not IPv4");
                return p.withIpDst(((L3ModificationInstruction.ModIPInstruction) instruction).ip().getIp4Address());
            case ARP_OP:
                require(p.isArp(), "set arp_op on a packet that is not ARP");
                return p.withArpOp((short) ((L3ModificationInstruction.ModArpOpInstruction) instruction).op());
            case ARP_SPA:
                require(p.isArp(), "set arp_spa on a packet that is not ARP");
                return p.withArpSpa(((L3ModificationInstruction.ModArpIPInstruction) instruction).ip()
                                            .getIp4Address());
            case ARP_SHA:
                require(p.isArp(), "set arp_sha on a packet that is not ARP");
                return p.withArpSha(((L3ModificationInstruction.ModArpEthInstruction) instruction).mac());
            default:
                throw new UnsupportedOperationException("L3 action not modelled: " + instruction);
        }
    }

    private static Packet applyL2(L2ModificationInstruction instruction, Packet p) {
        switch (instruction.subtype()) {
            case ETH_SRC:
                return p.withEthSrc(((L2ModificationInstruction.ModEtherInstruction) instruction).mac());
            case ETH_DST:
                return p.withEthDst(((L2ModificationInstruction.ModEtherInstruction) instruction).mac());
            case VLAN_POP:
                require(p.isTagged(), "pop_vlan on an untagged packet");
                return p.withVlan(VlanId.NONE);
            case VLAN_PUSH:
                // OF 1.3: a new outer tag copies the VID of the tag below it, or 0 without one.
                return p.withVlan(p.isTagged() ? p.vlan : VlanId.vlanId((short) 0));
            case VLAN_ID:
                require(p.isTagged(), "set vlan_vid on an untagged packet");
                return p.withVlan(((L2ModificationInstruction.ModVlanIdInstruction) instruction).vlanId());
            default:
                throw new UnsupportedOperationException("L2 action not modelled: " + instruction);
        }
    }

    /** Nicira reg_load: value into bits [ofs, ofs + nbits) of the field, read through the extension's properties. */
    private static Packet applyExtension(ExtensionTreatment extension, Packet p) {
        if (!ExtensionTreatmentTypes.NICIRA_LOAD.type().equals(extension.type())) {
            return applyMove(extension, p);
        }
        int ofsNbits = property(extension, "ofsNbits");
        long dst = property(extension, "dst");
        long value = property(extension, "value");
        int offset = ofsNbits >>> 6;
        int nBits = (ofsNbits & 0x3f) + 1;
        require(offset + nBits <= 32, "load past the end of a 32-bit field: " + extension);
        require(nBits == 64 || (value >>> nBits) == 0, "load value wider than its bit range: " + extension);
        long mask = ((1L << nBits) - 1) << offset;
        if (dst == NXM_OF_IP_SRC) {
            return p.withIpSrc(load(p.ipSrc, mask, value << offset));
        }
        require(dst == NXM_OF_IP_DST, "load into a field not modelled: " + extension);
        return p.withIpDst(load(p.ipDst, mask, value << offset));
    }

    /** Nicira reg_move of a whole field into another of the same width: the ARP responder's three moves. */
    private static Packet applyMove(ExtensionTreatment extension, Packet p) {
        long src = ((Number) property(extension, "src")).longValue();
        long dst = ((Number) property(extension, "dst")).longValue();
        int nBits = ((Number) property(extension, "nBits")).intValue();
        require(((Number) property(extension, "srcOfs")).intValue() == 0
                        && ((Number) property(extension, "dstOfs")).intValue() == 0, "partial move: " + extension);
        if (src == NXM_OF_ETH_SRC && dst == NXM_OF_ETH_DST && nBits == 48) {
            return p.withEthDst(p.ethSrc);
        }
        require(p.isArp(), "ARP field move on a packet that is not ARP: " + extension);
        if (src == NXM_NX_ARP_SHA && dst == NXM_NX_ARP_THA && nBits == 48) {
            return p.withArpTha(p.arpSha);
        }
        require(src == NXM_OF_ARP_SPA && dst == NXM_OF_ARP_TPA && nBits == 32, "move not modelled: " + extension);
        return p.withArpTpa(p.arpSpa);
    }

    private static Ip4Address load(Ip4Address field, long mask, long bits) {
        long old = Integer.toUnsignedLong(field.toInt());
        return Ip4Address.valueOf((int) ((old & ~mask) | (bits & mask)));
    }

    private static <T> T property(ExtensionTreatment extension, String name) {
        try {
            return extension.getPropertyValue(name);
        } catch (ExtensionPropertyException e) {
            throw new IllegalStateException("NICIRA_LOAD without property " + name, e);
        }
    }

    /** What Open vSwitch checks when a flow is added: IPv4 matches and rewrites need eth_type IPv4 in the match. */
    private static void checkPrerequisites(FlowRule rule) {
        boolean ipv4Match = rule.selector().criteria().stream()
                .anyMatch(c -> c.type() == Criterion.Type.IPV4_SRC || c.type() == Criterion.Type.IPV4_DST);
        boolean arpMatch = rule.selector().criteria().stream()
                .anyMatch(c -> c.type() == Criterion.Type.ARP_TPA || c.type() == Criterion.Type.ARP_SPA
                        || c.type() == Criterion.Type.ARP_OP);
        boolean arpRewrite = rule.treatment().immediate().stream()
                .anyMatch(i -> i.type() == Instruction.Type.L3MODIFICATION
                        && ((L3ModificationInstruction) i).subtype().name().startsWith("ARP_"));
        boolean ipv4Rewrite = rule.treatment().immediate().stream()
                .anyMatch(i -> i.type() == Instruction.Type.L3MODIFICATION
                        && ((L3ModificationInstruction) i).subtype().name().startsWith("IPV4_")
                        || i.type() == Instruction.Type.EXTENSION && ExtensionTreatmentTypes.NICIRA_LOAD.type().equals(
                                ((Instructions.ExtensionInstructionWrapper) i).extensionInstruction().type()));
        boolean icmpMatch = rule.selector().criteria().stream().anyMatch(c -> c.type() == Criterion.Type.ICMPV4_TYPE);
        if (icmpMatch && !hasIpProto(rule, IPv4.PROTOCOL_ICMP)) {
            throw new IllegalStateException("icmp_type match without ip_proto ICMP: " + rule);
        }
        if ((arpMatch || arpRewrite) && !hasEthType(rule, Ethernet.TYPE_ARP)) {
            throw new IllegalStateException("ARP match or rewrite without eth_type ARP: " + rule);
        }
        if ((ipv4Match || ipv4Rewrite) && !hasEthType(rule, Ethernet.TYPE_IPV4)) {
            throw new IllegalStateException("IPv4 match or rewrite without eth_type IPv4: " + rule);
        }
    }

    private static boolean hasIpProto(FlowRule rule, byte protocol) {
        Criterion c = rule.selector().getCriterion(Criterion.Type.IP_PROTO);
        return c != null && ((IPProtocolCriterion) c).protocol() == protocol;
    }

    private static boolean hasEthType(FlowRule rule, short type) {
        Criterion c = rule.selector().getCriterion(Criterion.Type.ETH_TYPE);
        return c != null && ((EthTypeCriterion) c).ethType().toShort() == type;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
