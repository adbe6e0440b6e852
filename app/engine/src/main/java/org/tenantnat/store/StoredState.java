package org.tenantnat.store;

import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Everything a store holds: every record, as one change from nothing, and the revision of the last commit.
 */
public final class StoredState {

    private final long revision;
    private final StateChange records;

    /**
     * Creates a stored state.
     *
     * @param revision revision of the last commit, 0 when nothing was ever committed
     * @param records  every record held, as puts
     */
    public StoredState(long revision, StateChange records) {
        checkArgument(revision >= 0, "revision %s", revision);
        this.revision = revision;
        this.records = checkNotNull(records, "records");
    }

    /**
     * Returns the revision of the last commit.
     *
     * @return revision, 0 when nothing was committed
     */
    public long revision() {
        return revision;
    }

    /**
     * Returns every record held.
     *
     * @return records as one change from nothing
     */
    public StateChange records() {
        return records;
    }

    /**
     * Returns the desired state the records hold.
     *
     * @return desired state, services, tenants and links by name
     */
    public DesiredState desiredState() {
        ProviderSettings settings = records.settings().orElse(ProviderSettings.DEFAULTS);
        return new DesiredState(settings.pool(), settings.gatewayMac(),
                                records.services().values().stream().flatMap(Optional::stream)
                                        .collect(Collectors.toList()),
                                records.tenants().values().stream().flatMap(Optional::stream)
                                        .collect(Collectors.toList()),
                                records.links().values().stream().flatMap(Optional::stream)
                                        .collect(Collectors.toList()));
    }

    /**
     * Returns the translated blocks the records hold.
     *
     * @return allocation
     */
    public Allocation allocation() {
        List<TranslatedBlock> blocks = new ArrayList<>();
        records.blocks().values().forEach(b -> b.ifPresent(blocks::addAll));
        return Allocation.of(blocks);
    }

    /**
     * Tells whether the store holds nothing yet.
     *
     * @return true when no record is held
     */
    public boolean isEmpty() {
        return records.isEmpty();
    }
}
