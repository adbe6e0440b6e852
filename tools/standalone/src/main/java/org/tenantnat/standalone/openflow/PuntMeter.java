package org.tenantnat.standalone.openflow;

import org.onosproject.net.meter.MeterId;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;
import org.tenantnat.pipeline.PuntReason;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A meter the rules that send packets to the controller for one reason go through, on a switch with packet-rate
 * meters: one drop band, so a flood of that kind costs the controller at most {@link #RATE} packets per second per
 * switch (bursts of {@link #BURST}) and leaves the other kind's budget alone.
 */
public enum PuntMeter {
    /** Meter 1: ARP (answered by the controller, or the replies and gratuitous ARP it learns MACs from). */
    ARP(PuntReason.ARP, MeterId.meterId(1)),
    /** Meter 2: ICMP errors the controller translates. */
    ICMP_ERROR(PuntReason.ICMP_ERROR, MeterId.meterId(2));

    /** Packets per second above which punted packets are dropped. */
    public static final long RATE = 200;
    /** Packets let through at once above the rate. */
    public static final long BURST = 100;

    private static final Set<OFMeterFlags> FLAGS = EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST,
                                                               OFMeterFlags.STATS);

    private final PuntReason reason;
    private final MeterId id;

    PuntMeter(PuntReason reason, MeterId id) {
        this.reason = reason;
        this.id = id;
    }

    /**
     * Returns what the rules this meter limits send.
     *
     * @return reason
     */
    public PuntReason reason() {
        return reason;
    }

    /**
     * Returns the meter's id on every switch.
     *
     * @return meter id
     */
    public MeterId id() {
        return id;
    }

    /**
     * Tells what to send so a switch holds this meter, given the meters it reports.
     *
     * @param factory  OpenFlow 1.3 factory
     * @param reported the switch's meter configurations
     * @return an ADD when it is missing, a MODIFY when it differs, nothing when it is right (left untouched)
     */
    Optional<OFMeterMod> modFor(OFFactory factory, List<OFMeterConfig> reported) {
        Optional<OFMeterConfig> meter = reported.stream().filter(c -> c.getMeterId() == id.id()).findFirst();
        if (meter.isPresent() && isRight(meter.get())) {
            return Optional.empty();
        }
        return Optional.of(factory.buildMeterMod()
                                   .setCommand(meter.isPresent() ? OFMeterModCommand.MODIFY : OFMeterModCommand.ADD)
                                   .setMeterId(id.id())
                                   .setFlags(FLAGS)
                                   .setMeters(List.of(factory.meterBands().drop(RATE, BURST)))
                                   .build());
    }

    private static boolean isRight(OFMeterConfig config) {
        if (!config.getFlags().containsAll(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST))
                || config.getEntries().size() != 1 || !(config.getEntries().get(0) instanceof OFMeterBandDrop)) {
            return false;
        }
        OFMeterBandDrop band = (OFMeterBandDrop) config.getEntries().get(0);
        return band.getRate() == RATE && band.getBurstSize() == BURST;
    }
}
