package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo with {@code --rewrite per-host}, what a plain OpenFlow 1.3 switch gets: one exact set_field rule per
 * host of every customer prefix, each way, and no Nicira extension anywhere.
 */
class PerHostRewriteReachabilityTest extends ReachabilityChecks {

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().rewrite("per-host");

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

    private static int tenantId(LabHost host) {
        return LAB.storedState().desiredState().tenants().stream()
                .filter(t -> t.name().equals(host.tenant().orElseThrow())).findFirst().orElseThrow().id();
    }
}
