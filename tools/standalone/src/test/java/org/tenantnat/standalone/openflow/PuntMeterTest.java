package org.tenantnat.standalone.openflow;

import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A punt meter is added when the switch lacks it, corrected when it differs, and left alone (counters and all)
 * when it is right.
 */
class PuntMeterTest {

    private final OFFactory of = OFFactories.getFactory(OFVersion.OF_13);

    private OFMeterConfig reported(long id, long rate, long burst) {
        return of.buildMeterConfig().setMeterId(id)
                .setFlags(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS))
                .setEntries(List.of(of.meterBands().drop(rate, burst))).build();
    }

    @Test
    void aMissingMeterIsAddedWithItsDropBand() {
        OFMeterMod mod = PuntMeter.ICMP_ERROR.modFor(of, List.of(reported(1, PuntMeter.RATE, PuntMeter.BURST)))
                .orElseThrow();

        assertEquals(OFMeterModCommand.ADD, mod.getCommand());
        assertEquals(2, mod.getMeterId());
        assertEquals(List.of(of.meterBands().drop(PuntMeter.RATE, PuntMeter.BURST)), mod.getMeters());
        assertEquals(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS), mod.getFlags());
    }

    @Test
    void aMeterWithAnotherRateIsCorrected() {
        OFMeterMod mod = PuntMeter.ARP.modFor(of, List.of(reported(1, 5, PuntMeter.BURST))).orElseThrow();

        assertEquals(OFMeterModCommand.MODIFY, mod.getCommand());
        assertEquals(1, mod.getMeterId());
    }

    @Test
    void aMeterThatIsRightIsLeftAlone() {
        List<OFMeterConfig> both = List.of(reported(1, PuntMeter.RATE, PuntMeter.BURST),
                                           reported(2, PuntMeter.RATE, PuntMeter.BURST));

        assertEquals(Optional.empty(), PuntMeter.ARP.modFor(of, both));
        assertEquals(Optional.empty(), PuntMeter.ICMP_ERROR.modFor(of, both));
    }
}
