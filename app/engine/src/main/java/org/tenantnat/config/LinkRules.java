package org.tenantnat.config;

import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.tenantnat.config.FieldNames.DST;
import static org.tenantnat.config.FieldNames.LINKS;
import static org.tenantnat.config.FieldNames.SRC;

/**
 * Rules on the links declared between switches: each joins two different switches, is declared once (either way
 * round), and its ends are ports of their own, apart from other links, tenants and services: a port that carries
 * traffic between switches cannot also be where customers or services attach.
 */
final class LinkRules {

    private final RuleContext ctx;
    private final List<FabricLink> links;

    LinkRules(RuleContext ctx) {
        this.ctx = ctx;
        this.links = ctx.state().links();
    }

    /** Applies every link rule. */
    void check() {
        Map<String, Integer> byKey = new HashMap<>();
        Map<ConnectPoint, String> ends = new HashMap<>();
        for (int i = 0; i < links.size(); i++) {
            FabricLink l = links.get(i);
            String path = FieldPath.element(LINKS, i);
            if (l.src().deviceId().equals(l.dst().deviceId())) {
                ctx.error(path, "%s joins %s to itself; a link joins two switches", l, l.src().deviceId());
                continue;
            }
            Integer first = byKey.putIfAbsent(l.key(), i);
            if (first != null) {
                ctx.error(path, "%s is already declared as %s %s", l, FieldPath.element(LINKS, first),
                          links.get(first));
                continue;
            }
            checkEnd(ends, l.src(), FieldPath.child(path, SRC));
            checkEnd(ends, l.dst(), FieldPath.child(path, DST));
        }
    }

    private void checkEnd(Map<ConnectPoint, String> ends, ConnectPoint port, String field) {
        String other = ends.putIfAbsent(port, field);
        if (other != null) {
            ctx.error(field, "%s is already %s; a port holds one link", Values.connectPointText(port), other);
        }
        for (int t = 0; t < ctx.tenants().size(); t++) {
            Tenant tenant = ctx.tenants().get(t);
            if (tenant.attachment().connectPoint().equals(port)) {
                ctx.error(field, "%s is the attachment of %s; a link needs a port apart from every tenant",
                          Values.connectPointText(port), ctx.tenant(t));
            }
        }
        for (int s = 0; s < ctx.services().size(); s++) {
            Service service = ctx.services().get(s);
            if (service.connectPoint().equals(port)) {
                ctx.error(field, "%s is the port of %s; a link needs a port apart from every service",
                          Values.connectPointText(port), ctx.service(s));
            }
        }
    }
}
