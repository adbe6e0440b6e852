package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.net.http.HttpResponse;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo with {@code --rewrite per-host}, what a plain OpenFlow 1.3 switch gets: one exact set_field rule per
 * host of every customer prefix, each way, and no Nicira extension anywhere; pat, which needs a connection tracker,
 * is refused on it.
 */
class PerHostRewriteReachabilityTest extends ReachabilityChecks {

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().rewrite("per-host").withHttp();

    @Override
    DataplaneLab lab() {
        return LAB;
    }

    @Test
    void eachTenantHostIsTranslatedByAnExactSetFieldEachWay() {
        LAB.awaitVip(LAB.lab().customerHosts().get(0));
        FlowTable flows = LAB.lab().flows();
        assertTrue(flows.rules(r -> r.contains("load:")).isEmpty(), "no Nicira load with per-host: " + flows);
        for (Tenant tenant : LAB.storedState().desiredState().tenants()) {
            String metadata = "metadata=0x" + Integer.toHexString(tenant.id());
            for (TranslatedBlock block : LAB.allocation().blocks(tenant.name())) {
                Set<String> source = flows.rules(r -> r.contains("table=1,") && r.contains(metadata + ",nw_src="));
                Set<String> back = flows.rules(r -> r.contains("table=5,") && r.contains(metadata + ",nw_dst="));
                long hosts = 1L << (32 - block.original().prefixLength());
                assertEquals(hosts, source.size(), tenant.name() + ": one source rule per host of " + block);
                assertEquals(hosts, back.size(), tenant.name() + ": one return rule per host of " + block);
            }
        }
        for (LabHost host : LAB.lab().customerHosts()) {
            String metadata = "metadata=0x" + Integer.toHexString(tenantId(host));
            String translated = LAB.translatedSource(host);
            assertEquals(1, flows.rules(r -> r.contains(metadata + ",nw_src=" + host.address() + " ")
                    && r.contains("set_field:" + translated + "->ip_src")).size(),
                         host + ": exact source rewrite to " + translated);
            assertEquals(1, flows.rules(r -> r.contains(metadata + ",nw_dst=" + translated + " ")
                    && r.contains("set_field:" + host.address() + "->ip_dst")).size(),
                         host + ": exact return rewrite from " + translated);
        }
    }

    @Test
    void patIsRefusedAtConfigTimeNamingTenantAndSwitch() throws Exception {
        Rest rest = new Rest(LAB);
        String before = rest.get("/config").body();
        String pat = "{\"name\": \"pat\", \"id\": 20, \"connectPoint\": \"of:0000000000000001/7\","
                + " \"routerIp\": \"10.1.1.10\", \"gatewayIp\": \"10.1.1.1\", \"prefixes\": [\"10.1.1.0/24\"],"
                + " \"translation\": {\"mode\": \"pat\", \"blockSize\": 32},"
                + " \"access\": [{\"service\": \"backup\", \"vip\": \"10.250.0.10\"}]}";

        HttpResponse<String> refused = rest.post("/tenants", pat);

        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"field\":\"tenants[pat].translation.mode\""), refused.body());
        assertTrue(refused.body().contains("tenant pat: pat translation needs a switch with a connection tracker "
                + "(Open vSwitch); of:0000000000000001 has none"), refused.body());
        assertEquals(before, rest.get("/config").body(), "nothing changed");
    }

    private static int tenantId(LabHost host) {
        return LAB.storedState().desiredState().tenants().stream()
                .filter(t -> t.name().equals(host.tenant().orElseThrow())).findFirst().orElseThrow().id();
    }
}
