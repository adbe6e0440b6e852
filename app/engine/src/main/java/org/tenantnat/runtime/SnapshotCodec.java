package org.tenantnat.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.config.DesiredStateCodec;
import org.tenantnat.runtime.StateStore.Snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot as one JSON document: the desired state in its own shape plus the translated blocks and the learned
 * MACs. Stores keep
 * this text, so what is persisted is exactly what an operator reads and writes.
 */
public final class SnapshotCodec {

    private static final String DESIRED = "desiredState";
    private static final String BLOCKS = "translatedBlocks";
    private static final String TENANT = "tenant";
    private static final String ORIGINAL = "original";
    private static final String TRANSLATED = "translated";
    private static final String LEARNED = "learnedMacs";
    private static final String IP = "ip";
    private static final String PORT = "connectPoint";
    private static final String VLAN = "vlan";
    private static final String MAC = "mac";

    private final ObjectMapper mapper = new ObjectMapper();
    private final DesiredStateCodec codec = new DesiredStateCodec();

    /**
     * Encodes a snapshot.
     *
     * @param snapshot snapshot
     * @return JSON text
     */
    public String encode(Snapshot snapshot) {
        ObjectNode root = mapper.createObjectNode();
        root.set(DESIRED, codec.encode(snapshot.desiredState()));
        ArrayNode blocks = root.putArray(BLOCKS);
        for (TranslatedBlock b : snapshot.allocation().allBlocks()) {
            blocks.addObject().put(TENANT, b.tenant()).put(ORIGINAL, b.original().toString())
                    .put(TRANSLATED, b.translated().toString());
        }
        ArrayNode learned = root.putArray(LEARNED);
        for (LearnedMac m : snapshot.learnedMacs()) {
            ObjectNode node = learned.addObject().put(IP, m.ip().toString()).put(PORT, m.port().toString())
                    .put(MAC, m.mac().toString());
            if (!VlanId.NONE.equals(m.vlan())) {
                node.put(VLAN, m.vlan().toShort());
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes a snapshot written by {@link #encode}.
     *
     * @param json JSON text
     * @return snapshot
     * @throws IllegalArgumentException when the text is not a snapshot
     */
    public Snapshot decode(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("stored state is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.has(DESIRED) || !root.path(BLOCKS).isArray()) {
            throw new IllegalArgumentException("stored state lacks " + DESIRED + " or " + BLOCKS);
        }
        List<TranslatedBlock> blocks = new ArrayList<>();
        for (JsonNode b : root.get(BLOCKS)) {
            blocks.add(new TranslatedBlock(b.path(TENANT).asText(), Ip4Prefix.valueOf(b.path(ORIGINAL).asText()),
                                           Ip4Prefix.valueOf(b.path(TRANSLATED).asText())));
        }
        // Snapshots written before MACs were kept have none: they are learned again by ARP.
        List<LearnedMac> learned = new ArrayList<>();
        for (JsonNode m : root.path(LEARNED)) {
            VlanId vlan = m.has(VLAN) ? VlanId.vlanId((short) m.get(VLAN).asInt()) : VlanId.NONE;
            learned.add(new LearnedMac(Ip4Address.valueOf(m.path(IP).asText()),
                                       ConnectPoint.deviceConnectPoint(m.path(PORT).asText()), vlan,
                                       MacAddress.valueOf(m.path(MAC).asText())));
        }
        return new Snapshot(codec.decode(root.get(DESIRED)), Allocation.of(blocks), learned);
    }
}
