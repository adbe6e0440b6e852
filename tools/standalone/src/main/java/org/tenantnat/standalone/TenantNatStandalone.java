package org.tenantnat.standalone;

import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.config.InvalidConfigException;
import org.tenantnat.standalone.auth.PasswdCommand;
import org.tenantnat.standalone.history.FileChangeHistory;
import org.tenantnat.store.StateStoreException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code java -jar tenantnat-standalone.jar}: checks the options, opens the state directory and, when it is to be
 * applied, the config file before starting anything, then runs the standalone host until interrupted;
 * {@code ... apply FILE} sends a file to a running host; {@code ... passwd FILE USER ROLE} writes a user of the
 * credentials file.
 */
public final class TenantNatStandalone {

    private TenantNatStandalone() {
    }

    /**
     * Runs the standalone host.
     *
     * @param args command line, see {@code --help}
     */
    public static void main(String[] args) {
        int exit = args.length > 0 && PasswdCommand.NAME.equals(args[0])
                ? PasswdCommand.run(Arrays.copyOfRange(args, 1, args.length), System.console(), System.in,
                                    System.out, System.err)
                : run(args, System.out, System.err);
        if (exit >= 0) {
            System.exit(exit);
        }
    }

    /**
     * Validates options and config, then starts the host. Returns an exit status when it must not keep running.
     *
     * @param args command line
     * @param out  where usage goes
     * @param err  where errors go
     * @return exit status, or -1 once the host runs (it then runs until the JVM is told to stop)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && "apply".equals(args[0])) {
            return ApplyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), out, err);
        }
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("tenantnat: " + e.getMessage());
            err.print(StandaloneOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(StandaloneOptions.USAGE);
            return 0;
        }
        Optional<DesiredState> desired = Optional.empty();
        boolean seeding = FileStateStore.read(options.state()).isEmpty()
                && !Files.exists(options.state().resolve(LegacyStateImport.FILE));
        if (options.config().isPresent() && (seeding || options.replaceState())) {
            Path config = options.config().get();
            try {
                desired = Optional.of(DesiredStateReader.parseAndValidate(Files.readString(config,
                                                                                           StandardCharsets.UTF_8)));
            } catch (IOException e) {
                err.println("tenantnat: cannot read config " + config + ": " + e.getMessage());
                return 2;
            } catch (InvalidConfigException e) {
                err.println("tenantnat: config " + config + " rejected, nothing started:");
                e.errors().forEach(error -> err.println("  " + error.field() + ": " + error.message()));
                return 2;
            }
        }
        FileStateStore store;
        FileChangeHistory history;
        try {
            store = new FileStateStore(options.state(), options.syncBindings());
            importEarlierState(store, options.state());
        } catch (StateStoreException e) {
            err.println("tenantnat: " + e.getMessage());
            return 1;
        }
        try {
            history = FileChangeHistory.open(options.state(), options.historyRetention(), Clock.systemUTC());
        } catch (StateStoreException e) {
            err.println("tenantnat: " + e.getMessage());
            store.close();
            return 1;
        }
        StandaloneHost host = new StandaloneHost(options, store, history);
        try {
            host.start(desired);
        } catch (IOException | RuntimeException e) {
            err.println("tenantnat: " + e.getMessage());
            host.close();
            return 1;
        }
        // The OpenFlow channel's threads keep the JVM alive; Ctrl-C or SIGTERM ends it through this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "tenantnat-shutdown"));
        return -1;
    }

    // Commits the single-file state of an earlier version into an empty store.
    private static void importEarlierState(FileStateStore store, Path directory) {
        if (store.isEmpty()) {
            LegacyStateImport.read(directory).ifPresent(earlier -> {
                store.commit(0, earlier);
                LegacyStateImport.done(directory);
            });
        }
    }
}
