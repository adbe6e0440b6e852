package org.tenantnat.bench;

import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.UDP;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Access;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.api.model.TranslationPolicy;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * First packets of a dynamic tenant's hosts on a runtime that holds N static tenants and programs one Open vSwitch
 * (an in-memory Open vSwitch that confirms every batch at once, and in-memory store): from the packet-in
 * handed to the runtime to the packet sent back through the switch's pipeline, with the binding planned and
 * committed, its two rules compiled and handed to the switch, and its audit record written in between. What it
 * leaves out: the OpenFlow round trip and the barrier, and the standalone host's write to its record log.
 * <p>
 * {@code firstPacket}: one new host at a time (target: median below 2 ms). {@code thousandHosts}: the first
 * packets of 1,000 new hosts at once, until the last is released; bindings per second = 1,000 / that time (target:
 * at least 5,000 per second). Every host is new: bindings accumulate, as on a switch whose hosts stay active.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FirstPacketBenchmark {

    /** Static tenants on the switch beside the dynamic one. */
    @Param("10000")
    public int tenants;

    /** First packets per {@code thousandHosts} call. */
    static final int BURST = 1000;

    private static final Origin ORIGIN = Origin.rest("bench");
    /** The dynamic tenant's VIP of the service: outside its 10.0.0.0/8. */
    private static final String VIP = "172.31.250.10";
    private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private TenantNatRuntime runtime;
    private PrefixRewriteSouthbound southbound;
    private ConnectPoint attachment;
    private long cookie;
    private int nextHost;

    /**
     * Starts a runtime holding the static tenants and a dynamic one whose /8 binds into a /12 pool block.
     */
    @Setup(Level.Trial)
    public void start() {
        DesiredState state = DesiredStateReader.parseAndValidate(
                TenantDocuments.json(tenants, TenantDocuments.FOUR_PREFIXES));
        southbound = new PrefixRewriteSouthbound();
        runtime = Engine.runtime(southbound, ORIGIN, state);
        int id = tenants + 1;
        attachment = ConnectPoint.deviceConnectPoint(TenantDocuments.SWITCH + "/"
                                                             + (TenantDocuments.SERVICE_PORT + 1));
        Tenant template = state.tenant("t1").orElseThrow();
        runtime.addTenant(ORIGIN, template.toBuilder().name("dynamic").id(id)
                .attachment(new Attachment(attachment, VlanId.vlanId((short) 1)))
                .prefixes(List.of(Ip4Prefix.valueOf("10.0.0.0/8")))
                .translation(TranslationPolicy.builder(TranslationPolicy.Mode.DYNAMIC).blockSize(12).build())
                .access(List.of(new Access("backup", Ip4Address.valueOf(VIP)))).build());
        cookie = ((long) Engine.APP_ID.id() << 48) | ((long) id << 32) | 1;
        nextHost = Ip4Address.valueOf("10.0.0.1").toInt();
    }

    // A first packet as the switch punts it from the source translation table: the classifier took the tag off.
    private Ethernet newHostsPacket() {
        Ethernet frame = new Ethernet().setEtherType(Ethernet.TYPE_IPV4)
                .setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress("02:00:00:00:00:01");
        frame.setPayload(new IPv4().setSourceAddress(nextHost++).setDestinationAddress(VIP).setTtl((byte) 64)
                                 .setProtocol(IPv4.PROTOCOL_UDP).setPayload(new UDP().setSourcePort(40123)
                                         .setDestinationPort(7000).setPayload(new Data(new byte[18]))));
        return frame;
    }

    private void awaitReleased(long count) throws InterruptedException {
        if (!southbound.awaitReleased(count, RELEASE_TIMEOUT_NANOS)) {
            throw new IllegalStateException(southbound.released() + " of " + count + " first packets released "
                                                    + "after a minute: the benchmark measured a broken runtime");
        }
    }

    /**
     * Sends one new host's first packet and waits until it is released.
     *
     * @return packets released so far
     * @throws InterruptedException when interrupted
     */
    @Benchmark
    public long firstPacket() throws InterruptedException {
        long target = southbound.released() + 1;
        runtime.packetIn(attachment, newHostsPacket(), cookie);
        awaitReleased(target);
        return target;
    }

    /**
     * Sends 1,000 new hosts' first packets and waits until the last is released.
     *
     * @return packets released so far
     * @throws InterruptedException when interrupted
     */
    @Benchmark
    public long thousandHosts() throws InterruptedException {
        long target = southbound.released() + BURST;
        for (int i = 0; i < BURST; i++) {
            runtime.packetIn(attachment, newHostsPacket(), cookie);
        }
        awaitReleased(target);
        return target;
    }

    /**
     * Checks every host got its binding, then stops the runtime.
     */
    @TearDown(Level.Trial)
    public void stop() {
        long hosts = runtime.bindings(Optional.of("dynamic")).size();
        runtime.stop();
        if (hosts != southbound.released()) {
            throw new IllegalStateException(hosts + " bindings for " + southbound.released() + " released packets");
        }
    }
}
