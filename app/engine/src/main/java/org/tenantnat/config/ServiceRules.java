package org.tenantnat.config;

import org.tenantnat.api.model.Service;

import java.util.List;

import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.IP;
import static org.tenantnat.config.FieldNames.MAC;
import static org.tenantnat.config.FieldNames.NAME;

/**
 * Rules on the services: usable names and addresses, and no two services sharing a name, address or port.
 */
final class ServiceRules {

    private final RuleContext ctx;
    private final List<Service> services;

    ServiceRules(RuleContext ctx) {
        this.ctx = ctx;
        this.services = ctx.services();
    }

    /** Applies every service rule. */
    void check() {
        for (int i = 0; i < services.size(); i++) {
            Service s = services.get(i);
            int at = i;
            ctx.checkName(() -> ctx.service(at, NAME), s.name());
            checkAddresses(i, s);
            s.mac().ifPresent(mac -> ctx.checkUnicastMac(() -> ctx.service(at, MAC), mac));
        }
        checkUniqueNames();
        checkUniqueAddresses();
        checkOwnPorts();
    }

    private void checkAddresses(int i, Service s) {
        ctx.checkHostAddress(() -> ctx.service(i, IP), s.ip());
        ctx.checkHostAddress(() -> ctx.service(i, GATEWAY_IP), s.gatewayIp());
        if (s.gatewayIp().equals(s.ip())) {
            ctx.error(ctx.service(i, GATEWAY_IP), "%s is the service's own address; the gateway needs another",
                      s.gatewayIp());
        }
    }

    private void checkUniqueNames() {
        ctx.unique(services.size(), i -> services.get(i).name(), (later, first) -> ctx.error(
                ctx.service(later, NAME), "duplicate service name '%s' (also %s)",
                services.get(later).name(), ctx.service(first)));
    }

    private void checkUniqueAddresses() {
        ctx.unique(services.size(), i -> services.get(i).ip(), (later, first) -> ctx.error(
                ctx.service(later, IP), "%s is already the address of %s", services.get(later).ip(),
                ctx.service(first)));
    }

    private void checkOwnPorts() {
        ctx.unique(services.size(), i -> services.get(i).connectPoint(), (later, first) -> ctx.error(
                ctx.service(later, CONNECT_POINT), "%s is already the port of %s",
                Values.connectPointText(services.get(later).connectPoint()), ctx.service(first)));
    }
}
