package org.tenantnat.pipeline;

import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Compiles the desired state and its allocation into the ONOS flow rules of each switch, grouped by owner. Pure:
 * the same inputs always give the same rules, and a change of one tenant or access changes only that owner's rules.
 * <p>
 * Table layout ({@link PipelineSettings#tableId(PipelineTable)}), metadata = tenant id:
 * <ol>
 * <li>{@link PipelineTable#CLASSIFIER}: tenant port+VLAN IPv4 -&gt; pop VLAN, metadata, source translation;
 *     service port IPv4 -&gt; return classifier; ARP for gateways and VIPs answered (flows where the switch has
 *     Nicira moves, else the controller); ICMP errors to a VIP -&gt; controller.</li>
 * <li>{@link PipelineTable#SOURCE_TRANSLATION}: metadata + source in a customer prefix -&gt; translated block.</li>
 * <li>{@link PipelineTable#SERVICE_ACCESS}: metadata + VIP -&gt; service address and MAC, out to the service.</li>
 * <li>{@link PipelineTable#RETURN_CLASSIFIER}: destination in a translated block -&gt; metadata; ICMP errors to
 *     a pool address -&gt; controller (where tenants attach); anything else -&gt; fabric (where links are).</li>
 * <li>{@link PipelineTable#RETURN_ACCESS}: metadata + service source -&gt; VIP.</li>
 * <li>{@link PipelineTable#RETURN_TRANSLATION}: metadata + translated destination -&gt; customer host, router MAC,
 *     push VLAN, out to the attachment.</li>
 * <li>{@link PipelineTable#FABRIC}: a service's address toward its switch (or to its port there), a tenant's
 *     translated blocks toward its edge switch.</li>
 * </ol>
 * Every table ends in a priority-0 drop. Each rule's cookie carries the owning tenant's id ({@link RuleCookie}).
 * An access to a service on another switch fails with a reason when no path of the fabric reaches it.
 */
public final class PipelineCompiler {

    private final ApplicationId appId;
    private final PipelineSettings settings;

    /**
     * Creates a compiler.
     *
     * @param appId    application the rules belong to
     * @param settings tables, priority and per-host limit
     */
    public PipelineCompiler(ApplicationId appId, PipelineSettings settings) {
        this.appId = checkNotNull(appId, "appId");
        this.settings = checkNotNull(settings, "settings");
    }

    /**
     * Returns the compiler of one switch.
     *
     * @param device switch
     * @param caps   how the switch rewrites addresses
     * @return switch compiler
     */
    public SwitchCompiler forSwitch(DeviceId device, SwitchCapabilities caps) {
        RuleFactory rules = new RuleFactory(appId, settings, checkNotNull(device, "device"),
                                            checkNotNull(caps, "caps"));
        return new SwitchCompiler(rules, AddressRewrite.forSwitch(caps, device, settings),
                                  caps.conntrack().isPresent());
    }

    /**
     * Compiles every rule of one switch.
     *
     * @param device switch
     * @param in     desired state, blocks and learned MACs
     * @param caps   how the switch rewrites addresses
     * @return the switch's rules by owner, with failed and pending owners
     */
    public CompiledPipeline compile(DeviceId device, PipelineInput in, SwitchCapabilities caps) {
        return new CompiledPipeline(device, forSwitch(device, caps).all(checkNotNull(in, "in")));
    }

    /**
     * Compiles every rule of one switch from a whole desired-state document.
     *
     * @param device     switch
     * @param state      desired state
     * @param allocation translated blocks of the desired state
     * @param neighbours MACs learned for routers and services the state gives no MAC for
     * @param caps       how the switch rewrites addresses
     * @return the switch's rules by owner, with failed and pending owners
     */
    public CompiledPipeline compile(DeviceId device, DesiredState state, Allocation allocation, Neighbours neighbours,
                                    SwitchCapabilities caps) {
        return compile(device, PipelineInput.of(state, allocation, neighbours), caps);
    }
}
