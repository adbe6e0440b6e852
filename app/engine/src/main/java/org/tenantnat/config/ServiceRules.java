package org.tenantnat.config;

import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.Service;

import java.util.List;

import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.IP;
import static org.tenantnat.config.FieldNames.MAC;
import static org.tenantnat.config.FieldNames.NAME;
import static org.tenantnat.config.FieldNames.ROUTER_IP;
import static org.tenantnat.config.FieldNames.ROUTER_MAC;

/**
 * Rules on the services: usable names and addresses, a router apart from the service and its gateway, and no two
 * services sharing a name or address. Services may share a port: a provider subnet holds many servers.
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
            checkRouter(i, s);
        }
        checkUniqueNames();
        checkUniqueAddresses();
    }

    private void checkAddresses(int i, Service s) {
        ctx.checkHostAddress(() -> ctx.service(i, IP), s.ip());
        ctx.checkHostAddress(() -> ctx.service(i, GATEWAY_IP), s.gatewayIp());
        if (s.gatewayIp().equals(s.ip())) {
            ctx.error(ctx.service(i, GATEWAY_IP), "%s is the service's own address; the gateway needs another",
                      s.gatewayIp());
        }
    }

    // Behind a router, packets to the service go to the router's MAC: the service's own MAC is never used there.
    private void checkRouter(int i, Service s) {
        if (s.routerIp().isEmpty()) {
            s.routerMac().ifPresent(mac -> ctx.error(ctx.service(i, ROUTER_MAC), "%s is given without routerIp; a "
                    + "service on the port's own subnet takes its MAC in mac", mac));
            return;
        }
        Ip4Address router = s.routerIp().get();
        ctx.checkHostAddress(() -> ctx.service(i, ROUTER_IP), router);
        if (router.equals(s.ip())) {
            ctx.error(ctx.service(i, ROUTER_IP), "%s is the service's own address; a service behind a router needs "
                    + "the router's address here (leave routerIp out for a service on the port's subnet)", router);
        } else if (router.equals(s.gatewayIp())) {
            ctx.error(ctx.service(i, ROUTER_IP), "%s is also the service's gatewayIp; the router and the provider "
                    + "gateway need an address each", router);
        }
        s.mac().ifPresent(mac -> ctx.error(ctx.service(i, MAC), "%s: a service behind router %s is reached at the "
                + "router's MAC; give it as routerMac", mac, router));
        s.routerMac().ifPresent(mac -> ctx.checkUnicastMac(() -> ctx.service(i, ROUTER_MAC), mac));
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
}
