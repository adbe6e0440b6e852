package org.tenantnat.runtime;

import org.onlab.packet.ICMP;
import org.onlab.packet.ICMPEcho;
import org.onlab.packet.IPv4;
import org.onlab.packet.TCP;
import org.onlab.packet.UDP;
import org.tenantnat.pipeline.RuleOwner;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which connections of each pat host the connection tracker refused and were sent through the host's newest port
 * block once more.
 * <p>
 * A packet the tracker could not translate may have met an older block: Open vSwitch keeps translating with a
 * datapath flow cached from the rules before until it revalidates, and a packet-in can leave the switch after the
 * barrier reply that confirmed the newest block. Only a connection refused again after going through the newest
 * block (a packet-out meets the switch's current rules) proves that block used up, so that is when the host gets
 * one more block or a refusal.
 */
final class PortBlockRetries {

    /** Connections remembered per host; beyond, a refused packet counts as used up at once. */
    private static final int MAX_PER_HOST = 4096;

    private final Map<RuleOwner, Set<String>> retried = new HashMap<>();

    /**
     * Notes a refused packet of a pat host.
     *
     * @param host   the host's binding owner
     * @param packet the refused packet
     * @return true when its connection was not sent through the newest block yet: send it there now
     */
    boolean retry(RuleOwner host, IPv4 packet) {
        Set<String> connections = retried.computeIfAbsent(host, h -> new LinkedHashSet<>());
        return connections.size() < MAX_PER_HOST && connections.add(connectionOf(packet));
    }

    /**
     * Forgets a host's connections: it got a new block, or its binding ended.
     *
     * @param host the host's binding owner
     */
    void forget(RuleOwner host) {
        retried.remove(host);
    }

    // What the tracker tells connections of one host apart by: protocol, source port, destination and its port.
    private static String connectionOf(IPv4 packet) {
        String destination = IPv4.fromIPv4Address(packet.getDestinationAddress());
        if (packet.getPayload() instanceof TCP) {
            TCP tcp = (TCP) packet.getPayload();
            return "tcp " + tcp.getSourcePort() + " " + destination + " " + tcp.getDestinationPort();
        }
        if (packet.getPayload() instanceof UDP) {
            UDP udp = (UDP) packet.getPayload();
            return "udp " + udp.getSourcePort() + " " + destination + " " + udp.getDestinationPort();
        }
        if (packet.getPayload() instanceof ICMP && packet.getPayload().getPayload() instanceof ICMPEcho) {
            ICMPEcho echo = (ICMPEcho) packet.getPayload().getPayload();
            return "icmp " + echo.getIdentifier() + " " + destination;
        }
        return packet.getProtocol() + " " + destination;
    }
}
