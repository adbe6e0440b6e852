package org.tenantnat.config;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolFitTest {

    private static List<Ip4Prefix> prefixes(String... p) {
        return Stream.of(p).map(Ip4Prefix::valueOf).collect(Collectors.toList());
    }

    private static List<PoolFit.Demand> demands(String... p) {
        return Stream.of(p).map(x -> new PoolFit.Demand(() -> x, Ip4Prefix.valueOf(x))).collect(Collectors.toList());
    }

    @Test
    void freeSpaceAroundPinsIsCutIntoTheLargestAlignedBlocks() {
        assertEquals(prefixes("100.64.0.0/26", "100.64.0.192/26"),
                     PoolFit.freeBlocks(prefixes("100.64.0.0/24"), prefixes("100.64.0.64/26", "100.64.0.128/26")));
        assertEquals(prefixes("100.64.0.0/25", "100.64.0.128/26", "100.64.0.224/27"),
                     PoolFit.freeBlocks(prefixes("100.64.0.0/24"), prefixes("100.64.0.192/27")));
    }

    @Test
    void prefixesFillingThePoolExactlyFitWhateverTheirOrder() {
        assertTrue(PoolFit.firstMisfit(prefixes("100.64.0.0/24"), List.of(),
                                       demands("10.0.0.0/27", "10.1.0.0/25", "10.2.0.0/26", "10.3.0.0/27"))
                           .isEmpty());
    }

    @Test
    void pinsInTheMiddleLeaveNoRoomForAHalfSizedBlock() {
        Optional<PoolFit.Demand> misfit = PoolFit.firstMisfit(prefixes("100.64.0.0/24"),
                prefixes("100.64.0.64/26", "100.64.0.128/26"), demands("10.0.0.0/25"));

        assertEquals(Ip4Prefix.valueOf("10.0.0.0/25"), misfit.orElseThrow().prefix);
    }

    @Test
    void pinsAtTheEdgeLeaveRoomForAHalfSizedBlock() {
        assertTrue(PoolFit.firstMisfit(prefixes("100.64.0.0/24"), prefixes("100.64.0.192/26"),
                                       demands("10.0.0.0/25", "10.1.0.0/26")).isEmpty());
    }

    @Test
    void theLargestPrefixIsTheOneReportedWhenSpaceRunsOut() {
        Optional<PoolFit.Demand> misfit = PoolFit.firstMisfit(prefixes("100.64.0.0/25", "100.64.1.0/25"),
                List.of(), demands("10.0.0.0/26", "10.1.0.0/24"));

        assertEquals(Ip4Prefix.valueOf("10.1.0.0/24"), misfit.orElseThrow().prefix);
    }
}
