package org.tenantnat.standalone;

import org.tenantnat.binding.BindingOptions;
import org.tenantnat.history.Retention;
import org.tenantnat.standalone.http.HttpLimits;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options of the standalone host.
 */
public final class StandaloneOptions {

    /** Longest retention of the audit trail: ten years. */
    static final int MAX_RETENTION_DAYS = 3650;

    /** Environment variable that may carry the HTTP credentials as {@code user:password}. */
    public static final String CREDENTIALS_ENV = "TENANTNAT_HTTP_CREDENTIALS";

    /** How translations are expressed on the switches. */
    public enum RewriteChoice {
        /** Decided per switch family: Open vSwitch rewrites prefixes, other switches per host. */
        AUTO,
        /** Every switch rewrites prefixes (Nicira reg_load). */
        PREFIX,
        /** Every switch gets exact per-host rewrites. */
        PER_HOST
    }

    static final String USAGE = String.join("\n",
        "usage: java -jar tenantnat-standalone.jar [--config FILE] [options]",
        "       java -jar tenantnat-standalone.jar apply FILE [--http HOST:PORT] [--credentials USER:PW] [--state DIR]",
        "",
        "The state directory is the source of truth: every accepted change (REST, GUI, apply) is kept there and",
        "survives restarts, and so is the history of changes (who changed what, when).",
        "",
        "  --config FILE          desired-state document (JSON, the shape of ONOS netcfg apps/org.tenantnat/tenantnat)",
        "                         that seeds an empty state directory; ignored (with a log line) when the directory",
        "                         already holds state, unless --replace-state is given",
        "  --replace-state        apply --config even though the state directory holds state: the file replaces the",
        "                         desired state, as PUT /config does (translated blocks are kept where they fit)",
        "  --openflow HOST:PORT   OpenFlow 1.3 listen address (default 127.0.0.1:6653)",
        "  --http HOST:PORT       REST API and GUI listen address (default 127.0.0.1:8181; 'off' disables)",
        "  --credentials USER:PW  HTTP basic-auth credentials of one admin (or env " + CREDENTIALS_ENV + "); without",
        "                         them or --users a random password is written to STATE/http-credentials",
        "  --state DIR            where desired state and allocations persist (default ./tenantnat-state)",
        "  --rewrite STYLE        auto | prefix | per-host (default auto: Open vSwitch rewrites whole prefixes)",
        "  --binding-retention DAYS  how long the audit trail STATE/bindings.jsonl keeps bindings and blocks that",
        "                         ended (default 30)",
        "  --pool-alarm PERCENT   usage of a dynamic or pat tenant's pool block that raises its alarm (default 80)",
        "  --sync-bindings        sync every binding to disk before its packet is released (default: written before,",
        "                         synced within 50 ms: survives kill -9, not a power cut in that window)",
        "  --history-retention R  how long the history of changes (STATE/history.log, GET /changes) is kept: DAYSd,",
        "                         COUNT or both, whichever drops a change first (default " + Retention.DEFAULT + ")",
        "  --help                 this text",
        "",
        "apply FILE               sends FILE to a running host (PUT /onos/tenantnat/config): validated and applied",
        "                         atomically, kept in its state directory; errors are printed by field",
        "",
        "Running in production (see tools/PRODUCTION.md):",
        "") + ProductionOptions.USAGE + String.join("\n",
        "",
        "Limits of the HTTP server, so that slow or oversized clients cannot tie it up for the others:",
        "") + HttpLimitOptions.USAGE;

    private Path config;
    private InetSocketAddress openflow = new InetSocketAddress("127.0.0.1", 6653);
    private InetSocketAddress http = new InetSocketAddress("127.0.0.1", 8181);
    private String credentials;
    private Path state = Paths.get("tenantnat-state");
    private RewriteChoice rewrite = RewriteChoice.AUTO;
    private Retention historyRetention = Retention.DEFAULT;
    private boolean replaceState;
    private boolean syncBindings;
    private int bindingRetentionDays = (int) BindingOptions.DEFAULT_RETENTION.toDays();
    private int poolAlarmPercent = BindingOptions.DEFAULT_ALARM_PERCENT;
    private boolean help;
    private boolean credentialsFlag;
    private final ProductionOptions production = new ProductionOptions();
    private final HttpLimitOptions httpLimitOptions = new HttpLimitOptions();
    private HttpLimits httpLimits = HttpLimits.DEFAULTS;

    private StandaloneOptions() {
    }

