package org.tenantnat.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the engine benchmarks in one JMH run and prints each one's min/median/max against its target, decode +
 * validate as a ratio to Jackson's parse of the same document, and the first-packet figures of a dynamic tenant
 * (median and p99 of one, bindings per second of a burst).
 *
 * <p>{@code java -jar benchmarks.jar [--quick|--smoke] [--tenants N]}: the full run takes about 6 minutes at
 * 10,000 tenants, {@code --quick} about 3; {@code --smoke} (100 tenants, a few samples, no fork) only proves every
 * benchmark runs, for CI.
 */
public final class EngineBenchmarks {

    /** How long and how big a run is. */
    public enum Length {
        /** Figures to report: 1 fork, 1 x 10 s warm-up, 3 x 10 s measurement per benchmark. */
        FULL(1, 1, 10, 3, 10),
        /** Rough figures: 1 fork, 1 x 3 s warm-up, 2 x 5 s measurement. */
        QUICK(1, 1, 3, 2, 5),
        /** Crash check: no fork, no warm-up, 1 x 0.2 s measurement. */
        SMOKE(0, 0, 0, 1, 0);

        private final int forks;
        private final int warmups;
        private final int warmupSeconds;
        private final int measurements;
        private final int measurementSeconds;

        Length(int forks, int warmups, int warmupSeconds, int measurements, int measurementSeconds) {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupSeconds = warmupSeconds;
            this.measurements = measurements;
            this.measurementSeconds = measurementSeconds;
        }
    }

    private static final String ONE_TENANT = OneTenantChangeBenchmark.class.getName() + ".replaceTenant";
    private static final String COMPILE = FullCompileBenchmark.class.getName() + ".compile";
    private static final String DECODE = DecodeBenchmark.class.getName() + ".decodeAndValidate";
    private static final String JACKSON = DecodeBenchmark.class.getName() + ".jacksonParse";
    private static final String FIRST_PACKET = FirstPacketBenchmark.class.getName() + ".firstPacket";
    private static final String THOUSAND_HOSTS = FirstPacketBenchmark.class.getName() + ".thousandHosts";
    private static final double MS_PER_SECOND = 1000.0;

    private EngineBenchmarks() {
    }

    /**
     * Runs the benchmarks.
     *
     * @param length  how long
     * @param tenants tenants in the document
     * @return statistics of each benchmark (milliseconds per operation) by its full method name
     * @throws RunnerException when a benchmark fails
     */
    public static Map<String, Statistics> run(Length length, int tenants) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(OneTenantChangeBenchmark.class.getName())
                .include(FullCompileBenchmark.class.getName())
                .include(DecodeBenchmark.class.getName())
                .include(FirstPacketBenchmark.class.getName())
                .param("tenants", String.valueOf(tenants))
                .forks(length.forks)
                .warmupIterations(length.warmups)
                .measurementIterations(length.measurements)
                .shouldFailOnError(true)
                .verbosity(length == Length.SMOKE ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (length == Length.SMOKE) {
            options.measurementTime(TimeValue.milliseconds(200));
        } else {
            options.warmupTime(TimeValue.seconds(length.warmupSeconds))
                    .measurementTime(TimeValue.seconds(length.measurementSeconds))
                    .jvmArgsAppend("-Xmx4g");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Statistics> byName = new LinkedHashMap<>();
        for (RunResult result : results) {
            byName.put(result.getParams().getBenchmark(), result.getPrimaryResult().getStatistics());
        }
        return byName;
    }

    /**
     * Prints the figures.
     *
     * @param stats   statistics by benchmark
     * @param tenants tenants in the document
     * @param out     where to print
     */
    public static void report(Map<String, Statistics> stats, int tenants, PrintStream out) {
        out.printf("%nengine: %,d tenants x 4 prefixes on one Open vSwitch (ms per operation)%n", tenants);
        out.printf("%-34s %7s %10s %10s %10s   %s%n", "benchmark", "samples", "min", "median", "max", "target");
        line(out, "one-tenant change (replaceTenant)", stats.get(ONE_TENANT), 2.0);
        line(out, "full compile", stats.get(COMPILE), 300.0);
        line(out, "decode + validate", stats.get(DECODE), Double.NaN);
        line(out, "Jackson parse of the same text", stats.get(JACKSON), Double.NaN);
        Statistics decode = stats.get(DECODE);
        Statistics jackson = stats.get(JACKSON);
        out.printf(Locale.ROOT, "ratio decode + validate / Jackson parse: min %.2f  median %.2f  max %.2f   "
                           + "(target < 2: %s)%n",
                   decode.getMin() / jackson.getMin(), median(decode) / median(jackson),
                   decode.getMax() / jackson.getMax(), median(decode) / median(jackson) < 2 ? "met" : "MISSED");
        line(out, "first packet (packet-in to release)", stats.get(FIRST_PACKET), 2.0);
        Statistics first = stats.get(FIRST_PACKET);
        out.printf(Locale.ROOT, "first packet p99: %.3f ms%n", first.getPercentile(99));
        line(out, "1,000 first packets at once", stats.get(THOUSAND_HOSTS), Double.NaN);
        Statistics burst = stats.get(THOUSAND_HOSTS);
        double perSecond = FirstPacketBenchmark.BURST * MS_PER_SECOND / median(burst);
        out.printf(Locale.ROOT, "bindings per second (1,000 / time of a burst): min %.0f  median %.0f  max %.0f   "
                           + "(target >= 5,000: %s)%n", FirstPacketBenchmark.BURST * MS_PER_SECOND / burst.getMax(),
                   perSecond, FirstPacketBenchmark.BURST * MS_PER_SECOND / burst.getMin(),
                   perSecond >= 5000 ? "met" : "MISSED");
    }

    private static void line(PrintStream out, String name, Statistics s, double targetMs) {
        String target = Double.isNaN(targetMs) ? "" : String.format(Locale.ROOT, "median < %.0f ms: %s", targetMs,
                                                                     median(s) < targetMs ? "met" : "MISSED");
        out.printf(Locale.ROOT, "%-34s %7d %10.3f %10.3f %10.3f   %s%n", name, s.getN(), s.getMin(), median(s),
                   s.getMax(), target);
    }

    private static double median(Statistics s) {
        return s.getPercentile(50);
    }

    /**
     * Runs and reports.
     *
     * @param args {@code [--quick|--smoke] [--tenants N]}
     * @throws RunnerException when a benchmark fails
     */
    public static void main(String[] args) throws RunnerException {
        Length length = Length.FULL;
        int tenants = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    length = Length.QUICK;
                    break;
                case "--smoke":
                    length = Length.SMOKE;
                    tenants = 100;
                    break;
                case "--tenants":
                    tenants = Integer.parseInt(args[++i]);
                    break;
                default:
                    System.err.println("usage: java -jar benchmarks.jar [--quick|--smoke] [--tenants N]");
                    System.exit(2);
            }
        }
        report(run(length, tenants), tenants, System.out);
    }
}
