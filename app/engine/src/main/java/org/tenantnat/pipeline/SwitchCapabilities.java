package org.tenantnat.pipeline;

import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;

import java.util.function.Supplier;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What the compiler needs to know about one switch: how it rewrites addresses. Decided per switch family by the
 * drivers module.
 */
public final class SwitchCapabilities {

    private static final SwitchCapabilities PER_HOST = new SwitchCapabilities(RewriteStyle.PER_HOST, null);

    private final RewriteStyle style;
    private final Supplier<ExtensionTreatment> niciraLoad;

    private SwitchCapabilities(RewriteStyle style, Supplier<ExtensionTreatment> niciraLoad) {
        this.style = style;
        this.niciraLoad = niciraLoad;
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
        return new SwitchCapabilities(RewriteStyle.PREFIX, checkNotNull(niciraLoad, "niciraLoad"));
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

    @Override
    public String toString() {
        return style.name().toLowerCase();
    }
}
