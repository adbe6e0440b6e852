package org.tenantnat.state;

import com.google.common.collect.ImmutableMap;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one change did to the desired state: the records it really changed, each with its value before. The
 * runtime derives from it which rules to compile again.
 */
public final class DesiredChanges {

    private final Optional<ProviderSettings> settingsBefore;
    private final Map<String, Optional<Service>> servicesBefore;
    private final Map<String, Optional<Tenant>> tenantsBefore;
    private final Map<String, Optional<FabricLink>> linksBefore;

    private DesiredChanges(Builder b) {
        this.settingsBefore = b.settingsBefore;
        this.servicesBefore = ImmutableMap.copyOf(b.servicesBefore);
        this.tenantsBefore = ImmutableMap.copyOf(b.tenantsBefore);
        this.linksBefore = ImmutableMap.copyOf(b.linksBefore);
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the provider settings before, present only when they changed.
     *
     * @return settings before the change
     */
    public Optional<ProviderSettings> settingsBefore() {
        return settingsBefore;
    }

    /**
     * Returns the services that changed, each as it was before (empty when it is new).
     *
     * @return service name to its previous value
     */
    public Map<String, Optional<Service>> servicesBefore() {
        return servicesBefore;
    }

    /**
     * Returns the tenants that changed, each as it was before (empty when it is new).
     *
     * @return tenant name to its previous value
     */
    public Map<String, Optional<Tenant>> tenantsBefore() {
        return tenantsBefore;
    }

    /**
     * Returns the declared links that changed, each as it was before (empty when it is new).
     *
     * @return link name to its previous value
     */
    public Map<String, Optional<FabricLink>> linksBefore() {
        return linksBefore;
    }

    /**
     * Tells whether nothing changed.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return settingsBefore.isEmpty() && servicesBefore.isEmpty() && tenantsBefore.isEmpty()
                && linksBefore.isEmpty();
    }

    static final class Builder {
        private Optional<ProviderSettings> settingsBefore = Optional.empty();
        private final Map<String, Optional<Service>> servicesBefore = new LinkedHashMap<>();
        private final Map<String, Optional<Tenant>> tenantsBefore = new LinkedHashMap<>();
        private final Map<String, Optional<FabricLink>> linksBefore = new LinkedHashMap<>();

        void settings(ProviderSettings before) {
            settingsBefore = Optional.of(before);
        }

        void service(String name, Optional<Service> before) {
            servicesBefore.put(name, before);
        }

        void tenant(String name, Optional<Tenant> before) {
            tenantsBefore.put(name, before);
        }

        void link(String key, Optional<FabricLink> before) {
            linksBefore.put(key, before);
        }

        DesiredChanges build() {
            return new DesiredChanges(this);
        }
    }
}
