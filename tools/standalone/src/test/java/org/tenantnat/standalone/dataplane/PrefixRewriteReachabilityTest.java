package org.tenantnat.standalone.dataplane;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo with {@code --rewrite prefix}: each customer prefix is translated by one Nicira load of its network bits
 * (host bits pass unchanged), in both directions.
 */
class PrefixRewriteReachabilityTest extends ReachabilityChecks {

    @RegisterExtension
    static final DataplaneLab LAB = DataplaneLab.demo().rewrite("prefix");

    @Override
    DataplaneLab lab() {
        return LAB;
    }

    @Test
    void eachTenantPrefixIsTranslatedByOneNiciraLoadEachWay() {
        LAB.awaitVip(LAB.lab().customerHosts().get(0));
        FlowTable flows = LAB.lab().flows();
        for (Tenant tenant : LAB.storedState().desiredState().tenants()) {
            for (TranslatedBlock block : LAB.allocation().blocks(tenant.name())) {
                int bits = block.translated().prefixLength();
                String network = Long.toHexString(Integer.toUnsignedLong(block.translated().address().toInt())
                                                          >>> (32 - bits));
                String range = "[" + (32 - bits) + "..31]";
                Set<String> source = flows.rules(r -> r.contains("metadata=0x" + Integer.toHexString(tenant.id())
                        + ",nw_src=" + block.original() + " ") && r.contains("load:0x" + network
                        + "->NXM_OF_IP_SRC" + range));
                assertEquals(1, source.size(), tenant.name() + ": one source load for " + block + " in " + flows);
                Set<String> back = flows.rules(r -> r.contains("metadata=0x" + Integer.toHexString(tenant.id())
                        + ",nw_dst=" + block.translated() + " ") && r.contains("->NXM_OF_IP_DST" + range));
                assertEquals(1, back.size(), tenant.name() + ": one return load for " + block + " in " + flows);
            }
        }
        assertTrue(flows.rules(r -> r.contains("->ip_src") && r.contains("table=1,")).isEmpty(),
                   "no per-host source rewrite with the prefix style: " + flows);
    }
}
