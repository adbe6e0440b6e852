package org.tenantnat.bench;

import org.onlab.packet.Ip4Prefix;
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
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.runtime.TenantNatRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One tenant changes (one of its four prefixes moves) on a runtime that holds N tenants and programs one Open
 * vSwitch: the service verb {@code replaceTenant} as REST's {@code PUT /tenants/{name}} calls it, from validation to
 * the rule delta handed to the southbound and the state saved. Each call alternates the tenant between two
 * versions, so every call is a real change. Target: median below 2 ms at 10,000 tenants.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OneTenantChangeBenchmark {

    /** Tenants on the switch. */
    @Param("10000")
    public int tenants;

    private static final Origin ORIGIN = Origin.rest("bench");

    private TenantNatRuntime runtime;
    private PrefixRewriteSouthbound southbound;
    private final List<Tenant> versions = new ArrayList<>();
    private int next;

    /**
     * Starts a runtime holding every tenant, its switch programmed.
     */
    @Setup(Level.Trial)
    public void start() {
        DesiredState state = DesiredStateReader.parseAndValidate(
                TenantDocuments.json(tenants, TenantDocuments.FOUR_PREFIXES));
        southbound = new PrefixRewriteSouthbound();
        runtime = Engine.runtime(southbound, ORIGIN, state);
        Tenant tenant = state.tenant("t" + (tenants / 2 + 1)).orElseThrow();
        List<Ip4Prefix> moved = new ArrayList<>(tenant.prefixes());
        moved.set(moved.size() - 1, Ip4Prefix.valueOf(TenantDocuments.OTHER_PREFIX));
        versions.add(tenant.toBuilder().prefixes(moved).build());
        versions.add(tenant);
    }

    /**
     * Replaces the tenant with its other version.
     *
     * @return the tenant now in force
     */
    @Benchmark
    public Tenant replaceTenant() {
        Tenant tenant = versions.get(next);
        next = 1 - next;
        return runtime.replaceTenant(ORIGIN, tenant);
    }

    /**
     * Checks the switch still holds every tenant's rules, then stops the runtime.
     */
    @TearDown(Level.Trial)
    public void stop() {
        runtime.stop();
        if (southbound.rules() < tenants * 4) {
            throw new IllegalStateException("the switch holds " + southbound.rules() + " rules for " + tenants
                                                    + " tenants: the benchmark measured a broken runtime");
        }
    }
}
