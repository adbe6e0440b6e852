package org.tenantnat.web;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.tenantnat.codec.JsonDocument;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates hostile requests: valid documents of each kind mutated at one place (a value replaced by a hostile
 * one, a field removed, added, renamed or repeated, a plausible edit that may well be valid) and then perhaps
 * mangled as bytes (truncated, invalid UTF-8, another encoding, trailing text), sent with odd content types; and
 * odd requests (methods, paths, query strings, bodies where none belongs).
 */
final class HostileRequests {

    private static final String INTENT = "{\"tenant\": \"acme\", \"service\": \"portal\", \"vip\": \"10.250.0.20\"}";

    private static final List<String> CONTENT_TYPES = List.of(
            "application/json; charset=utf-8", "application/json;charset=UTF-16", "application/json; charset=latin1",
            "APPLICATION/JSON", "application/json; boundary=x; q=0", "text/plain", "application/x-www-form-urlencoded",
            "application/xml", "multipart/form-data; boundary=x", "*/*", "application/*", "json",
            "application/json-patch+json", "application/json; charset=\u00e9");

    private static final List<String> ACCEPTS = List.of(
            "application/xml", "*/*", "text/html", "application/json;q=0", "application/json, */*;q=0.1",
            "image/png", "garbage", "application/*", "text/*;q=0.5, application/json");

    private static final List<String> METHODS = List.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO", "get");

    private static final List<String> RESOURCES = List.of(
            "config", "tenants", "services", "intents", "translations", "lookup", "pool", "stats", "metrics", "gui",
            "changes", "bindings", "bindings/history",
            "", "TENANTS", "apidoc", "config.json", "tenants.xml");

    private static final List<String> SEGMENTS = List.of(
            "acme", "globex", "nobody", "backup", "portal", "initech", "..", ".", "%2F", "%2e%2e", "%00", "%ff",
            "%c0%ae", ";a=b", "%20", "+", "*", "~", "100.64.0.10", "100.64.1.1", "1.2.3.4.5", "%3A%3A1", "-1",
            "99999999999999999999", "acme%00", "%E2%80%AEemca", "%F0%9F%98%80", "%ED%A0%80", "index.html",
            "a".repeat(4000), "%25", "%2525", "acme;jsessionid=1", "acme%3Bx");

    private static final List<String> QUERIES = List.of(
            "tenant=acme", "tenant=", "tenant=nobody", "tenant=acme&tenant=globex", "port=65536", "at=-1",
            "x=%00", "=", "&&&", "tenant", "tenant=%ff", "tenant=%E2%80%AE", "a=" + "b".repeat(3000), "%25=%25",
            "tenant=acme%00", "limit=-1", "limit=0", "limit=99999999999", "since=abc", "before=1e3",
            "since=-5&before=2", "from=abc", "to=-1", "port=0", "at=2026-13-45T00:00:00Z");