    /**
     * Parses the command line.
     *
     * @param args arguments
     * @param env  environment (for the credentials variable)
     * @return options
     * @throws IllegalArgumentException naming the offending option
     */
    public static StandaloneOptions parse(String[] args, Map<String, String> env) {
        StandaloneOptions o = new StandaloneOptions();
        o.credentials = env.get(CREDENTIALS_ENV);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if ("--help".equals(flag) || "-h".equals(flag)) {
                o.help = true;
                continue;
            }
            if ("--replace-state".equals(flag)) {
                o.replaceState = true;
                continue;
            }
            if ("--sync-bindings".equals(flag)) {
                o.syncBindings = true;
                continue;
            }
            if (o.production.acceptFlag(flag)) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + ": missing value");
            }
            String value = args[++i];
            switch (flag) {
                case "--config": o.config = Paths.get(value); break;
                case "--openflow": o.openflow = address(flag, o.production.openflowAddress(value)); break;
                case "--http": o.http = "off".equals(value) ? null : address(flag, value); break;
                case "--credentials":
                    o.credentials = credentials(flag, value);
                    o.credentialsFlag = true;
                    break;
                case "--state": o.state = Paths.get(value); break;
                case "--rewrite": o.rewrite = rewrite(flag, value); break;
                case "--binding-retention": o.bindingRetentionDays = number(flag, value, 1, MAX_RETENTION_DAYS); break;
                case "--pool-alarm": o.poolAlarmPercent = number(flag, value, 1, 100); break;
                case "--history-retention": o.historyRetention = retention(flag, value); break;
                default:
                    if (!o.production.accept(flag, value) && !o.httpLimitOptions.accept(flag, value)) {
                        throw new IllegalArgumentException(flag + ": unknown option (see --help)");
                    }
            }
        }
        if (o.replaceState && o.config == null) {
            throw new IllegalArgumentException("--replace-state: needs --config FILE");
        }
        if (!o.help) {
            o.production.check(o.openflow, o.http(), o.credentialsFlag, env);
            o.httpLimits = o.httpLimitOptions.limits();
        }
        return o;
    }

    static InetSocketAddress address(String flag, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(flag + ": expected HOST:PORT, got '" + value + "'");
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": port must be 0..65535, got '" + value + "'");
        }
    }

    static String credentials(String flag, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(flag + ": expected USER:PASSWORD");
        }
        return value;
    }

    /**
     * Reads a whole-number flag value within a range.
     *
     * @param flag  the flag, named in the error
     * @param value its value
     * @param min   least value
     * @param max   greatest value
     * @return the number
     * @throws IllegalArgumentException naming the flag and the range when the value is not a number in it
     */
    static int number(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + ": expected a whole number from " + min + " to " + max + ", got '"
                                                   + value + "'");
    }

    private static Retention retention(String flag, String value) {
        try {
            return Retention.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    private static RewriteChoice rewrite(String flag, String value) {
        switch (value) {
            case "auto": return RewriteChoice.AUTO;
            case "prefix": return RewriteChoice.PREFIX;
            case "per-host": return RewriteChoice.PER_HOST;
            default: throw new IllegalArgumentException(flag + ": expected auto, prefix or per-host, got '"
                                                        + value + "'");
        }
    }

    /**
     * Returns the desired-state file.
     *
     * @return path, empty when none was given
     */
    public Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    /**
     * Tells whether the config file replaces state the directory already holds.
     *
     * @return true for --replace-state
     */
    public boolean replaceState() {
        return replaceState;
    }

    /**
     * Returns the OpenFlow listen address.
     *
     * @return address
     */
    public InetSocketAddress openflow() {
        return openflow;
    }

    /**
     * Returns the HTTP listen address, empty when HTTP is off.
     *
     * @return address
     */
    public Optional<InetSocketAddress> http() {
        return Optional.ofNullable(http);
    }

    /**
     * Returns the HTTP credentials as {@code user:password}, empty when none were given.
     *
     * @return credentials
     */
    public Optional<String> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Returns the state directory.
     *
     * @return path
     */
    public Path state() {
        return state;
    }

    /**
     * Returns the rewrite choice.
     *
     * @return choice
     */
    public RewriteChoice rewrite() {
        return rewrite;
    }

    /**
     * Tells whether every binding is synced to disk before its packet is released.
     *
     * @return true for --sync-bindings
     */
    public boolean syncBindings() {
        return syncBindings;
    }

    /**
     * Returns how long the audit trail keeps what ended.
     *
     * @return retention
     */
    public Duration bindingRetention() {
        return Duration.ofDays(bindingRetentionDays);
    }

    /**
     * Returns the usage of a pool block that raises its tenant's alarm.
     *
     * @return percent of its slots
     */
    public int poolAlarmPercent() {
        return poolAlarmPercent;
    }

    /**
     * Returns how long the history of changes is kept.
     *
     * @return retention
     */
    public Retention historyRetention() {
        return historyRetention;
    }

    /**
     * Returns what the HTTP server allows a client.
     *
     * @return limits, {@link HttpLimits#DEFAULTS} unless flags changed them
     */
    public HttpLimits httpLimits() {
        return httpLimits;
    }

    /**
     * Returns the options for running outside a lab: TLS, HTTPS, users and roles.
     *
     * @return production options, checked and with their files loaded
     */
    ProductionOptions production() {
        return production;
    }

    /**
     * Tells whether only the usage was asked for.
     *
     * @return true for --help
     */
    public boolean help() {
        return help;
    }
}
