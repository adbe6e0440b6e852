package org.tenantnat.standalone.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example Grafana dashboard in tools/grafana, as the tests read it.
 */
public final class Dashboard {

    /** Repository root, from the module directory Maven runs the tests in (tools/standalone). */
    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../..")
            .normalize();
    /** The dashboard. */
    static final Path FILE = ROOT.resolve("tools/grafana/tenantnat-dashboard.json");

    private static final Pattern METRIC = Pattern.compile("\\btenantnat_[a-z0-9_]+");

    private Dashboard() {
    }

    /**
     * Returns every tenantnat metric name the dashboard's queries use, as exposed ({@code _total},
     * {@code _bucket}... included).
     *
     * @return metric names
     * @throws IOException when the file cannot be read or is not JSON
     */
    public static Set<String> metrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(FILE.toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
