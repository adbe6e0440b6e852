package org.tenantnat.pipeline;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.FlowRule;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compiles the rules of one switch, owner by owner: the shared rules (service ports, link ports, table misses), a
 * tenant's own rules (classifier, source translation, return path), each of its accesses (VIP), and the routes
 * between switches that cross this one (a service's address toward its switch, a tenant's blocks toward its edge).
 * Compiling an owner reads only what that owner depends on, so the runtime compiles again just the owners a change
 * touched.
 */
public final class SwitchCompiler {

    private final DeviceId device;
    private final RuleFactory rules;
    private final AddressRewrite rewrite;
    private final ClassifierTable classifier;
    private final SourceTranslationTable sourceTranslation;
    private final ServiceAccessTable serviceAccess;
    private final ReturnClassifierTable returnClassifier;
    private final ReturnAccessTable returnAccess;
    private final ReturnTranslationTable returnTranslation;
    private final FabricTable fabric;
    private final BindingTables bindings;
    private final boolean conntrack;

    SwitchCompiler(RuleFactory rules, AddressRewrite rewrite, boolean conntrack) {
        this.device = rules.device();
        this.rules = rules;
        this.rewrite = rewrite;
        this.classifier = new ClassifierTable(rules);
        this.sourceTranslation = new SourceTranslationTable(rules, rewrite);
        this.serviceAccess = new ServiceAccessTable(rules);
        this.returnClassifier = new ReturnClassifierTable(rules);
        this.returnAccess = new ReturnAccessTable(rules);
        this.returnTranslation = new ReturnTranslationTable(rules, rewrite);
        this.fabric = new FabricTable(rules);
        this.bindings = new BindingTables(rules);
        this.conntrack = conntrack;
    }

    /**
     * Returns the switch.
     *
     * @return device id
     */
    public DeviceId device() {
        return device;
    }

    /**
     * Compiles the whole switch.
     *
     * @param in desired state, blocks and learned MACs
     * @return every owner's rules, shared first, then by tenant and service name
     */
    public SortedMap<RuleOwner, OwnerRules> all(PipelineInput in) {
        SortedMap<RuleOwner, OwnerRules> all = new TreeMap<>();
        Collection<Tenant> tenants = in.tenantsOn(device);
        put(all, RuleOwner.SHARED, shared(in, !tenants.isEmpty()));
        // Owners compile independently of each other: a whole switch (start-up, reconnection) uses every core.
        tenants.parallelStream().map(t -> owners(t, in)).collect(Collectors.toList())
                .forEach(owners -> owners.forEach((owner, rules) -> put(all, owner, rules)));
        if (!in.fabric().fabricPorts(device).isEmpty()) {
            FabricRoutes routes = new FabricRoutes(in);
            in.services().forEach(s -> put(all, RuleOwner.serviceRoute(s.name()), serviceRoute(s, in, routes)));
            in.tenants().parallelStream().filter(t -> !t.edge().equals(device))
                    .map(t -> Map.entry(RuleOwner.tenantRoute(t.name()), tenantRoute(t, in, routes)))
                    .collect(Collectors.toList()).forEach(e -> put(all, e.getKey(), e.getValue()));
        }
        return all;
    }

    // A tenant's own rules, those of each of its accesses and those of each of its bound hosts.
    private Map<RuleOwner, OwnerRules> owners(Tenant t, PipelineInput in) {
        Map<RuleOwner, OwnerRules> owners = new HashMap<>();
        owners.put(RuleOwner.tenant(t.name()), tenant(t, in));
        for (Access a : t.access()) {
            owners.put(RuleOwner.access(t.name(), a.service()), access(t, a, in));
        }
        if (t.translation().bindsHosts()) {
            for (Ip4Address host : in.boundHosts(t.name())) {
                owners.put(RuleOwner.binding(t.name(), host), binding(t, host, in));
            }
        }
        return owners;
    }

    private static void put(SortedMap<RuleOwner, OwnerRules> all, RuleOwner owner, OwnerRules rules) {
        if (!rules.isEmpty()) {
            all.put(owner, rules);
        }
    }

    /**
     * Compiles the rules no tenant owns: the service ports, the ICMP errors to translated addresses once tenants
     * are attached, the link ports when routes between switches cross or end on this one and, once the switch holds
     * anything of ours, a drop at the end of every table.
     *
     * @param in         services of the switch, the gateway MAC, the translation pool and the fabric
     * @param anyTenants whether tenants are attached to it
     * @return shared rules
     */
    public OwnerRules shared(PipelineInput in, boolean anyTenants) {
        Collection<Service> services = in.servicesOn(device);
        boolean routes = new FabricRoutes(in).carriesRoutes(device);
        List<FlowRule> shared = new ArrayList<>();
        services.forEach(s -> shared.addAll(classifier.servicePort(s, in.gatewayMac())));
        // Errors to the tenants of other switches are punted here too when they cross this one: the controller
        // finds the tenant from the address wherever the error was punted. A switch without tenants routes them.
        if (anyTenants) {
            shared.addAll(returnClassifier.icmpErrors(in.pool()));
        }
        if (routes) {
            shared.addAll(fabric.shared(in.fabric().fabricPorts(device)));
        }
        if (!services.isEmpty() || anyTenants || routes) {
            shared.addAll(rules.tableMisses());
        }
        return OwnerRules.of(shared);
    }

