package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.meter.MeterId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The test network: one switch with a trunk (port 1: acme on VLAN 100, beta on VLAN 200), an untagged customer port
 * (port 2: gamma) and the backup service (port 10). Every customer and the provider use 10.1.1.0/24; each tenant
 * reaches the service at 10.250.0.10. Allocations are made by hand: tenant #n's 10.x.y.0/len goes to
 * 100.(64+n).y.0/len.
 */
final class Lab {

    static final ApplicationId APP = new DefaultApplicationId(1, "org.tenantnat");
    static final DeviceId SW1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId SW2 = DeviceId.deviceId("of:0000000000000002");
    static final MacAddress GATEWAY_MAC = MacAddress.valueOf("02:00:00:00:00:01");
    static final String GATEWAY_IP = "10.1.1.1";
    static final Ip4Prefix CUSTOMER_PREFIX = Ip4Prefix.valueOf("10.1.1.0/24");
    static final String ROUTER_IP = "10.1.1.254";
    static final String VIP = "10.250.0.10";

    static final String SERVICE_IP = "10.1.1.10";
    static final MacAddress SERVICE_MAC = MacAddress.valueOf("02:00:00:00:0b:0a");
    static final ConnectPoint SERVICE_PORT = ConnectPoint.deviceConnectPoint("of:0000000000000001/10");
    static final Service BACKUP = new Service("backup", Ip4Address.valueOf(SERVICE_IP), SERVICE_PORT,
                                              Ip4Address.valueOf(GATEWAY_IP), SERVICE_MAC);

    static final Tenant ACME = tenant("acme", 1, "of:0000000000000001/1", VlanId.vlanId((short) 100)).build();
    static final Tenant BETA = tenant("beta", 2, "of:0000000000000001/1", VlanId.vlanId((short) 200)).build();
    static final Tenant GAMMA = tenant("gamma", 3, "of:0000000000000001/2", VlanId.NONE).build();

    static final SwitchCapabilities PREFIX = SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new);
    static final SwitchCapabilities PER_HOST = SwitchCapabilities.perHost();
    static final MeterId ARP_METER = MeterId.meterId(1);
    static final MeterId ICMP_METER = MeterId.meterId(2);
    /** Open vSwitch as the standalone host sees it: prefix rewrites, ARP answered by flows, a meter per punt reason. */
    static final SwitchCapabilities OVS = PREFIX.withArpResponder(NiciraMoveTreatment.resolver())
            .withPuntMeter(PuntReason.ARP, ARP_METER).withPuntMeter(PuntReason.ICMP_ERROR, ICMP_METER);

    private Lab() {
    }

    /** A tenant on 10.1.1.0/24 with its own router MAC and access to backup at the VIP. */
    static Tenant.Builder tenant(String name, int id, String port, VlanId vlan) {
        return Tenant.builder().name(name).id(id)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint(port), vlan))
                .routerIp(Ip4Address.valueOf(ROUTER_IP))
                .routerMac(routerMac(id))
                .gatewayIp(Ip4Address.valueOf(GATEWAY_IP))
                .prefixes(List.of(CUSTOMER_PREFIX))
                .access(List.of(new Access("backup", Ip4Address.valueOf(VIP))));
    }

    static MacAddress routerMac(int tenantId) {
        return MacAddress.valueOf(0x0e0000000000L | tenantId);
    }

    /** The desired state with the backup service and these tenants. */
    static DesiredState state(Tenant... tenants) {
        return new DesiredState(List.of(DesiredState.DEFAULT_POOL), GATEWAY_MAC, List.of(BACKUP),
                                Arrays.asList(tenants));
    }

    /** The hand-made allocation of a state: tenant #n's 10.x.y.0/len goes to 100.(64+n).y.0/len. */
    static Allocation allocation(DesiredState state) {
        return Allocation.of(state.tenants().stream()
                                     .flatMap(t -> t.prefixes().stream().map(p -> block(t, p)))
                                     .collect(Collectors.toList()));
    }

    static TranslatedBlock block(Tenant tenant, Ip4Prefix prefix) {
        int base = Ip4Address.valueOf("100.64.0.0").toInt() + (tenant.id() << 16);
        int translated = base | (prefix.address().toInt() & 0xffff);
        return new TranslatedBlock(tenant.name(), prefix, Ip4Prefix.valueOf(translated, prefix.prefixLength()));
    }

    /** The address the service sees for a tenant's host. */
    static String translated(Tenant tenant, String host) {
        return block(tenant, CUSTOMER_PREFIX).translate(Ip4Address.valueOf(host)).toString();
    }

    static PipelineCompiler compiler() {
        return new PipelineCompiler(APP, PipelineSettings.DEFAULTS);
    }

    /** Compiles SW1 for a state with its hand-made allocation, every MAC configured. */
    static CompiledPipeline compile(DesiredState state, SwitchCapabilities caps) {
        return compiler().compile(SW1, state, allocation(state), Neighbours.NONE, caps);
    }

    static PipelineEvaluator evaluator(CompiledPipeline pipeline) {
        return new PipelineEvaluator(pipeline.allRules(), PipelineSettings.DEFAULT_FIRST_TABLE);
    }

    /** An IPv4 packet from a host behind a tenant's router, as it arrives on the tenant's attachment. */
    static Packet fromTenant(Tenant tenant, String src, String dst) {
        Attachment at = tenant.attachment();
        return Packet.ipv4(at.connectPoint().port(), at.vlan(), routerMac(tenant.id()), GATEWAY_MAC, src, dst);
    }

    /** An IPv4 packet from the service, as it arrives on the service port. */
    static Packet fromService(String src, String dst) {
        return Packet.ipv4(SERVICE_PORT.port(), VlanId.NONE, SERVICE_MAC, GATEWAY_MAC, src, dst);
    }

    /** An ARP request from a tenant's router. */
    static Packet arpFrom(Tenant tenant, String target) {
        Attachment at = tenant.attachment();
        return Packet.arpRequest(at.connectPoint().port(), at.vlan(), routerMac(tenant.id()), target);
    }
}
