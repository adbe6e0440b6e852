package org.tenantnat.pipeline;

import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.net.meter.MeterId;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What the compiler needs to know about one switch: how it rewrites addresses, whether flows can answer ARP, and
 * which meters limit what it sends to the controller. Decided per switch family by the drivers module (the meters by
 * the host, which installs them). Immutable.
 */
public final class SwitchCapabilities {

    private static final SwitchCapabilities PER_HOST = new SwitchCapabilities(RewriteStyle.PER_HOST, null, null,
                                                                               Map.of(), null);

    private final RewriteStyle style;
    private final Supplier<ExtensionTreatment> niciraLoad;
    private final Function<ExtensionTreatmentType, ExtensionTreatment> moves;
    private final Map<PuntReason, MeterId> puntMeters;
    private final Conntrack conntrack;

    private SwitchCapabilities(RewriteStyle style, Supplier<ExtensionTreatment> niciraLoad,
                               Function<ExtensionTreatmentType, ExtensionTreatment> moves,
                               Map<PuntReason, MeterId> puntMeters, Conntrack conntrack) {
        this.style = style;
        this.niciraLoad = niciraLoad;
        this.moves = moves;
        this.puntMeters = puntMeters;
        this.conntrack = conntrack;
    }

    /**
     * A switch that only rewrites exact addresses.
     *
     * @return capabilities
     */
    public static SwitchCapabilities perHost() {
        return PER_HOST;
    }

    /**
     * A switch that rewrites a prefix with a Nicira reg_load.
     *
     * @param niciraLoad makes a fresh, empty extension treatment of type
     *                   {@link ExtensionTreatmentType.ExtensionTreatmentTypes#NICIRA_LOAD} with the properties
     *                   {@code ofsNbits} (int), {@code dst} (long NXM header) and {@code value} (long); in ONOS
     *                   the device driver's resolver, elsewhere {@link NiciraLoadTreatment#NiciraLoadTreatment()}
     * @return capabilities
     */
    public static SwitchCapabilities prefixRewrite(Supplier<ExtensionTreatment> niciraLoad) {
        return new SwitchCapabilities(RewriteStyle.PREFIX, checkNotNull(niciraLoad, "niciraLoad"), null, Map.of(),
                                      null);
    }

    /**
     * The same switch, also able to answer ARP with flows: Nicira moves (eth_src to eth_dst, arp_sha to arp_tha,
     * arp_spa to arp_tpa), OpenFlow 1.3 set_field on the ARP fields, output to IN_PORT.
     *
     * @param moves makes a ready NICIRA_MOV_ETH_SRC_TO_DST, NICIRA_MOV_ARP_SHA_TO_THA or NICIRA_MOV_ARP_SPA_TO_TPA
     *              extension treatment; in ONOS the device driver's resolver, elsewhere
     *              {@link NiciraMoveTreatment#resolver()}
     * @return capabilities
     */
    public SwitchCapabilities withArpResponder(Function<ExtensionTreatmentType, ExtensionTreatment> moves) {
        return new SwitchCapabilities(style, niciraLoad, checkNotNull(moves, "moves"), puntMeters, conntrack);
    }

    /**
     * The same switch with a meter, installed by the host, that every rule sending packets to the controller for one
     * reason uses.
     *
     * @param reason what the rules send
     * @param meter  meter id on this switch
     * @return capabilities
     */
    public SwitchCapabilities withPuntMeter(PuntReason reason, MeterId meter) {
        Map<PuntReason, MeterId> meters = new EnumMap<>(PuntReason.class);
        meters.putAll(puntMeters);
        meters.put(checkNotNull(reason, "reason"), checkNotNull(meter, "meter"));
        return new SwitchCapabilities(style, niciraLoad, moves, Map.copyOf(meters), conntrack);
    }

    /**
     * The same switch, also able to translate through its connection tracker (Open vSwitch's {@code ct} and
     * {@code nat} actions and {@code ct_state} match): what pat translation needs.
     *
     * @param extensions makes the switch's connection-tracking extensions
     * @return capabilities
     */
    public SwitchCapabilities withConntrack(Conntrack extensions) {
        return new SwitchCapabilities(style, niciraLoad, moves, puntMeters, checkNotNull(extensions, "extensions"));
    }

    /**
     * Returns how the switch's connection-tracking extensions are made.
     *
     * @return maker, empty when the switch has no connection tracker (pat is refused on it)
     */
    public Optional<Conntrack> conntrack() {
        return Optional.ofNullable(conntrack);
    }

    /**
     * Returns the rewrite style.
     *
     * @return style
     */
    public RewriteStyle style() {
        return style;
    }

    /**
     * Makes a fresh NICIRA_LOAD extension treatment for this switch.
     *
     * @return empty extension treatment
     * @throws IllegalStateException when the switch has no prefix rewrite
     */
    public ExtensionTreatment newNiciraLoad() {
        if (niciraLoad == null) {
            throw new IllegalStateException("switch does not rewrite prefixes");
        }
        return niciraLoad.get();
    }

    /**
     * Tells whether flows answer ARP on this switch (else the controller does).
     *
     * @return true when the switch has the Nicira moves an ARP responder needs
     */
    public boolean answersArp() {
        return moves != null;
    }

    /**
     * Makes one of the moves of an ARP responder for this switch.
     *
     * @param type NICIRA_MOV_ETH_SRC_TO_DST, NICIRA_MOV_ARP_SHA_TO_THA or NICIRA_MOV_ARP_SPA_TO_TPA
     * @return ready extension treatment
     * @throws IllegalStateException when the switch does not answer ARP
     */
    public ExtensionTreatment newMove(ExtensionTreatmentType type) {
        if (moves == null) {
            throw new IllegalStateException("switch does not answer ARP with flows");
        }
        return moves.apply(type);
    }

    /**
     * Returns the meter that limits packets sent to the controller for one reason.
     *
     * @param reason what the rules send
     * @return meter id, empty when the switch has none for it (those punts are then unlimited)
     */
    public Optional<MeterId> puntMeter(PuntReason reason) {
        return Optional.ofNullable(puntMeters.get(reason));
    }

    @Override
    public String toString() {
        return style.name().toLowerCase() + (moves != null ? ", ARP by flows" : "")
                + (conntrack != null ? ", conntrack" : "")
                + (puntMeters.isEmpty() ? "" : ", punts metered by " + puntMeters);
    }
}
