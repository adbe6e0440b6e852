package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFVersion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conntrack zone flush is written as Open vSwitch reads {@code NXT_CT_FLUSH_ZONE}: these bytes are what
 * {@code ovs-ofctl ofp-print} (Open vSwitch 3.1) prints as {@code NXT_CT_FLUSH_ZONE (OF1.3) (xid=0x1): zone_id=11}.
 * {@code PatChurnTest} shows the switch flushing the zone.
 */
class ConntrackZoneFlushTest {

    @Test
    void theMessageCarriesTheNiciraSubtypeAndTheZone() {
        ByteBuf out = Unpooled.buffer();

        new ConntrackZoneFlush(OFVersion.OF_13, 1, 11).writeTo(out);

        assertEquals("040400180000000100002320" + "0000001d" + "000000000000" + "000b", ByteBufUtil.hexDump(out));
    }

    @Test
    void aCopyWithAnotherXidFlushesTheSameZone() {
        ConntrackZoneFlush flush = new ConntrackZoneFlush(OFVersion.OF_13, 1, 2001);

        ConntrackZoneFlush copy = (ConntrackZoneFlush) flush.createBuilder().setXid(7).build();

        assertEquals(7, copy.getXid());
        assertTrue(copy.equalsIgnoreXid(flush));
    }

    @Test
    void aZoneOutsideSixteenBitsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConntrackZoneFlush(OFVersion.OF_13, 1, 65536));
        assertEquals("conntrack zone out of 0..65535: 65536", e.getMessage());
    }
}
