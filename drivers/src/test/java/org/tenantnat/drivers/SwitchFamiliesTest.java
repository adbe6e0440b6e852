package org.tenantnat.drivers;

import org.junit.jupiter.api.Test;
import org.onosproject.net.flow.AbstractExtension;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.tenantnat.pipeline.RewriteStyle;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_LOAD;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ARP_SHA_TO_THA;
import static org.onosproject.net.flow.instructions.ExtensionTreatmentType.ExtensionTreatmentTypes.NICIRA_MOV_ARP_SPA_TO_TPA;

class SwitchFamiliesTest {

    private static final String NICIRA = "Nicira, Inc.";
    private static final String OVS = "Open vSwitch";

    /** A stand-in extension of a given type, like the one a driver's resolver makes. */
    static final class TestExtension extends AbstractExtension implements ExtensionTreatment {
        private final ExtensionTreatmentType type;

        TestExtension(ExtensionTreatmentType type) {
            this.type = type;
        }

        @Override
        public ExtensionTreatmentType type() {
            return type;
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }

        @Override
        public void deserialize(byte[] data) {
        }
    }

    private final AtomicInteger made = new AtomicInteger();
    private final Supplier<ExtensionTreatment> niciraLoad = () -> {
        made.incrementAndGet();
        return new TestExtension(NICIRA_LOAD.type());
    };

    private final Function<ExtensionTreatmentType, ExtensionTreatment> moves = TestExtension::new;

    @Test
    void openVSwitchAnswersArpWithFlowsWhenTheMovesWork() {
        SwitchCapabilities caps = SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", niciraLoad, moves);

        assertTrue(caps.answersArp());
        for (ExtensionTreatmentType type : SwitchFamilies.ARP_RESPONDER_MOVES) {
            assertEquals(type, caps.newMove(type).type());
        }
    }

    @Test
    void openVSwitchWithoutWorkingMovesLeavesArpToTheControllerAndStillRewritesPrefixes() {
        Function<ExtensionTreatmentType, ExtensionTreatment> noArpMoves = type -> {
            if (NICIRA_MOV_ARP_SPA_TO_TPA.type().equals(type)) {
                throw new UnsupportedOperationException("no such move here");
            }
            return new TestExtension(type);
        };
        for (Function<ExtensionTreatmentType, ExtensionTreatment> broken
                : List.<Function<ExtensionTreatmentType, ExtensionTreatment>>of(noArpMoves, type -> null,
                        type -> new TestExtension(NICIRA_LOAD.type()))) {
            SwitchCapabilities caps = SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", niciraLoad, broken);
            assertFalse(caps.answersArp());
            assertEquals(RewriteStyle.PREFIX, caps.style());
        }
        assertFalse(SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", niciraLoad, null).answersArp());
    }

    @Test
    void otherSwitchesLeaveArpToTheController() {
        assertFalse(SwitchFamilies.capabilities("Pica8, Inc.", "P-3290", "PicOS 2.6", niciraLoad, moves)
                            .answersArp());
    }

    @Test
    void openVSwitch2RewritesPrefixesWithTheSuppliedNiciraLoad() {
        SwitchCapabilities caps = SwitchFamilies.capabilities(NICIRA, OVS, "2.17.9", niciraLoad, moves);

        assertEquals(RewriteStyle.PREFIX, caps.style());
        int before = made.get();
        ExtensionTreatment first = caps.newNiciraLoad();
        ExtensionTreatment second = caps.newNiciraLoad();
        assertEquals(NICIRA_LOAD.type(), first.type());
        assertNotSame(first, second, "every rule needs its own treatment");
        assertEquals(before + 2, made.get());
    }

    @Test
    void openVSwitch3IsOpenVSwitchToo() {
        // ONOS 2.7's "ovs" driver only matches swVersion 2.x; the standalone host must not inherit that gap.
        assertEquals(RewriteStyle.PREFIX, SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", niciraLoad, moves).style());
    }

    @Test
    void otherSwitchesRewriteHostByHost() {
        SwitchCapabilities caps = SwitchFamilies.capabilities("Pica8, Inc.", "P-3290", "PicOS 2.6", niciraLoad, moves);

        assertEquals(RewriteStyle.PER_HOST, caps.style());
        assertThrows(IllegalStateException.class, caps::newNiciraLoad);
        assertEquals(0, made.get(), "a per-host switch never asks for extensions");
    }

    @Test
    void lookAlikeDescriptionsAreNotOpenVSwitch() {
        assertFalse(SwitchFamilies.isOpenVSwitch("Nicira, Inc.x", OVS));
        assertFalse(SwitchFamilies.isOpenVSwitch(NICIRA, "Open vSwitch fork"));
        assertFalse(SwitchFamilies.isOpenVSwitch(null, OVS));
        assertFalse(SwitchFamilies.isOpenVSwitch(NICIRA, null));
        assertTrue(SwitchFamilies.isOpenVSwitch(" Nicira, Inc. ", "Open vSwitch "));
    }

    @Test
    void openVSwitchWithoutAWorkingExtensionFallsBackToPerHost() {
        Supplier<ExtensionTreatment> unsupported = () -> {
            throw new UnsupportedOperationException("no NICIRA_LOAD here");
        };
        Supplier<ExtensionTreatment> wrongType = () -> new TestExtension(NICIRA_MOV_ARP_SHA_TO_THA.type());

        assertEquals(RewriteStyle.PER_HOST, SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", unsupported, moves)
                                                    .style());
        assertEquals(RewriteStyle.PER_HOST, SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", wrongType, moves)
                                                    .style());
        assertEquals(RewriteStyle.PER_HOST, SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", () -> null, moves)
                                                    .style());
        assertEquals(RewriteStyle.PER_HOST, SwitchFamilies.capabilities(NICIRA, OVS, "3.1.0", null, moves).style());
    }
}
