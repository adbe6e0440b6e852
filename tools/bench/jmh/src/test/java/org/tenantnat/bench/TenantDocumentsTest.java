package org.tenantnat.bench;

import org.junit.jupiter.api.Test;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated documents are valid desired states of the promised shape, so benchmarks measure real work.
 */
class TenantDocumentsTest {

    @Test
    void tenThousandTenantsWithFourPrefixesAreAValidDesiredState() {
        DesiredState state = DesiredStateReader.parseAndValidate(
                TenantDocuments.json(10_000, TenantDocuments.FOUR_PREFIXES));

        assertEquals(10_000, state.tenants().size());
        Set<String> attachments = new HashSet<>();
        for (Tenant t : state.tenants()) {
            assertEquals(4, t.prefixes().size(), t.name());
            assertTrue(t.routerMac().isPresent(), t.name() + " has its router MAC, so nothing waits for ARP");
            assertTrue(attachments.add(t.attachment().connectPoint() + "/" + t.attachment().vlan()), t.name());
        }
        assertEquals(3, state.tenants().stream().map(t -> t.attachment().connectPoint()).distinct().count());
    }

    @Test
    void givenPrefixesReplaceTheDefaultOnes() {
        DesiredState state = DesiredStateReader.parseAndValidate(TenantDocuments.json(40, List.of("10.1.1.0/24")));

        assertEquals(40, state.tenants().size());
        state.tenants().forEach(t -> assertEquals("[10.1.1.0/24]", t.prefixes().toString(), t.name()));
    }
}
