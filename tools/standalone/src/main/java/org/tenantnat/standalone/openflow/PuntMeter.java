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
 * meters: one drop band, so a flood of that kind costs the controller at most so many packets per second per switch
 * ({@link #RATE}, bursts of {@link #BURST}, for ARP and ICMP errors) and leaves the other kinds' budget alone.
 */
public enum PuntMeter {
    /** Meter 1: ARP (answered by the controller, or the replies and gratuitous ARP it learns MACs from). */
    ARP(PuntReason.ARP, MeterId.meterId(1), PuntMeter.RATE, PuntMeter.BURST),
    /** Meter 2: ICMP errors the controller translates. */
    ICMP_ERROR(PuntReason.ICMP_ERROR, MeterId.meterId(2), PuntMeter.RATE, PuntMeter.BURST),
    /**
     * Meter 3: packets that ask for a binding (first packets of dynamic and pat hosts, pat hosts whose port blocks
     * are used up): {@value #BINDING_RATE} per second, bursts of {@value #BINDING_BURST}, since every new host sends
     * one.
     */
    BINDING(PuntReason.BINDING, MeterId.meterId(3), PuntMeter.BINDING_RATE, PuntMeter.BINDING_BURST);

    /** Packets per second above which punted packets are dropped. */
    public static final long RATE = 200;
    /** Packets let through at once above the rate. */
    public static final long BURST = 100;
    /** Packets per second asking for a binding above which they are dropped. */
    public static final long BINDING_RATE = 10_000;
    /** Packets asking for a binding let through at once above the rate. */
    public static final long BINDING_BURST = 5_000;

    private static final Set<OFMeterFlags> FLAGS = EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST,
                                                               OFMeterFlags.STATS);

    private final PuntReason reason;
    private final MeterId id;
    private final long rate;
    private final long burst;

    PuntMeter(PuntReason reason, MeterId id, long rate, long burst) {
        this.reason = reason;
        this.id = id;
        this.rate = rate;
        this.burst = burst;
    }

    /**
     * Returns the rate above which packets are dropped.
     *
     * @return packets per second
     */
    public long rate() {
        return rate;
    }

    /**
     * Returns the burst let through above the rate.
     *
     * @return packets
     */
    public long burst() {
        return burst;
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
                                   .setMeters(List.of(factory.meterBands().drop(rate, burst)))
                                   .build());
    }

    private boolean isRight(OFMeterConfig config) {
        if (!config.getFlags().containsAll(EnumSet.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST))
                || config.getEntries().size() != 1 || !(config.getEntries().get(0) instanceof OFMeterBandDrop)) {
            return false;
        }
        OFMeterBandDrop band = (OFMeterBandDrop) config.getEntries().get(0);
        return band.getRate() == rate && band.getBurstSize() == burst;
    }
}
