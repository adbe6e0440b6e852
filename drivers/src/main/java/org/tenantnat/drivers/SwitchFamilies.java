package org.tenantnat.drivers;

import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onlab.packet.Ip4Address;
import org.tenantnat.api.model.PortRange;
import org.tenantnat.pipeline.Conntrack;
import org.tenantnat.pipeline.SwitchCapabilities;
import org.slf4j.Logger;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ARP_SHA_TO_THA;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ARP_SPA_TO_TPA;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ETH_SRC_TO_DST;
import static org.slf4j.LoggerFactory.getLogger;

/**
 * Tells switch families apart from what a switch says about itself (OpenFlow description: manufacturer, hardware,
 * software) and decides how each expresses a translation. The ONOS host gets the same answer from the device's
 * driver; the standalone host, which has no driver registry, asks here.
 */
public final class SwitchFamilies {

    /** Manufacturer Open vSwitch reports, as ONOS's "ovs" driver matches it. */
    static final Pattern OVS_MANUFACTURER = Pattern.compile("Nicira, Inc\\.");
    /** Hardware description Open vSwitch reports. */
    static final Pattern OVS_HARDWARE = Pattern.compile("Open vSwitch");

    /** The moves an ARP responder made of flows needs. */
    static final List<ExtensionTreatmentType> ARP_RESPONDER_MOVES = List.of(
            NICIRA_MOV_ETH_SRC_TO_DST.type(), NICIRA_MOV_ARP_SHA_TO_THA.type(), NICIRA_MOV_ARP_SPA_TO_TPA.type());

    private static final Logger log = getLogger(SwitchFamilies.class);

    private SwitchFamilies() {
    }

    /**
     * Decides a switch's capabilities from its description. Open vSwitch of any version rewrites a prefix with a
     * Nicira reg_load and answers ARP with Nicira moves (OVS 2.x and 3.x both do); any other switch gets exact
     * per-host rewrites and leaves ARP to the controller.
     *
     * @param manufacturer manufacturer description
     * @param hardware     hardware description
     * @param software     software description
     * @param niciraLoad   makes an empty NICIRA_LOAD extension treatment for this switch
     * @param moves        makes the ready NICIRA_MOV_* extension treatment of a type for this switch
     * @return capabilities
     */
    public static SwitchCapabilities capabilities(String manufacturer, String hardware, String software,
                                                  Supplier<ExtensionTreatment> niciraLoad,
                                                  Function<ExtensionTreatmentType, ExtensionTreatment> moves) {
        return capabilities(manufacturer, hardware, software, niciraLoad, moves, null);
    }

    /**
     * Decides a switch's capabilities from its description, the connection tracker included: Open vSwitch also
     * translates through its connection tracker (pat), other switches do not.
     *
     * @param manufacturer manufacturer description
     * @param hardware     hardware description
     * @param software     software description
     * @param niciraLoad   makes an empty NICIRA_LOAD extension treatment for this switch
     * @param moves        makes the ready NICIRA_MOV_* extension treatment of a type for this switch
     * @param conntrack    makes the connection-tracking extensions for this switch, null when there are none
     * @return capabilities
     */
    public static SwitchCapabilities capabilities(String manufacturer, String hardware, String software,
                                                  Supplier<ExtensionTreatment> niciraLoad,
                                                  Function<ExtensionTreatmentType, ExtensionTreatment> moves,
                                                  Conntrack conntrack) {
        if (isOpenVSwitch(manufacturer, hardware)) {
            return openVSwitch(niciraLoad, moves, conntrack);
        }
        log.debug("{} {} {} is not Open vSwitch: per-host rewrites", manufacturer, hardware, software);
        return SwitchCapabilities.perHost();
    }

    /**
     * Tells whether a description is that of Open vSwitch.
     *
     * @param manufacturer manufacturer description
     * @param hardware     hardware description
     * @return true for Open vSwitch
     */
    public static boolean isOpenVSwitch(String manufacturer, String hardware) {
        return manufacturer != null && hardware != null
                && OVS_MANUFACTURER.matcher(manufacturer.trim()).matches()
                && OVS_HARDWARE.matcher(hardware.trim()).matches();
    }

