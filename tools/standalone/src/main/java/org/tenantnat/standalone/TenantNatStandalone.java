package org.tenantnat.standalone;

import org.tenantnat.api.model.DesiredState;
import org.tenantnat.codec.DesiredStateReader;
import org.tenantnat.config.InvalidConfigException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * {@code java -jar tenantnat-standalone.jar}: checks the options and the config file before starting anything, then
 * runs the standalone host until interrupted.
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
        int exit = run(args, System.out, System.err);
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
        DesiredState desired;
        try {
            String text = Files.readString(options.config(), StandardCharsets.UTF_8);
            desired = DesiredStateReader.parseAndValidate(text);
        } catch (IOException e) {
            err.println("tenantnat: cannot read config " + options.config() + ": " + e.getMessage());
            return 2;
        } catch (InvalidConfigException e) {
            err.println("tenantnat: config " + options.config() + " rejected, nothing started:");
            e.errors().forEach(error -> err.println("  " + error.field() + ": " + error.message()));
            return 2;
        }
        StandaloneHost host = new StandaloneHost(options);
        try {
            host.start(desired);
        } catch (IOException | InvalidConfigException e) {
            err.println("tenantnat: " + e.getMessage());
            host.close();
            return 1;
        }
        // The OpenFlow channel's threads keep the JVM alive; Ctrl-C or SIGTERM ends it through this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "tenantnat-shutdown"));
        return -1;
    }
}
