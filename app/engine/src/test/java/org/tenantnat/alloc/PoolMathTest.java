package org.tenantnat.alloc;

import org.junit.jupiter.api.Test;
import org.tenantnat.api.PoolUsage;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.TranslatedBlock;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tenantnat.alloc.Fixtures.prefix;
import static org.tenantnat.alloc.Fixtures.prefixes;

/**
 * Pool sizes and usage.
 */
class PoolMathTest {

    @Test
    void poolSizeCountsEveryAddressOnce() {
        assertEquals(4_194_304L, PoolMath.size(prefixes("100.64.0.0/10")));
        assertEquals(4_194_304L, PoolMath.size(prefixes("100.64.0.0/16", "100.64.0.0/10", "100.64.0.0/16")));
        assertEquals(257L, PoolMath.size(prefixes("100.64.1.0/24", "100.64.0.7/32")));
        assertEquals(1L << 32, PoolMath.size(prefixes("0.0.0.0/0")));
    }

    @Test
    void usageCountsTranslatedAddressesPerTenant() {
        Allocation a = Allocation.of(List.of(
                new TranslatedBlock("acme", prefix("10.1.1.0/24"), prefix("100.64.0.0/24")),
                new TranslatedBlock("acme", prefix("10.1.2.7/32"), prefix("100.64.1.0/32")),
                new TranslatedBlock("bravo", prefix("10.1.1.0/26"), prefix("100.64.1.64/26"))));

        PoolUsage usage = PoolMath.usage(prefixes("100.64.0.0/22"), a);

        assertEquals(1024L, usage.size());
        assertEquals(321L, usage.allocated());
        assertEquals(703L, usage.free());
        assertEquals(Map.of("acme", 257L, "bravo", 64L), usage.perTenant());
    }
}
