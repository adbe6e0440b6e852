package org.tenantnat.alloc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of pool normalisation, checked address by address on pools inside 100.64.0.0/24.
 */
class PoolMathPropertyTest {

    private static final int BASE = 0x64400000; // 100.64.0.0

    @Property(tries = 300)
    void normalisedPoolCoversExactlyThePoolWithMaximalDisjointBlocks(@ForAll("pools") List<Ip4Prefix> pool) {
        List<Ip4Prefix> blocks = PoolMath.normalise(pool);

        IntStream.range(0, 256).mapToObj(i -> Ip4Address.valueOf(BASE + i)).forEach(a -> assertEquals(
                pool.stream().anyMatch(p -> p.contains(a)), blocks.stream().anyMatch(b -> b.contains(a)),
                a + " in " + pool + " vs " + blocks));
        assertEquals(IntStream.range(0, 256).filter(i -> pool.stream()
                .anyMatch(p -> p.contains(Ip4Address.valueOf(BASE + i)))).count(), PoolMath.size(pool));
        for (int i = 1; i < blocks.size(); i++) {
            Ip4Prefix lower = blocks.get(i - 1);
            Ip4Prefix upper = blocks.get(i);
            assertTrue(PoolMath.end(lower) < PoolMath.start(upper), lower + " overlaps " + upper);
            Ip4Prefix parent = Ip4Prefix.valueOf(lower.address(), lower.prefixLength() - 1);
            assertTrue(!parent.contains(upper) || upper.prefixLength() != lower.prefixLength(),
                       lower + " and " + upper + " should be one block");
        }
    }

    @Provide
    Arbitrary<List<Ip4Prefix>> pools() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(24, 32))
                .as((low, len) -> Ip4Prefix.valueOf(BASE | low, len))
                .list().ofMinSize(1).ofMaxSize(12);
    }
}
