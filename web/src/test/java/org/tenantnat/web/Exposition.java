package org.tenantnat.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a scrape in the Prometheus text format for the tests' assertions: the metric families declared by
 * {@code # TYPE} lines and every sample with its labels. It checks the shape it relies on (every sample belongs to
 * a declared family, every label value is quoted) and fails on anything else; full validation of the format is
 * left to promtool where the tests have it.
 */
public final class Exposition {

    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final List<String> SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_created", "_info");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private Exposition(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("# HELP") || line.equals("# EOF") || line.startsWith("# UNIT")) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != sample.group(3).length()) {
                    throw new IllegalArgumentException("malformed labels: " + line);
                }
            }
            String name = sample.group(1);
            if (family(name).isEmpty()) {
                throw new IllegalArgumentException("sample of an undeclared family: " + line);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(sample.group(4))));
        }
    }

    /**
     * Reads a scrape.
     *
     * @param text scrape in the Prometheus (or OpenMetrics) text format
     * @return the scrape's families and samples
     * @throws IllegalArgumentException when a line does not have the expected shape
     */
    public static Exposition parse(String text) {
        return new Exposition(text);
    }

    private Optional<String> family(String sampleName) {
        if (types.containsKey(sampleName)) {
            return Optional.of(sampleName);
        }
        return SUFFIXES.stream().filter(sampleName::endsWith)
                .map(s -> sampleName.substring(0, sampleName.length() - s.length()))
                .filter(types::containsKey).findFirst();
    }

    /**
     * Returns the metric families declared, as named in {@code # TYPE} lines.
     *
     * @return family names
     */
    public Set<String> families() {
        return new TreeSet<>(types.keySet());
    }

    /**
     * Returns the names samples are exposed under ({@code _total}, {@code _bucket}... included).
     *
     * @return sample names
     */
    public Set<String> sampleNames() {
        return samples.stream().map(s -> s.name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Returns the type of a family.
     *
     * @param family family name
     * @return counter, gauge, histogram...; empty when not declared
     */
    public Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /**
     * Returns the samples of a name whose labels include the given ones.
     *
     * @param name   sample name
     * @param labels label names and values, alternating
     * @return matching samples' values
     */
    public List<Double> values(String name, String... labels) {
        return samples.stream().filter(s -> s.name.equals(name) && s.has(labels)).map(s -> s.value)
                .collect(Collectors.toList());
    }

    /**
     * Returns the one sample of a name with the given labels.
     *
     * @param name   sample name
     * @param labels label names and values, alternating
     * @return its value
     * @throws AssertionError when there is not exactly one
     */
    public double value(String name, String... labels) {
        List<Double> found = values(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + List.of(labels)
                                     + " in:\n" + samples);
        }
        return found.get(0);
    }

    /**
     * Returns the label maps of every sample of a name.
     *
     * @param name sample name
     * @return labels of each sample
     */
    public List<Map<String, String>> labels(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).map(s -> s.labels).collect(Collectors.toList());
    }

    /** One sample line. */
    private static final class Sample {
        private final String name;
        private final Map<String, String> labels;
        private final double value;

        private Sample(String name, Map<String, String> labels, double value) {
            this.name = name;
            this.labels = labels;
            this.value = value;
        }

        private boolean has(String... pairs) {
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }
}
