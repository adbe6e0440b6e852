package org.tenantnat.standalone.openflow;

import org.onosproject.net.meter.MeterId;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The meter every rule that sends packets to the controller goes through on a switch with packet-rate meters
 * (ARP the controller learns from, ICMP errors it translates): one drop band, so a flood costs the controller at
 * most {@link #RATE} packets per second per switch, with bursts of {@link #BURST}.
 */
public final class PuntMeter {

    /** The meter's id on every switch. */
    public static final MeterId ID = MeterId.meterId(1);
    /** Packets per second above which punted packets are dropped. */
    public static final long RATE = 200;
    /** Packets let through at once above the rate. */
    public static final long BURST = 100;

    private static final Set<OFMeterFlags> FLAGS = EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST,
                                                               OFMeterFlags.STATS);

    private PuntMeter() {
    }

    /**
     * Tells what to send so a switch holds the punt meter, given what it reports for the meter's id.
     *
     * @param factory  OpenFlow 1.3 factory
     * @param reported the switch's meter configuration for {@link #ID}, empty when it has no such meter
     * @return an ADD when it is missing, a MODIFY when it differs, nothing when it is right (left untouched)
     */
    static Optional<OFMeterMod> modFor(OFFactory factory, List<OFMeterConfig> reported) {
        Optional<OFMeterConfig> meter = reported.stream().filter(c -> c.getMeterId() == ID.id()).findFirst();
        if (meter.isPresent() && isPuntMeter(meter.get())) {
            return Optional.empty();
        }
        OFMeterBand drop = factory.meterBands().drop(RATE, BURST);
        return Optional.of(factory.buildMeterMod()
                                   .setCommand(meter.isPresent() ? OFMeterModCommand.MODIFY : OFMeterModCommand.ADD)
                                   .setMeterId(ID.id())
                                   .setFlags(FLAGS)
                                   .setMeters(List.of(drop))
                                   .build());
    }

    private static boolean isPuntMeter(OFMeterConfig config) {
        if (!config.getFlags().containsAll(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST))
                || config.getEntries().size() != 1 || !(config.getEntries().get(0) instanceof OFMeterBandDrop)) {
            return false;
        }
        OFMeterBandDrop band = (OFMeterBandDrop) config.getEntries().get(0);
        return band.getRate() == RATE && band.getBurstSize() == BURST;
    }
}
