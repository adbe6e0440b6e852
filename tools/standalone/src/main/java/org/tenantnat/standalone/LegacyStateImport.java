package org.tenantnat.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.store.StateChange;
import org.tenantnat.store.StateStoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the single-file state an earlier version kept ({@code state.json}: desired state, translated blocks and
 * learned MACs in one document), so a state directory written before the record log starts with its tenants,
 * blocks and MACs as they were. The file is renamed {@code state.json.imported} once its records are committed.
 */
final class LegacyStateImport {

    /** The earlier version's file name. */
    static final String FILE = "state.json";

    private static final Logger log = LoggerFactory.getLogger(LegacyStateImport.class);
    private static final Origin ORIGIN = new Origin(Origin.Channel.SYSTEM, "import of " + FILE);

    private LegacyStateImport() {
    }

    /**
     * Reads the earlier version's state of a directory.
     *
     * @param directory state directory
     * @return its records, empty when the directory has no such file
     * @throws StateStoreException when the file cannot be read
     */
    static Optional<StateChange> read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            DesiredState desired = DesiredStateReader.parseAndValidate(root.path("desiredState"));
            StateChange.Builder change = StateChange.builder(ORIGIN).settings(ProviderSettings.of(desired));
            desired.services().forEach(change::putService);
            desired.tenants().forEach(change::putTenant);
            Map<String, List<TranslatedBlock>> blocks = new TreeMap<>();
            for (JsonNode b : root.path("translatedBlocks")) {
                String tenant = b.path("tenant").asText();
                blocks.computeIfAbsent(tenant, t -> new ArrayList<>()).add(new TranslatedBlock(
                        tenant, Ip4Prefix.valueOf(b.path("original").asText()),
                        Ip4Prefix.valueOf(b.path("translated").asText())));
            }
            blocks.forEach(change::putBlocks);
            for (JsonNode m : root.path("learnedMacs")) {
                VlanId vlan = m.has("vlan") ? VlanId.vlanId((short) m.get("vlan").asInt()) : VlanId.NONE;
                Neighbour n = new Neighbour(Ip4Address.valueOf(m.path("ip").asText()), new Attachment(
                        ConnectPoint.deviceConnectPoint(m.path("connectPoint").asText()), vlan));
                change.neighbour(n, Optional.of(MacAddress.valueOf(m.path("mac").asText())));
            }
            return Optional.of(change.build());
        } catch (IOException | RuntimeException e) {
            throw new StateStoreException("cannot import " + file + " written by an earlier version: "
                                                  + e.getMessage(), e);
        }
    }

    /**
     * Renames the imported file, once its records are committed.
     *
     * @param directory state directory
     */
    static void done(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            Files.move(file, directory.resolve(FILE + ".imported"), StandardCopyOption.REPLACE_EXISTING);
            log.info("imported {} into {}; the old file is kept as {}.imported", file, FileStateStore.LOG, FILE);
        } catch (IOException e) {
            log.warn("imported {} but cannot rename it: {}", file, e.getMessage());
        }
    }
}