    /**
     * Compiles a tenant's own rules.
     *
     * @param tenant tenant attached to this switch
     * @param in     its blocks and router MAC
     * @return its rules, failed or pending with the reason
     */
    public OwnerRules tenant(Tenant tenant, PipelineInput in) {
        Optional<String> problem = problem(tenant, in);
        if (problem.isPresent()) {
            return OwnerRules.failed(problem.get());
        }
        List<TranslatedBlock> blocks = in.blocks(tenant.name());
        List<FlowRule> own = new ArrayList<>(classifier.tenant(tenant, in.gatewayMac()));
        Optional<MacAddress> routerMac = tenant.routerMac().or(() -> in.learnedMac(Neighbour.routerOf(tenant)));
        if (tenant.translation().bindsHosts()) {
            own.addAll(bindings.tenant(tenant, in.poolBlock(tenant.name()).orElseThrow(), in.gatewayMac(),
                                       routerMac));
            return routerMac.isPresent() ? OwnerRules.of(own) : OwnerRules.pending(own, waitingForRouter(tenant));
        }
        own.addAll(sourceTranslation.tenant(tenant, blocks));
        own.addAll(returnClassifier.tenant(tenant, blocks));
        if (routerMac.isEmpty()) {
            return OwnerRules.pending(own, waitingForRouter(tenant));
        }
        own.addAll(returnTranslation.tenant(tenant, blocks, in.gatewayMac(), routerMac.get()));
        return OwnerRules.of(own);
    }

    /**
     * Compiles the rules of one host's bindings: its translation both ways (dynamic), or its conntrack translation
     * into its newest port block and the return classification of each of its blocks (pat).
     *
     * @param tenant a dynamic or pat tenant attached to this switch
     * @param host   one of its hosts
     * @param in     the host's bindings and the router's MAC
     * @return its rules, empty when it holds no binding; pending while the router's MAC is unknown
     */
    public OwnerRules binding(Tenant tenant, Ip4Address host, PipelineInput in) {
        if (!tenant.translation().bindsHosts() || problem(tenant, in).isPresent()) {
            return OwnerRules.NONE;
        }
        Optional<MacAddress> routerMac = tenant.routerMac().or(() -> in.learnedMac(Neighbour.routerOf(tenant)));
        List<FlowRule> own = bindings.host(tenant, host, in.bindings(tenant.name(), host), in.gatewayMac(),
                                           routerMac);
        return routerMac.isPresent() || tenant.translation().mode() == TranslationPolicy.Mode.PAT
                ? OwnerRules.of(own) : OwnerRules.pending(own, waitingForRouter(tenant));
    }

    private static String waitingForRouter(Tenant tenant) {
        return "waiting for ARP reply from router " + tenant.routerIp() + " on " + tenant.attachment();
    }

    /**
     * Compiles one access of a tenant: its VIP toward the service and back.
     *
     * @param tenant tenant attached to this switch
     * @param access one of its accesses
     * @param in     the service and its MAC
     * @return the access's rules, failed or pending with the reason
     */
    public OwnerRules access(Tenant tenant, Access access, PipelineInput in) {
        Optional<String> problem = problem(tenant, in);
        if (problem.isPresent()) {
            return OwnerRules.failed(problem.get());
        }
        Optional<Service> found = in.service(access.service());
        if (found.isEmpty()) {
            return OwnerRules.failed("tenant " + tenant.name() + ": service " + access.service()
                                             + " does not exist");
        }
        Service service = found.get();
        if (!service.connectPoint().deviceId().equals(device)) {
            Optional<String> unreachable = new FabricRoutes(in).unreachable(tenant, service);
            if (unreachable.isPresent()) {
                return OwnerRules.failed(unreachable.get());
            }
            List<FlowRule> own = new ArrayList<>(classifier.access(tenant, access, in.gatewayMac()));
            own.addAll(patErrorsBack(tenant, access, in));
            own.add(returnAccess.remoteAccess(tenant, access, service));
            own.add(serviceAccess.remoteAccess(tenant, access, service));
            return OwnerRules.of(own);
        }
        List<FlowRule> own = new ArrayList<>(classifier.access(tenant, access, in.gatewayMac()));
        own.addAll(patErrorsBack(tenant, access, in));
        own.add(returnAccess.access(tenant, access, service));
        Optional<MacAddress> serviceMac = service.nextHopMac().or(() -> in.learnedMac(Neighbour.of(service)));
        if (serviceMac.isEmpty()) {
            return OwnerRules.pending(own, "waiting for ARP reply from service " + service.name() + " "
                    + service.ip() + " on " + service.connectPoint());
        }
        own.add(serviceAccess.access(tenant, access, service, in.gatewayMac(), serviceMac.get()));
        return OwnerRules.of(own);
    }

