package org.tenantnat.config;

import com.google.common.collect.ImmutableList;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.ProviderSettings;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.state.DesiredStateIndex;

import java.util.List;
import java.util.Map;

/**
 * Checks a change of one tenant or one service against the desired state in force, at the cost of that item: the
 * item's own rules run as {@link ConfigValidator} runs them on a document holding just that item, and the rules
 * that span items (unique ids, attachments, ports and addresses; pinned blocks apart) ask the state's indexes
 * instead of scanning it. Errors name the same fields, in the same words, as a check of the whole document.
 */
public final class ChangeValidator {

    /**
     * Checks a tenant about to be added or replaced.
     *
     * @param tenant the tenant as it is to be
     * @param state  the desired state in force
     * @throws InvalidConfigException listing every error
     */
    public void checkTenant(Tenant tenant, DesiredStateIndex state) {
        ProviderSettings settings = state.settings();
        DesiredState alone = new DesiredState(settings.pool(), settings.gatewayMac(),
                                              ImmutableList.copyOf(state.services()), List.of(tenant));
        ErrorCollector errors = new ErrorCollector();
        RuleContext ctx = new RuleContext(alone, errors);
        new TenantRules(ctx).check();
        new AccessRules(ctx).check();
        new PinRules(ctx).check();
        String path = ctx.tenant(0);
        state.tenantWithId(tenant.id()).filter(other -> !other.equals(tenant.name())).ifPresent(other -> errors.add(
                FieldPath.child(path, FieldNames.ID), "tenant id %d is already used by %s", tenant.id(),
                tenantPath(other)));
        Attachment a = tenant.attachment();
        state.tenantAt(a).filter(other -> !other.equals(tenant.name())).ifPresent(other -> errors.add(
                FieldPath.child(path, a.isTagged() ? FieldNames.VLAN : FieldNames.CONNECT_POINT),
                "%s %s is already the attachment of %s", Values.connectPointText(a.connectPoint()),
                a.isTagged() ? "vlan " + a.vlan() : "untagged", tenantPath(other)));
        linkAt(state, a.connectPoint(), FieldPath.child(path, FieldNames.CONNECT_POINT), errors);
        for (Map.Entry<Ip4Prefix, Ip4Prefix> pin : tenant.translatedPrefixes().entrySet()) {
            state.pins().overlapping(pin.getValue(), tenant.name()).ifPresent(other -> errors.add(
                    FieldPath.element(FieldPath.child(path, FieldNames.TRANSLATED_PREFIXES), pin.getKey()),
                    "pinned block %s overlaps %s, pinned by %s for %s", pin.getValue(), other.block(),
                    tenantPath(other.tenant()), other.original()));
        }
        errors.throwIfAny();
    }

    /**
     * Checks a service about to be added.
     *
     * @param service the service
     * @param state   the desired state in force
     * @throws InvalidConfigException listing every error
     */
    public void checkService(Service service, DesiredStateIndex state) {
        ProviderSettings settings = state.settings();
        DesiredState alone = new DesiredState(settings.pool(), settings.gatewayMac(), List.of(service), List.of());
        ErrorCollector errors = new ErrorCollector();
        RuleContext ctx = new RuleContext(alone, errors);
        new ServiceRules(ctx).check();
        PoolRules.checkClearOf(ctx, service, 0);
        String path = ctx.service(0);
        state.serviceWithIp(service.ip()).filter(other -> !other.equals(service.name())).ifPresent(other ->
                errors.add(FieldPath.child(path, FieldNames.IP), "%s is already the address of %s",
                           service.ip(), servicePath(other)));
        state.tenantsOnPort(service.connectPoint()).stream().sorted().findFirst().ifPresent(tenant -> errors.add(
                FieldPath.child(path, FieldNames.CONNECT_POINT), "%s is the attachment of %s; a service "
                        + "needs a port apart from every tenant", Values.connectPointText(service.connectPoint()),
                tenantPath(tenant)));
        linkAt(state, service.connectPoint(), FieldPath.child(path, FieldNames.CONNECT_POINT), errors);
        errors.throwIfAny();
    }

    // A port that carries traffic between switches is no attachment.
    private static void linkAt(DesiredStateIndex state, ConnectPoint port, String field, ErrorCollector errors) {
        state.linkAt(port).ifPresent(link -> errors.add(field, "%s is an end of the link %s declared in %s; an "
                + "attachment needs a port apart from the links between switches", Values.connectPointText(port),
                link, FieldNames.LINKS));
    }

    private static String tenantPath(String name) {
        return FieldPath.element(FieldNames.TENANTS, name);
    }

    private static String servicePath(String name) {
        return FieldPath.element(FieldNames.SERVICES, name);
    }
}
