package org.tenantnat.bench;

import org.onosproject.net.DeviceId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.pipeline.CompiledPipeline;
import org.tenantnat.pipeline.Neighbours;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.util.concurrent.TimeUnit;

/**
 * Full recompute: every rule of one Open vSwitch holding N tenants x 4 prefixes (190,010 rules at 10,000
 * tenants), as at start-up and reconciliation. Target: below 300 ms at 10,000 tenants.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FullCompileBenchmark {

    /** Tenants on the switch. */
    @Param("10000")
    public int tenants;

    private static final DeviceId SWITCH = DeviceId.deviceId(TenantDocuments.SWITCH);

    private final PipelineCompiler compiler = new PipelineCompiler(Engine.APP_ID, PipelineSettings.DEFAULTS);
    private final SwitchCapabilities ovs = SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new);
    private DesiredState state;
    private Allocation allocation;

    /**
     * Decodes, validates and allocates the document once.
     */
    @Setup(Level.Trial)
    public void prepare() {
        state = DesiredStateReader.parseAndValidate(TenantDocuments.json(tenants, TenantDocuments.FOUR_PREFIXES));
        allocation = new StaticAllocator().allocate(state, Allocation.EMPTY);
    }

    /**
     * Compiles the switch's whole pipeline.
     *
     * @return the compiled pipeline
     */
    @Benchmark
    public CompiledPipeline compile() {
        return compiler.compile(SWITCH, state, allocation, Neighbours.NONE, ovs);
    }
}
