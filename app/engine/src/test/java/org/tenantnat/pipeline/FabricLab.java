package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.provider.ProviderId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.fabric.Fabric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The test fabric: two edge switches, a core and a service switch, with a redundant link between the edges.
 * <pre>
 *   acme (1) beta (3)         globex (2) initech (4)
 *        \  /                       \  /
 *        e1 /10 ---- /1 core /2 ---- /10 e2
 *          /11 ------------------------- /11
 *                   core /3
 *                     |
 *                   /10 svc: port 1 = provider subnet (backup, archive), port 2 = provider router (reports)
 * </pre>
 * acme (e1), globex and initech (e2) all use 10.1.1.0/24 and reach backup at 10.250.0.10; acme also reaches archive
 * and reports; beta (e1, 10.7.0.0/24) reaches backup only. MACs are configured, so nothing waits for ARP.
 */
final class FabricLab {

    static final DeviceId E1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId E2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId CORE = DeviceId.deviceId("of:0000000000000003");
    static final DeviceId SVC = DeviceId.deviceId("of:0000000000000004");
    static final List<DeviceId> SWITCHES = List.of(E1, E2, CORE, SVC);

    static final ConnectPoint E1_CORE = cp(E1, 10);
    static final ConnectPoint CORE_E1 = cp(CORE, 1);
    static final ConnectPoint E2_CORE = cp(E2, 10);
    static final ConnectPoint CORE_E2 = cp(CORE, 2);
    static final ConnectPoint CORE_SVC = cp(CORE, 3);
    static final ConnectPoint SVC_CORE = cp(SVC, 10);
    static final ConnectPoint E1_E2 = cp(E1, 11);
    static final ConnectPoint E2_E1 = cp(E2, 11);

    static final String VIP = "10.250.0.10";
    static final String ARCHIVE_VIP = "10.250.0.11";
    static final String REPORTS_VIP = "10.250.0.12";
    static final ConnectPoint PROVIDER_SUBNET = cp(SVC, 1);
    static final ConnectPoint PROVIDER_ROUTER = cp(SVC, 2);
    static final MacAddress BACKUP_MAC = MacAddress.valueOf("02:05:00:00:00:01");
    static final MacAddress ARCHIVE_MAC = MacAddress.valueOf("02:05:00:00:00:02");
    static final MacAddress ROUTER_MAC = MacAddress.valueOf("02:05:00:00:00:fe");
    static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.9.0.10"), PROVIDER_SUBNET,
                                              Ip4Address.valueOf("10.9.0.1"), BACKUP_MAC);
    static final Service ARCHIVE = new Service("archive", Ip4Address.valueOf("10.9.0.11"), PROVIDER_SUBNET,
                                               Ip4Address.valueOf("10.9.0.1"), ARCHIVE_MAC);
    static final Service REPORTS = new Service("reports", Ip4Address.valueOf("10.20.0.5"), PROVIDER_ROUTER,
                                               Ip4Address.valueOf("10.9.1.1"), null,
                                               Ip4Address.valueOf("10.9.1.254"), ROUTER_MAC);

    static final Tenant ACME = Lab.tenant("acme", 1, "of:0000000000000001/1", VlanId.NONE)
            .access(List.of(access("backup", VIP), access("archive", ARCHIVE_VIP), access("reports", REPORTS_VIP)))
            .build();
    static final Tenant GLOBEX = Lab.tenant("globex", 2, "of:0000000000000002/1", VlanId.NONE).build();
    static final Tenant BETA = Lab.tenant("beta", 3, "of:0000000000000001/2", VlanId.NONE)
            .prefixes(List.of(Ip4Prefix.valueOf("10.7.0.0/24"))).build();
    static final Tenant INITECH = Lab.tenant("initech", 4, "of:0000000000000002/2", VlanId.NONE).build();

    private static final ProviderId DISCOVERY = new ProviderId("test", "lldp");

    private FabricLab() {
    }

    static ConnectPoint cp(DeviceId device, long port) {
        return new ConnectPoint(device, PortNumber.portNumber(port));
    }

    static Access access(String service, String vip) {
        return new Access(service, Ip4Address.valueOf(vip));
    }

    /** The desired state with the three services and these tenants. */
    static DesiredState state(Tenant... tenants) {
        return new DesiredState(List.of(DesiredState.DEFAULT_POOL), Lab.GATEWAY_MAC, List.of(BACKUP, ARCHIVE, REPORTS),
                                Arrays.asList(tenants));
    }

    /** Both directions of each link between two ports. */
    static List<Link> links(ConnectPoint... ends) {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < ends.length; i += 2) {
            links.add(link(ends[i], ends[i + 1]));
            links.add(link(ends[i + 1], ends[i]));
        }
        return links;
    }

    private static Link link(ConnectPoint src, ConnectPoint dst) {
        return DefaultLink.builder().providerId(DISCOVERY).src(src).dst(dst).type(Link.Type.DIRECT)
                .state(Link.State.ACTIVE).build();
    }

    /** Every link of the lab. */
    static List<Link> allLinks() {
        return links(E1_CORE, CORE_E1, E2_CORE, CORE_E2, CORE_SVC, SVC_CORE, E1_E2, E2_E1);
    }

    /** The lab's links but the one between e1 and the core. */
    static List<Link> withoutE1Core() {
        return links(E2_CORE, CORE_E2, CORE_SVC, SVC_CORE, E1_E2, E2_E1);
    }

    /** The fabric over some links, every switch connected. */
    static Fabric fabric(Collection<Link> links) {
        return Fabric.of(links, List.of(), d -> true, p -> true, p -> Optional.empty());
    }

    /** Every switch's rules for a state over some links, with the hand-made allocation. */
    static Map<DeviceId, CompiledPipeline> compile(DesiredState state, Collection<Link> links) {
        PipelineInput in = PipelineInput.of(state, Lab.allocation(state), Neighbours.NONE, fabric(links));
        Map<DeviceId, CompiledPipeline> all = new HashMap<>();
        for (DeviceId d : SWITCHES) {
            all.put(d, Lab.compiler().compile(d, in, Lab.PREFIX));
        }
        return all;
    }

    /** The fabric of compiled switches, wired by the links. */
    static FabricEvaluator evaluator(Map<DeviceId, CompiledPipeline> pipelines, Collection<Link> links) {
        Map<DeviceId, Collection<FlowRule>> tables = pipelines.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().allRules()));
        return new FabricEvaluator(tables, links, PipelineSettings.DEFAULT_FIRST_TABLE);
    }

    /** An IPv4 packet from a host behind a tenant's router, as it arrives on the tenant's attachment. */
    static Packet fromTenant(Tenant tenant, String src, String dst) {
        Attachment at = tenant.attachment();
        return Packet.ipv4(at.connectPoint().port(), at.vlan(), Lab.routerMac(tenant.id()), Lab.GATEWAY_MAC, src,
                           dst);
    }

    /** An IPv4 packet from a service (or its router), as it arrives on the service's port. */
    static Packet fromService(Service service, MacAddress mac, String dst) {
        return Packet.ipv4(service.connectPoint().port(), VlanId.NONE, mac, Lab.GATEWAY_MAC,
                           service.ip().toString(), dst);
    }

    /** The switches of the lab. */
    static Set<DeviceId> switches() {
        return Set.copyOf(SWITCHES);
    }
}
