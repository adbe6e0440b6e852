package org.tenantnat.alloc;

import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslatedBlock;
import org.tenantnat.api.model.TranslationPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds desired states for allocator tests and checks what every allocation must satisfy.
 */
final class Fixtures {

    static final Service BACKUP = new Service("backup", Ip4Address.valueOf("10.1.1.10"),
                                              ConnectPoint.deviceConnectPoint("of:0000000000000001/99"),
                                              Ip4Address.valueOf("10.1.1.1"), null);

    private Fixtures() {
    }

    static Ip4Prefix prefix(String cidr) {
        return Ip4Prefix.valueOf(cidr);
    }

    static List<Ip4Prefix> prefixes(String... cidrs) {
        return Stream.of(cidrs).map(Ip4Prefix::valueOf).collect(Collectors.toList());
    }

    /** A static tenant on its own port of switch 1, with access to the backup service. */
    static Tenant tenant(String name, int id, List<Ip4Prefix> prefixes) {
        return Tenant.builder().name(name).id(id)
                .attachment(new Attachment(ConnectPoint.deviceConnectPoint("of:0000000000000001/" + id),
                                           VlanId.NONE))
                .routerIp(Ip4Address.valueOf("10.255.255.254")).gatewayIp(Ip4Address.valueOf("10.255.255.1"))
                .prefixes(prefixes).translation(TranslationPolicy.STATIC)
                .access(List.of(new Access(BACKUP.name(), Ip4Address.valueOf("10.250.0.10"))))
                .build();
    }

    static Tenant tenant(String name, int id, String... cidrs) {
        return tenant(name, id, prefixes(cidrs));
    }

    static DesiredState state(List<Ip4Prefix> pool, List<Service> services, List<Tenant> tenants) {
        return new DesiredState(pool, MacAddress.valueOf("02:00:00:00:00:01"), services, tenants);
    }

    static DesiredState state(String pool, Tenant... tenants) {
        return state(prefixes(pool), List.of(BACKUP), List.of(tenants));
    }

    /**
     * Checks that every distinct prefix of every static tenant, and nothing else, has one block of the pool, that
     * no two blocks overlap, and that no block holds a service address.
     */
    static void assertWellFormed(DesiredState desired, Allocation allocation) {
        for (Tenant t : desired.tenants()) {
            List<Ip4Prefix> expected = t.translation().mode() == TranslationPolicy.Mode.STATIC
                    ? new ArrayList<>(new LinkedHashSet<>(t.prefixes())) : List.of();
            List<Ip4Prefix> actual = allocation.blocks(t.name()).stream().map(TranslatedBlock::original)
                    .collect(Collectors.toList());
            assertEquals(sorted(expected), sorted(actual), "prefixes of " + t.name() + " with a block");
        }
        assertTrue(desired.tenants().stream().map(Tenant::name).collect(Collectors.toSet())
                           .containsAll(allocation.byTenant().keySet()), "blocks of unknown tenants");
        List<Ip4Prefix> blocks = allocation.allBlocks().stream().map(TranslatedBlock::translated)
                .sorted(PoolMath.BY_ADDRESS).collect(Collectors.toList());
        for (Ip4Prefix b : blocks) {
            assertTrue(insidePool(desired.pool(), b), b + " is outside the pool");
            for (Service s : desired.services()) {
                assertTrue(!b.contains(s.ip()) && !b.contains(s.gatewayIp()), b + " holds an address of " + s);
            }
        }
        for (int i = 1; i < blocks.size(); i++) {
            assertTrue(PoolMath.end(blocks.get(i - 1)) < PoolMath.start(blocks.get(i)),
                       blocks.get(i - 1) + " overlaps " + blocks.get(i));
        }
    }

    // A block lies in the pool when a pool prefix holds it, or when the pool prefixes inside it cover all of it.
    private static boolean insidePool(List<Ip4Prefix> pool, Ip4Prefix block) {
        if (pool.stream().anyMatch(p -> p.contains(block))) {
            return true;
        }
        List<Ip4Prefix> inside = pool.stream().filter(block::contains).distinct().collect(Collectors.toList());
        long covered = inside.stream()
                .filter(p -> inside.stream().noneMatch(q -> !q.equals(p) && q.contains(p)))
                .mapToLong(PoolMath::size).sum();
        return covered == PoolMath.size(block);
    }

    private static List<Ip4Prefix> sorted(List<Ip4Prefix> prefixes) {
        return prefixes.stream().sorted(PoolMath.BY_ADDRESS).collect(Collectors.toList());
    }
}
