package org.tenantnat.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.net.DeviceId;
import org.tenantnat.alloc.StaticAllocator;
import org.tenantnat.api.model.Allocation;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.codec.JsonDocument;
import org.tenantnat.codec.LocalCodecContext;
import org.tenantnat.config.ConfigValidator;
import org.tenantnat.pipeline.Neighbours;
import org.tenantnat.pipeline.NiciraLoadTreatment;
import org.tenantnat.pipeline.PipelineCompiler;
import org.tenantnat.pipeline.PipelineSettings;
import org.tenantnat.pipeline.SwitchCapabilities;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where the CPU of reading a document and compiling a switch goes, as the measuring thread's own CPU time, which
 * other processes on a loaded machine do not inflate as they do wall time (garbage collection threads' work is not
 * counted either). Jackson's plain parse, tenantnat's strict parse, the codec's decode of that tree, the
 * validator, the whole decode + validate and the full compile run in turn, round after round, so every stage sees
 * the same machine; each prints min/median/max milliseconds, and decode + validate its ratio to Jackson's parse.
 *
 * <p>{@code java -cp benchmarks.jar org.tenantnat.bench.ThreadCpuSplit [--quick|--smoke] [--tenants N]
 * [--rounds R]}: 10,000 tenants x 4 prefixes, 40 rounds after 15 warm-up rounds by default; {@code --quick} 15
 * rounds after 5; {@code --smoke} (100 tenants, 3 rounds after 1) only proves every stage runs, for CI.
 */
public final class ThreadCpuSplit {

    /** One stage's thread CPU times. */
    public static final class Stage {
        private final String name;
        private final Supplier<Object> work;
        private final long[] nanos;

        Stage(String name, Supplier<Object> work, int rounds) {
            this.name = name;
            this.work = work;
            this.nanos = new long[rounds];
        }

        /**
         * Returns the stage's name.
         *
         * @return name
         */
        public String name() {
            return name;
        }

        /**
         * Returns a percentile of the stage's thread CPU time.
         *
         * @param percent 0 for the minimum, 50 for the median, 100 for the maximum
         * @return milliseconds
         */
        public double percentile(int percent) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.round((sorted.length - 1) * percent / 100.0)] / 1e6;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final DeviceId SWITCH = DeviceId.deviceId(TenantDocuments.SWITCH);
    private static final int WARMUP_ROUNDS = 15;
    private static final int DEFAULT_ROUNDS = 40;
    private static final int QUICK_WARMUP_ROUNDS = 5;
    private static final int QUICK_ROUNDS = 15;
    private static final int SMOKE_TENANTS = 100;
    private static final int SMOKE_WARMUP_ROUNDS = 1;
    private static final int SMOKE_ROUNDS = 3;

    // Results go here so that no stage's work can be optimised away.
    private static volatile Object sink;

    private ThreadCpuSplit() {
    }

    /**
     * Measures every stage.
     *
     * @param tenants tenants in the document
     * @param warmups rounds run first and not counted
     * @param rounds  rounds counted
     * @return the stages in the order printed
     */
    public static List<Stage> run(int tenants, int warmups, int rounds) {
        String json = TenantDocuments.json(tenants, TenantDocuments.FOUR_PREFIXES);
        ObjectMapper plain = new ObjectMapper();
        CodecContext context = LocalCodecContext.withTenantNatCodecs();
        ObjectNode tree = JsonDocument.parseObject(json);
        DesiredState state = DesiredStateReader.parseAndValidate(json);
        ConfigValidator validator = new ConfigValidator();
        Allocation allocation = new StaticAllocator().allocate(state, Allocation.EMPTY);
        PipelineCompiler compiler = new PipelineCompiler(Engine.APP_ID, PipelineSettings.DEFAULTS);
        SwitchCapabilities ovs = SwitchCapabilities.prefixRewrite(NiciraLoadTreatment::new);

        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("Jackson readTree (yardstick)", () -> readTree(plain, json), rounds));
        stages.add(new Stage("  strict parse (JsonDocument.parse)", () -> JsonDocument.parse(json), rounds));
        stages.add(new Stage("  decode tree -> model", () -> context.codec(DesiredState.class).decode(tree, context),
                             rounds));
        stages.add(new Stage("  validate (ConfigValidator)", () -> validator.validate(state), rounds));
        stages.add(new Stage("decode + validate (parseAndValidate)", () -> DesiredStateReader.parseAndValidate(json),
                             rounds));
        stages.add(new Stage("full compile", () -> compiler.compile(SWITCH, state, allocation, Neighbours.NONE, ovs),
                             rounds));
        for (int round = -warmups; round < rounds; round++) {
            for (Stage stage : stages) {
                long start = THREADS.getCurrentThreadCpuTime();
                sink = stage.work.get();
                long spent = THREADS.getCurrentThreadCpuTime() - start;
                if (round >= 0) {
                    stage.nanos[round] = spent;
                }
            }
        }
        return stages;
    }

    /**
     * Prints the figures.
     *
     * @param stages  measured stages, as {@link #run} returns them
     * @param tenants tenants in the document
     * @param out     where to print
     */
    public static void report(List<Stage> stages, int tenants, PrintStream out) {
        out.printf("%nthread CPU per operation, %,d tenants x 4 prefixes (ms)%n", tenants);
        out.printf("%-40s %10s %10s %10s%n", "stage", "min", "median", "max");
        for (Stage s : stages) {
            out.printf(Locale.ROOT, "%-40s %10.2f %10.2f %10.2f%n", s.name, s.percentile(0), s.percentile(50),
                       s.percentile(100));
        }
        Stage jackson = stages.get(0);
        Stage decodeAndValidate = stages.get(4);
        out.printf(Locale.ROOT, "ratio decode + validate / Jackson readTree (thread CPU): min %.2f  median %.2f  "
                           + "max %.2f%n", decodeAndValidate.percentile(0) / jackson.percentile(0),
                   decodeAndValidate.percentile(50) / jackson.percentile(50),
                   decodeAndValidate.percentile(100) / jackson.percentile(100));
    }

    private static Object readTree(ObjectMapper mapper, String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs and reports.
     *
     * @param args {@code [--quick|--smoke] [--tenants N] [--rounds R]}
     */
    public static void main(String[] args) {
        int tenants = 10_000;
        int warmups = WARMUP_ROUNDS;
        int rounds = DEFAULT_ROUNDS;
        for (int i = 0; i < args.length; i++) {
            if ("--quick".equals(args[i])) {
                warmups = QUICK_WARMUP_ROUNDS;
                rounds = QUICK_ROUNDS;
            } else if ("--smoke".equals(args[i])) {
                tenants = SMOKE_TENANTS;
                warmups = SMOKE_WARMUP_ROUNDS;
                rounds = SMOKE_ROUNDS;
            } else if ("--tenants".equals(args[i]) && i + 1 < args.length) {
                tenants = Integer.parseInt(args[++i]);
            } else if ("--rounds".equals(args[i]) && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: java -cp benchmarks.jar org.tenantnat.bench.ThreadCpuSplit "
                                           + "[--quick|--smoke] [--tenants N] [--rounds R]");
                System.exit(2);
            }
        }
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            System.err.println("ThreadCpuSplit: this JVM cannot measure a thread's CPU time");
            System.exit(1);
        }
        report(run(tenants, warmups, rounds), tenants, System.out);
    }
}