    private List<FlowRule> patErrorsBack(Tenant tenant, Access access, PipelineInput in) {
        return tenant.translation().mode() == TranslationPolicy.Mode.PAT
                ? bindings.patErrorsBack(tenant, access, in.poolBlock(tenant.name()).orElseThrow()) : List.of();
    }

    /**
     * Compiles a service's route on this switch: its address toward the service's switch when users' packets
     * cross this switch, or delivered to its port when this is the service's switch and users elsewhere reach it.
     *
     * @param service service
     * @param in      its users' switches, its MAC and the fabric
     * @return the route's rules, pending while the service's (or its router's) MAC is unknown
     */
    public OwnerRules serviceRoute(Service service, PipelineInput in) {
        return serviceRoute(service, in, new FabricRoutes(in));
    }

    private OwnerRules serviceRoute(Service service, PipelineInput in, FabricRoutes routes) {
        Optional<PortNumber> toward = routes.serviceNextHop(service, device);
        if (toward.isPresent()) {
            return OwnerRules.of(List.of(fabric.serviceTransit(service, toward.get())));
        }
        if (!routes.deliversRemote(service, device)) {
            return OwnerRules.NONE;
        }
        Optional<MacAddress> mac = service.nextHopMac().or(() -> in.learnedMac(Neighbour.of(service)));
        if (mac.isEmpty()) {
            return OwnerRules.pending(List.of(), "waiting for ARP reply from " + (service.routerIp().isPresent()
                    ? "router " + service.nextHopIp() + " of service " + service.name()
                    : "service " + service.name() + " " + service.ip()) + " on " + service.connectPoint());
        }
        return OwnerRules.of(List.of(fabric.serviceDelivery(service, in.gatewayMac(), mac.get())));
    }

    /**
     * Compiles a tenant's route on this switch, which is not its edge: its translated blocks (a dynamic or pat
     * tenant's pool block) toward its edge, when replies from its services cross this switch.
     *
     * @param tenant tenant attached to another switch
     * @param in     its blocks, its services and the fabric
     * @return the route's rules
     */
    public OwnerRules tenantRoute(Tenant tenant, PipelineInput in) {
        return tenantRoute(tenant, in, new FabricRoutes(in));
    }

    private OwnerRules tenantRoute(Tenant tenant, PipelineInput in, FabricRoutes routes) {
        return routes.tenantNextHop(tenant, device)
                .map(port -> OwnerRules.of(fabric.tenantTransit(tenant, translatedPrefixes(tenant, in), port)))
                .orElse(OwnerRules.NONE);
    }

    // What replies to a tenant are addressed to: its translated blocks, or the pool block its hosts are bound in.
    private static List<Ip4Prefix> translatedPrefixes(Tenant tenant, PipelineInput in) {
        if (tenant.translation().bindsHosts()) {
            return in.poolBlock(tenant.name()).map(List::of).orElse(List.of());
        }
        return in.blocks(tenant.name()).stream().map(TranslatedBlock::translated).collect(Collectors.toList());
    }

    /** Why a tenant cannot be compiled on this switch at all. */
    private Optional<String> problem(Tenant tenant, PipelineInput in) {
        String prefix = "tenant " + tenant.name() + ": ";
        if (tenant.translation().mode() == TranslationPolicy.Mode.PAT && !conntrack) {
            return Optional.of(prefix + "pat translation needs a switch with a connection tracker (Open vSwitch); "
                    + device + " has none");
        }
        if (tenant.translation().bindsHosts()) {
            return in.poolBlock(tenant.name()).isPresent() ? Optional.empty()
                    : Optional.of(prefix + "has no pool block");
        }
        List<TranslatedBlock> blocks = in.blocks(tenant.name());
        for (Ip4Prefix p : tenant.prefixes()) {
            if (blocks.stream().noneMatch(b -> b.original().equals(p))) {
                return Optional.of(prefix + "prefix " + p + " has no translated block");
            }
            Optional<String> refusal = rewrite.refusal(p);
            if (refusal.isPresent()) {
                return Optional.of(prefix + refusal.get());
            }
        }
        return Optional.empty();
    }
}
