package org.tenantnat.config;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Prefix;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PoolFitTest {

    private static List<Ip4Prefix> prefixes(String... p) {
        return Stream.of(p).map(Ip4Prefix::valueOf).collect(Collectors.toList());
    }

    // How many blocks of each length the prefixes need, as PoolRules counts them.
    private static int[] demands(String... p) {
        int[] byLength = new int[Ip4Prefix.MAX_MASK_LENGTH + 1];
        Stream.of(p).forEach(x -> byLength[Ip4Prefix.valueOf(x).prefixLength()]++);
        return byLength;
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
        assertNull(PoolFit.firstMisfit(prefixes("100.64.0.0/24"), List.of(),
                                       demands("10.0.0.0/27", "10.1.0.0/25", "10.2.0.0/26", "10.3.0.0/27")));
    }

    @Test
    void pinsInTheMiddleLeaveNoRoomForAHalfSizedBlock() {
        PoolFit.Misfit misfit = PoolFit.firstMisfit(prefixes("100.64.0.0/24"),
                prefixes("100.64.0.64/26", "100.64.0.128/26"), demands("10.0.0.0/25"));

        assertEquals(25, misfit.length);
        assertEquals(0, misfit.ordinal);
    }

    @Test
    void pinsAtTheEdgeLeaveRoomForAHalfSizedBlock() {
        assertNull(PoolFit.firstMisfit(prefixes("100.64.0.0/24"), prefixes("100.64.0.192/26"),
                                       demands("10.0.0.0/25", "10.1.0.0/26")));
    }

    @Test
    void theLargestPrefixIsTheOneReportedWhenSpaceRunsOut() {
        PoolFit.Misfit misfit = PoolFit.firstMisfit(prefixes("100.64.0.0/25", "100.64.1.0/25"),
                List.of(), demands("10.0.0.0/26", "10.1.0.0/24"));

        assertEquals(24, misfit.length);
        assertEquals(0, misfit.ordinal);
    }

    @Test
    void prefixesOfOneLengthFillEveryFreeBlockBeforeOneIsReported() {
        // Two /25 free blocks hold four /26; the fifth /26 is the first without room.
        PoolFit.Misfit misfit = PoolFit.firstMisfit(prefixes("100.64.0.0/25", "100.64.1.0/25"), List.of(),
                demands("10.0.0.0/26", "10.1.0.0/26", "10.2.0.0/26", "10.3.0.0/26", "10.4.0.0/26", "10.5.0.0/26"));

        assertEquals(26, misfit.length);
        assertEquals(4, misfit.ordinal);
    }
}
