package org.tenantnat.runtime;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.runtime.StateStore.Snapshot;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SnapshotCodecTest {

    private final SnapshotCodec codec = new SnapshotCodec();

    @Test
    void learnedMacsRoundTripTaggedAndUntagged() {
        List<LearnedMac> learned = List.of(
                learned("of:0000000000000001/1", VlanId.vlanId((short) 100), "02:01:00:01:00:01"),
                learned("of:0000000000000001/10", VlanId.NONE, "02:05:00:00:00:01"));
        Snapshot decoded = codec.decode(codec.encode(new Snapshot(DesiredState.EMPTY, Allocation.EMPTY, learned)));
        assertEquals(learned, decoded.learnedMacs());
        assertEquals(DesiredState.EMPTY, decoded.desiredState());
    }

    private static LearnedMac learned(String port, VlanId vlan, String mac) {
        return new LearnedMac(Ip4Address.valueOf("10.1.1.10"), ConnectPoint.deviceConnectPoint(port), vlan,
                              MacAddress.valueOf(mac));
    }

    @Test
    void aSnapshotWithoutLearnedMacsDecodesWithNone() {
        String text = codec.encode(new Snapshot(DesiredState.EMPTY, Allocation.EMPTY));
        String older = text.replaceAll(",\\s*\"learnedMacs\"\\s*:\\s*\\[\\s*\\]", "");
        assertFalse(older.contains("learnedMacs"), older);
        assertEquals(List.of(), codec.decode(older).learnedMacs());
    }

    @Test
    void textThatIsNotASnapshotIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("{\"pool\": []}"));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("not json"));
    }
}
