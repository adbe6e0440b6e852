package org.tenantnat.binding;

import org.junit.jupiter.api.Test;
import org.tenantnat.api.model.PortRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PortBlocksTest {

    @Test
    void blocksAreAlignedOnTheirSizeAboveTheLowPorts() {
        assertEquals(126, PortBlocks.perAddress(512));
        assertEquals(new PortRange(1024, 1535), PortBlocks.block(512, 0));
        assertEquals(new PortRange(65024, 65535), PortBlocks.block(512, 125));
        // A block larger than the low ports starts at its own size: 2048-4095 is the first of 2048 ports.
        assertEquals(new PortRange(2048, 4095), PortBlocks.block(2048, 0));
        assertEquals(31, PortBlocks.perAddress(2048));
        assertEquals(1, PortBlocks.perAddress(32768));
        assertEquals(new PortRange(32768, 65535), PortBlocks.block(32768, 0));
    }

    @Test
    void indexOfIsTheInverseOfBlock() {
        for (int size : new int[]{64, 512, 4096}) {
            for (int i = 0; i < PortBlocks.perAddress(size); i++) {
                assertEquals(i, PortBlocks.indexOf(size, PortBlocks.block(size, i)));
            }
        }
    }

    @Test
    void aRangeThatIsNoBlockIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PortBlocks.indexOf(512, new PortRange(1000, 1511)));
        assertThrows(IllegalArgumentException.class, () -> PortBlocks.block(512, 126));
    }
}