    private static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[]{(byte) 0xc3, 0x28}, new byte[]{(byte) 0xff}, new byte[]{(byte) 0xc0, (byte) 0x80},
            new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[]{(byte) 0xf4, (byte) 0x90, (byte) 0x80,
                    (byte) 0x80}, new byte[]{(byte) 0x80}, new byte[]{(byte) 0xfe, (byte) 0xff});

    private HostileRequests() {
    }

    /**
     * Returns valid documents of every kind, mutated.
     *
     * @return requests
     */
    static Arbitrary<HostileRequest> mutatedDocuments() {
        return Arbitraries.of(HostileRequest.Target.class).flatMap(target -> {
            JsonNode base = JsonDocument.parse(base(target));
            int deepest = target == HostileRequest.Target.CONFIG ? HostileValues.DEEPEST_STATE
                    : HostileValues.DEEPEST_ITEM;
            Arbitrary<TreeMutation> mutation = Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.just(TreeMutation.NONE)),
                    Tuple.of(10, treeMutations(base, deepest)),
                    Tuple.of(6, validEdits(base)));
            return Combinators.combine(mutation, byteMutations(), contentTypes(), accepts(),
                                       Arbitraries.integers().between(0, 9))
                    .as((tree, bytes, type, accept, chunk) -> {
                        byte[] body = bytes.apply(tree.render(base).getBytes(StandardCharsets.UTF_8));
                        return new HostileRequest(target.method, target.path, type, accept, body, chunk == 0,
                                                  Optional.of(target), tree + ", " + bytes);
                    });
        });
    }

    /**
     * Returns odd requests: any method on known and unknown paths with odd segments and query strings, with or
     * without a body.
     *
     * @return requests
     */
    static Arbitrary<HostileRequest> oddRequests() {
        Arbitrary<String> path = Combinators.combine(
                Arbitraries.of(RESOURCES),
                Arbitraries.of(SEGMENTS).list().ofMaxSize(3),
                Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")),
                                        Tuple.of(2, Arbitraries.of(QUERIES).list().ofMinSize(1).ofMaxSize(3)
                                                .map(q -> "?" + String.join("&", q))),
                                        Tuple.of(1, Arbitraries.just("?"))),
                Arbitraries.of("", "/"))
                .as((resource, segments, query, slash) -> {
                    StringBuilder p = new StringBuilder(resource);
                    segments.forEach(s -> p.append('/').append(s));
                    return p.append(slash).append(query).toString();
                });
        Arbitrary<byte[]> body = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just((byte[]) null)),
                Tuple.of(1, Arbitraries.just(new byte[0])),
                Tuple.of(1, Arbitraries.just("{}".getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.of(HostileRequest.Target.class)
                        .map(t -> base(t).getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, HostileValues.any(HostileValues.DEEPEST_ITEM)
                        .map(v -> v.getBytes(StandardCharsets.UTF_8))));
        return Combinators.combine(Arbitraries.of(METHODS), path, body, contentTypes(), accepts(),
                                   Arbitraries.integers().between(0, 9))
                .as((method, p, b, type, accept, chunk) -> new HostileRequest(
                        method, p, b == null ? null : type, accept, b, b != null && chunk == 0, Optional.empty(),
                        "odd request"));
    }

    /**
     * Returns the valid document a target starts from, in the starting state.
     *
     * @param target target
     * @return JSON text
     */
    static String base(HostileRequest.Target target) {
        switch (target) {
            case CONFIG:
                return Documents.CONFIG;
            case NEW_TENANT:
                return Documents.newTenant();
            case REPLACE_TENANT:
                return Documents.tenant("acme", 1, 1, "\"vlan\": 100,");
            case NEW_SERVICE:
                return Documents.service("archive", "10.1.1.30", 6);
            default:
                return INTENT;
        }
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(Tuple.of(14, Arbitraries.just(HttpCalls.JSON)),
                                       Tuple.of(3, Arbitraries.of(CONTENT_TYPES)),
                                       Tuple.of(1, Arbitraries.just((String) null)));
    }

    private static Arbitrary<String> accepts() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just((String) null)),
                                       Tuple.of(1, Arbitraries.of(ACCEPTS)));
    }

    // Every place in the tree: the root (empty path), each field and each element.
    private static List<List<Object>> places(JsonNode node) {
        List<List<Object>> places = new ArrayList<>();
        places(node, new ArrayList<>(), places);
        return places;
    }

    private static void places(JsonNode node, List<Object> at, List<List<Object>> out) {
        out.add(List.copyOf(at));
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                at.add(field.getKey());
                places(field.getValue(), at, out);
                at.remove(at.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                at.add(i);
                places(node.get(i), at, out);
                at.remove(at.size() - 1);
            }
        }
    }

    private static Arbitrary<TreeMutation> treeMutations(JsonNode base, int deepest) {
        List<List<Object>> places = places(base);
        Arbitrary<String> keys = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("name", "id", "vlan", "tenants", "pool", "access", "mode", "vip", "ip")),
                Tuple.of(2, Arbitraries.of("colour", "", " ", "NAME", "na\\u0000me", "\\ud800", "__proto__",
                                           "constructor", "\u202eeman")),
                Tuple.of(1, HostileValues.unicodeStrings().map(k -> k.substring(1, k.length() - 1))))
                .map(k -> "\"" + k + "\"");
        return Combinators.combine(Arbitraries.of(places), Arbitraries.of(TreeMutation.Kind.class),
                                   HostileValues.any(deepest), keys)
                .as(TreeMutation::new);
    }

    // Plausible edits by field name: often valid, sometimes in conflict with the state (a taken id or port).
    private static Arbitrary<TreeMutation> validEdits(JsonNode base) {
        List<List<Object>> editable = new ArrayList<>();
        for (List<Object> place : places(base)) {
            if (!place.isEmpty() && place.get(place.size() - 1) instanceof String
                    && EDITS.containsKey((String) place.get(place.size() - 1))) {
                editable.add(place);
            }
        }
        return Arbitraries.of(editable).flatMap(place -> EDITS.get((String) place.get(place.size() - 1))
                .map(value -> new TreeMutation(place, TreeMutation.Kind.REPLACE, value, null)));
    }

    private static final Map<String, Arbitrary<String>> EDITS = Map.of(
            "vlan", Arbitraries.integers().between(1, 4094).map(String::valueOf),
            "id", Arbitraries.integers().between(1, 65535).map(String::valueOf),
            "name", Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1)
                    .ofMaxLength(12).flatMap(first -> Arbitraries.strings().withChars("abcz09._-").ofMaxLength(50)
                            .map(rest -> "\"" + first + rest + "\"")),
            "routerMac", Arbitraries.integers().between(0, 0xffffff)
                    .map(n -> String.format("\"02:00:00:%02x:%02x:%02x\"", n >> 16, (n >> 8) & 0xff, n & 0xff)),
            "vip", Arbitraries.integers().between(0, 0xffff)
                    .map(n -> String.format("\"10.250.%d.%d\"", n >> 8, n & 0xff)),
            "prefixes", Arbitraries.integers().between(0, 255)
                    .map(n -> String.format("[\"10.1.1.0/24\", \"10.7.%d.0/24\"]", n)),
            "connectPoint", Arbitraries.integers().between(1, 64)
                    .map(n -> "\"of:0000000000000001/" + n + "\""),
            "gatewayMac", Arbitraries.integers().between(0, 0xffffff)
                    .map(n -> String.format("\"02:00:01:%02x:%02x:%02x\"", n >> 16, (n >> 8) & 0xff, n & 0xff)),
            "pool", Arbitraries.of("[\"100.64.0.0/15\"]", "[\"100.65.0.0/16\"]",
                                   "[\"100.64.0.0/16\", \"100.80.0.0/24\"]",
                                   "[\"100.64.0.0/10\"]"),
            "ip", Arbitraries.integers().between(2, 250).map(n -> "\"10.1.2." + n + "\""));

    private static Arbitrary<ByteMutation> byteMutations() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(ByteMutation.NONE)),
                Tuple.of(2, where.map(ByteMutation::truncate)),
                Tuple.of(2, Combinators.combine(where, Arbitraries.of(INVALID_UTF8)).as(ByteMutation::insert)),
                Tuple.of(1, Combinators.combine(where, Arbitraries.bytes()).as((w, b) -> ByteMutation.insert(w,
                        new byte[]{b}))),
                Tuple.of(1, Arbitraries.of("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE", "ISO-8859-1")
                        .map(ByteMutation::reencode)),
                Tuple.of(1, Arbitraries.of(" x", " {}", "\u0000", "\n{\"pool\": []}", "]", " // done",
                                           "\ufeff").map(ByteMutation::append)),
                Tuple.of(1, Arbitraries.of(ByteMutation.BOM, ByteMutation.EMPTY, ByteMutation.BLANK)));
    }

    /** A change at one place of a JSON tree, written out as text. */
    static final class TreeMutation {

        /** What is done at the place. */
        enum Kind {
            /** The value is replaced by the hostile one. */
            REPLACE,
            /** The field or element is left out. */
            REMOVE,
            /** The field or element is written twice, the second time with the hostile value. */
            DUPLICATE,
            /** The field's name is replaced by the hostile key. */
            RENAME,
            /** A field with the hostile key and value is added inside the object (or the value appended). */
            ADD
        }

        static final TreeMutation NONE = new TreeMutation(null, Kind.REPLACE, null, null);

        private final List<Object> place;
        private final Kind kind;
        private final String value;
        private final String key;

        TreeMutation(List<Object> place, Kind kind, String value, String key) {
            this.place = place;
            this.kind = kind;
            this.value = value;
            this.key = key;
        }

        String render(JsonNode base) {
            StringBuilder out = new StringBuilder();
            write(base, new ArrayList<>(), null, out);
            return out.toString();
        }

        private boolean targets(List<Object> at) {
            return place != null && place.equals(at);
        }

        private boolean removed(List<Object> at) {
            return kind == Kind.REMOVE && targets(at);
        }

        // Writes one member (a field when name is set, else an element) at the given path.
        private void write(JsonNode node, List<Object> at, String name, StringBuilder out) {
            boolean here = targets(at);
            String label = name == null ? "" : quote(name) + ": ";
            if (here && kind == Kind.RENAME && name != null) {
                label = key + ": ";
            }
            out.append(label);
            if (here && kind == Kind.REPLACE) {
                out.append(value);
            } else if (node.isObject()) {
                out.append('{');
                boolean first = true;
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    at.add(field.getKey());
                    if (!removed(at)) {
                        first = separate(first, out);
                        write(field.getValue(), at, field.getKey(), out);
                    }
                    at.remove(at.size() - 1);
                }
                if (here && kind == Kind.ADD) {
                    out.append(first ? "" : ", ").append(key).append(": ").append(value);
                }
                out.append('}');
            } else if (node.isArray()) {
                out.append('[');
                boolean first = true;
                for (int i = 0; i < node.size(); i++) {
                    at.add(i);
                    if (!removed(at)) {
                        first = separate(first, out);
                        write(node.get(i), at, null, out);
                    }
                    at.remove(at.size() - 1);
                }
                if (here && kind == Kind.ADD) {
                    out.append(first ? "" : ", ").append(value);
                }
                out.append(']');
            } else {
                out.append(node.toString());
            }
            if (here && kind == Kind.DUPLICATE && !at.isEmpty()) {
                out.append(", ").append(name == null ? "" : quote(name) + ": ").append(value);
            }
        }

        private static boolean separate(boolean first, StringBuilder out) {
            if (!first) {
                out.append(", ");
            }
            return false;
        }

        private static String quote(String name) {
            return "\"" + HostileValues.escapedForJson(name) + "\"";
        }

        @Override
        public String toString() {
            if (place == null) {
                return "unchanged";
            }
            return kind + " at " + place + (kind == Kind.REMOVE ? "" : " " + abbreviated(value))
                    + (kind == Kind.RENAME || kind == Kind.ADD ? " key " + abbreviated(key) : "");
        }

        private static String abbreviated(String text) {
            return text == null || text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length()
                    + " chars)";
        }
    }

    /** A change of the body's bytes after the document was written. */
    static final class ByteMutation {

        static final ByteMutation NONE = new ByteMutation("no byte change", 0, null, null, null);
        static final ByteMutation BOM = new ByteMutation("UTF-8 byte order mark", 0,
                new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, null, null);
        static final ByteMutation EMPTY = new ByteMutation("empty body", -1, null, null, null);
        static final ByteMutation BLANK = new ByteMutation("blank body", -1, " \n\t ".getBytes(StandardCharsets.UTF_8),
                                                           null, null);

        private final String description;
        private final double where;
        private final byte[] inserted;
        private final Charset charset;
        private final String appended;

        private ByteMutation(String description, double where, byte[] inserted, Charset charset, String appended) {
            this.description = description;
            this.where = where;
            this.inserted = inserted;
            this.charset = charset;
            this.appended = appended;
        }

        static ByteMutation truncate(double where) {
            return new ByteMutation(String.format("truncated at %.3f", where), where, null, null, null);
        }

        static ByteMutation insert(double where, byte[] bytes) {
            return new ByteMutation(String.format("%d bytes inserted at %.3f", bytes.length, where), where, bytes,
                                    null, null);
        }

        static ByteMutation reencode(String charset) {
            return new ByteMutation("written in " + charset, 0, null, Charset.forName(charset), null);
        }

        static ByteMutation append(String text) {
            return new ByteMutation("followed by " + text.replace("\n", "\\n").replace("\u0000", "\\u0000"), 0,
                                    null, null, text);
        }

        byte[] apply(byte[] body) {
            if (this == NONE) {
                return body;
            }
            if (where < 0) {
                return inserted == null ? new byte[0] : inserted.clone();
            }
            if (charset != null) {
                return new String(body, StandardCharsets.UTF_8).getBytes(charset);
            }
            if (appended != null) {
                byte[] tail = appended.getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[body.length + tail.length];
                System.arraycopy(body, 0, out, 0, body.length);
                System.arraycopy(tail, 0, out, body.length, tail.length);
                return out;
            }
            int at = (int) (where * body.length);
            if (inserted == null) {
                byte[] out = new byte[at];
                System.arraycopy(body, 0, out, 0, at);
                return out;
            }
            byte[] out = new byte[body.length + inserted.length];
            System.arraycopy(body, 0, out, 0, at);
            System.arraycopy(inserted, 0, out, at, inserted.length);
            System.arraycopy(body, at, out, at + inserted.length, body.length - at);
            return out;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
