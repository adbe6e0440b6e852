package org.tenantnat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.DesiredStateReader;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Reading the desired-state document of N tenants x 4 prefixes: tenantnat's decode + validate, and Jackson's plain
 * parse of the same text into a tree, side by side. Target: decode + validate below 2x Jackson's parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {

    /** Tenants in the document. */
    @Param("10000")
    public int tenants;

    private final ObjectMapper mapper = new ObjectMapper();
    private String json;

    /**
     * Writes the document once.
     */
    @Setup(Level.Trial)
    public void write() {
        json = TenantDocuments.json(tenants, TenantDocuments.FOUR_PREFIXES);
    }

    /**
     * Decodes and validates the document as every front end does.
     *
     * @return the desired state
     */
    @Benchmark
    public DesiredState decodeAndValidate() {
        return DesiredStateReader.parseAndValidate(json);
    }

    /**
     * Parses the same text with Jackson alone: the yardstick.
     *
     * @return the JSON tree
     * @throws IOException never: the text is valid JSON
     */
    @Benchmark
    public JsonNode jacksonParse() throws IOException {
        return mapper.readTree(json);
    }
}