    /**
     * Returns what Open vSwitch can do with the extensions at hand: prefix rewrites when the supplier really makes
     * NICIRA_LOAD treatments, an ARP responder made of flows when {@code moves} really makes the three moves it
     * needs. Each part that does not work falls back on its own (per-host rewrites; ARP by the controller).
     *
     * @param niciraLoad makes an empty NICIRA_LOAD extension treatment
     * @param moves      makes the ready NICIRA_MOV_* extension treatment of a type
     * @return capabilities
     */
    public static SwitchCapabilities openVSwitch(Supplier<ExtensionTreatment> niciraLoad,
                                                 Function<ExtensionTreatmentType, ExtensionTreatment> moves) {
        return openVSwitch(niciraLoad, moves, null);
    }

    /**
     * Returns what Open vSwitch can do with the extensions at hand, the connection tracker included when
     * {@code conntrack} really makes its extensions (else pat is refused on the switch).
     *
     * @param niciraLoad makes an empty NICIRA_LOAD extension treatment
     * @param moves      makes the ready NICIRA_MOV_* extension treatment of a type
     * @param conntrack  makes the connection-tracking extensions, null when there are none
     * @return capabilities
     */
    public static SwitchCapabilities openVSwitch(Supplier<ExtensionTreatment> niciraLoad,
                                                 Function<ExtensionTreatmentType, ExtensionTreatment> moves,
                                                 Conntrack conntrack) {
        SwitchCapabilities caps = prefixRewrite(niciraLoad);
        caps = makesMoves(moves) ? caps.withArpResponder(moves) : caps;
        return makesConntrack(conntrack) ? caps.withConntrack(conntrack) : caps;
    }

    // Probing once here turns a driver without the extensions into a switch that refuses pat, not a failure when
    // the first pat tenant is compiled.
    private static boolean makesConntrack(Conntrack conntrack) {
        if (conntrack == null) {
            return false;
        }
        try {
            conntrack.commitSourceNat(1, 0, Ip4Address.valueOf("100.64.0.1"), new PortRange(1024, 1535));
            conntrack.restoreNat(1, 0);
            conntrack.state(0, 0);
            return true;
        } catch (RuntimeException e) {
            log.warn("connection-tracking extensions unavailable: pat is refused on the switch", e);
            return false;
        }
    }

    private static boolean makesMoves(Function<ExtensionTreatmentType, ExtensionTreatment> moves) {
        if (moves == null) {
            log.warn("no Nicira moves: ARP stays with the controller");
            return false;
        }
        for (ExtensionTreatmentType type : ARP_RESPONDER_MOVES) {
            try {
                ExtensionTreatment probe = moves.apply(type);
                if (probe == null || !type.equals(probe.type())) {
                    log.warn("{} extension unavailable ({}): ARP stays with the controller", type,
                             probe == null ? "none" : probe.type());
                    return false;
                }
            } catch (RuntimeException e) {
                log.warn("{} extension unavailable: ARP stays with the controller", type, e);
                return false;
            }
        }
        return true;
    }

    /**
     * Returns prefix-rewrite capabilities when the supplier really makes NICIRA_LOAD treatments, per-host ones
     * otherwise. Probing once here turns a driver without the extension into per-host rules instead of a failure
     * when the first rule is compiled.
     *
     * @param niciraLoad makes an empty NICIRA_LOAD extension treatment
     * @return capabilities
     */
    private static SwitchCapabilities prefixRewrite(Supplier<ExtensionTreatment> niciraLoad) {
        try {
            ExtensionTreatment probe = niciraLoad == null ? null : niciraLoad.get();
            if (probe != null && NICIRA_LOAD.type().equals(probe.type())) {
                return SwitchCapabilities.prefixRewrite(niciraLoad);
            }
            log.warn("NICIRA_LOAD extension unavailable ({}): per-host rewrites", probe == null ? "none" : probe.type());
        } catch (RuntimeException e) {
            log.warn("NICIRA_LOAD extension unavailable: per-host rewrites", e);
        }
        return SwitchCapabilities.perHost();
    }
}
