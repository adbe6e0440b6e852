package org.tenantnat.pipeline;

import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One run of the compiler for one switch: the shared rules of the services attached to it, then each tenant
 * attached to it with its accesses, table by table.
 */
final class SwitchCompilation {

    private final DeviceId device;
    private final DesiredState state;
    private final Allocation allocation;
    private final Neighbours neighbours;
    private final AddressRewrite rewrite;
    private final RuleFactory rules;
    private final CompiledPipeline.Builder out;

    private final ClassifierTable classifier;
    private final SourceTranslationTable sourceTranslation;
    private final ServiceAccessTable serviceAccess;
    private final ReturnClassifierTable returnClassifier;
    private final ReturnAccessTable returnAccess;
    private final ReturnTranslationTable returnTranslation;

    SwitchCompilation(RuleFactory rules, AddressRewrite rewrite, DesiredState state, Allocation allocation,
                      Neighbours neighbours) {
        this.device = rules.device();
        this.state = state;
        this.allocation = allocation;
        this.neighbours = neighbours;
        this.rewrite = rewrite;
        this.rules = rules;
        this.out = CompiledPipeline.builder(device);
        this.classifier = new ClassifierTable(rules, state.gatewayMac());
        this.sourceTranslation = new SourceTranslationTable(rules, rewrite);
        this.serviceAccess = new ServiceAccessTable(rules);
        this.returnClassifier = new ReturnClassifierTable(rules);
        this.returnAccess = new ReturnAccessTable(rules);
        this.returnTranslation = new ReturnTranslationTable(rules, rewrite);
    }

    CompiledPipeline run() {
        List<Service> services = state.services().stream()
                .filter(s -> s.connectPoint().deviceId().equals(device)).collect(Collectors.toList());
        List<Tenant> tenants = state.tenants().stream()
                .filter(t -> t.attachment().connectPoint().deviceId().equals(device)).collect(Collectors.toList());
        services.forEach(s -> out.add(RuleOwner.SHARED, classifier.servicePort(s)));
        tenants.forEach(this::tenant);
        if (!services.isEmpty() || !tenants.isEmpty()) {
            out.add(RuleOwner.SHARED, rules.tableMisses());
        }
        return out.build();
    }

    private void tenant(Tenant tenant) {
        RuleOwner owner = RuleOwner.tenant(tenant.name());
        Optional<String> problem = problem(tenant);
        if (problem.isPresent()) {
            out.fail(owner, problem.get());
            tenant.access().forEach(a -> out.fail(RuleOwner.access(tenant.name(), a.service()), problem.get()));
            return;
        }
        List<TranslatedBlock> blocks = blocks(tenant);
        out.add(owner, classifier.tenant(tenant));
        out.add(owner, sourceTranslation.tenant(tenant, blocks));
        out.add(owner, returnClassifier.tenant(tenant, blocks));
        Optional<MacAddress> routerMac = tenant.routerMac().or(() -> neighbours.macOf(
                tenant.routerIp(), tenant.attachment().connectPoint(), tenant.attachment().vlan()));
        if (routerMac.isPresent()) {
            out.add(owner, returnTranslation.tenant(tenant, blocks, state.gatewayMac(), routerMac.get()));
        } else {
            out.pending(owner, "waiting for ARP reply from router " + tenant.routerIp() + " on "
                    + tenant.attachment());
        }
        tenant.access().forEach(a -> access(tenant, a));
    }

    /** Why a tenant cannot be compiled on this switch at all. */
    private Optional<String> problem(Tenant tenant) {
        String prefix = "tenant " + tenant.name() + ": ";
        if (tenant.translation().mode() != TranslationPolicy.Mode.STATIC) {
            return Optional.of(prefix + tenant.translation() + " translation is not supported yet");
        }
        return tenant.prefixes().stream()
                .map(p -> allocation.block(tenant.name(), p).isEmpty()
                        ? Optional.of("prefix " + p + " has no translated block") : rewrite.refusal(p))
                .flatMap(Optional::stream)
                .findFirst()
                .map(reason -> prefix + reason);
    }

    private List<TranslatedBlock> blocks(Tenant tenant) {
        return tenant.prefixes().stream().map(p -> allocation.block(tenant.name(), p).orElseThrow())
                .collect(Collectors.toList());
    }

    private void access(Tenant tenant, Access access) {
        RuleOwner owner = RuleOwner.access(tenant.name(), access.service());
        Optional<Service> found = state.service(access.service());
        if (found.isEmpty()) {
            out.fail(owner, "tenant " + tenant.name() + ": service " + access.service() + " does not exist");
            return;
        }
        Service service = found.get();
        if (!service.connectPoint().deviceId().equals(device)) {
            out.fail(owner, "service " + service.name() + " is on " + service.connectPoint().deviceId() + ", tenant "
                    + tenant.name() + " on " + device + ": one switch must hold both");
            return;
        }
        out.add(owner, classifier.access(tenant, access));
        out.add(owner, List.of(returnAccess.access(tenant, access, service)));
        Optional<MacAddress> serviceMac = service.mac().or(
                () -> neighbours.macOf(service.ip(), service.connectPoint(), VlanId.NONE));
        if (serviceMac.isPresent()) {
            out.add(owner, List.of(serviceAccess.access(tenant, access, service, state.gatewayMac(),
                                                        serviceMac.get())));
        } else {
            out.pending(owner, "waiting for ARP reply from service " + service.name() + " " + service.ip() + " on "
                    + service.connectPoint());
        }
    }
}
