package org.tenantnat.standalone;

import org.tenantnat.standalone.auth.UsersFile;
import org.tenantnat.standalone.http.HttpsSettings;
import org.tenantnat.standalone.openflow.OpenFlowTls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * The standalone host's options for running outside a lab: TLS on the OpenFlow channel, HTTPS, the credentials
 * file with users and roles, and the explicit consent to plain TCP/HTTP on a non-loopback address. Files are read
 * when the options are checked, so a missing or unusable one stops the host (exit 2) before anything starts.
 */
final class ProductionOptions {

    /** Environment variable carrying the password of {@code --http-keystore}. */
    static final String KEYSTORE_PASSWORD_ENV = "TENANTNAT_HTTP_KEYSTORE_PASSWORD";
    /** The flag that allows plain TCP/HTTP on an address other than loopback. */
    static final String ALLOW_PLAINTEXT = "--allow-plaintext";
    /** Prefix of an OpenFlow listen address that asks for TLS, as Open vSwitch writes controller targets. */
    static final String SSL = "ssl:";
    private static final String TCP = "tcp:";

    static final String USAGE = String.join("\n",
        "  --openflow ssl:HOST:PORT   OpenFlow over TLS (as Open vSwitch's ssl: targets); needs the three files:",
        "    --openflow-key FILE      controller private key (PEM, PKCS#8; ovs-pki's *-privkey.pem)",
        "    --openflow-cert FILE     controller certificate (PEM)",
        "    --openflow-ca FILE       CA that signs switch certificates (PEM; ovs-pki's switchca/cacert.pem);",
        "                             a switch without a certificate from it is refused",
        "  --http-key FILE --http-cert FILE   serve HTTPS with this PEM key and certificate",
        "  --http-keystore FILE       serve HTTPS with this PKCS#12 keystore (password in env "
                + KEYSTORE_PASSWORD_ENV + ")",
        "  --users FILE               users and roles (viewer reads, admin changes) with hashed passwords; write",
        "                             it with: java -jar tenantnat-standalone.jar passwd FILE USER ROLE",
        "  " + ALLOW_PLAINTEXT + "          allow plain TCP/HTTP on a non-loopback address (logged as a warning)",
        "");

    private boolean openflowSsl;
    private Path openflowKey;
    private Path openflowCert;
    private Path openflowCa;
    private Path httpKey;
    private Path httpCert;
    private Path httpKeystore;
    private Path users;
    private boolean allowPlaintext;

    private Optional<OpenFlowTls> openflowTls = Optional.empty();
    private Optional<HttpsSettings> https = Optional.empty();
    private Optional<UsersFile> usersFile = Optional.empty();

    /**
     * Takes the value of {@code --openflow}: {@code ssl:HOST:PORT}, {@code tcp:HOST:PORT} or {@code HOST:PORT}.
     *
     * @param value option value
     * @return HOST:PORT, for the address parser
     */
    String openflowAddress(String value) {
        if (value.startsWith(SSL)) {
            openflowSsl = true;
            return value.substring(SSL.length());
        }
        openflowSsl = false;
        return value.startsWith(TCP) ? value.substring(TCP.length()) : value;
    }

    /**
     * Records a flag without value.
     *
     * @param flag the flag
     * @return true when it is one of these options
     */
    boolean acceptFlag(String flag) {
        if (ALLOW_PLAINTEXT.equals(flag)) {
            allowPlaintext = true;
            return true;
        }
        return false;
    }

    /**
     * Records an option with a value.
     *
     * @param flag  the flag
     * @param value its value
     * @return true when it is one of these options
     */
    boolean accept(String flag, String value) {
        switch (flag) {
            case "--openflow-key": openflowKey = Paths.get(value); return true;
            case "--openflow-cert": openflowCert = Paths.get(value); return true;
            case "--openflow-ca": openflowCa = Paths.get(value); return true;
            case "--http-key": httpKey = Paths.get(value); return true;
            case "--http-cert": httpCert = Paths.get(value); return true;
            case "--http-keystore": httpKeystore = Paths.get(value); return true;
            case "--users": users = Paths.get(value); return true;
            default: return false;
        }
    }

    /**
     * Checks the options together and loads their files.
     *
     * @param openflow    OpenFlow listen address
     * @param http        HTTP listen address, empty when off
     * @param credentials whether {@code --credentials} was given on the command line
     * @param env         environment (keystore password)
     * @throws IllegalArgumentException naming the option at fault
     */
    void check(InetSocketAddress openflow, Optional<InetSocketAddress> http, boolean credentials,
               Map<String, String> env) {
        checkOpenflow(openflow);
        checkHttp(http, env);
        if (users != null) {
            if (credentials) {
                throw new IllegalArgumentException("--users and --credentials: give one of them");
            }
            usersFile = Optional.of(UsersFile.open(users));
        }
    }

    private void checkOpenflow(InetSocketAddress openflow) {
        boolean anyFile = openflowKey != null || openflowCert != null || openflowCa != null;
        if (openflowSsl) {
            if (openflowKey == null || openflowCert == null || openflowCa == null) {
                throw new IllegalArgumentException("--openflow ssl:...: needs --openflow-key, --openflow-cert and "
                                                   + "--openflow-ca");
            }
            openflowTls = Optional.of(tls("--openflow-key/--openflow-cert/--openflow-ca",
                                          () -> OpenFlowTls.fromPem(openflowKey, openflowCert, openflowCa)));
        } else if (anyFile) {
            throw new IllegalArgumentException("--openflow-key/--openflow-cert/--openflow-ca: only with --openflow "
                                               + "ssl:HOST:PORT");
        } else if (!isLoopback(openflow) && !allowPlaintext) {
            throw new IllegalArgumentException("--openflow " + openflow.getHostString() + ":" + openflow.getPort()
                    + ": plain TCP on an address other than loopback; use ssl:HOST:PORT with --openflow-key, "
                    + "--openflow-cert and --openflow-ca, or add " + ALLOW_PLAINTEXT);
        }
    }

    private void checkHttp(Optional<InetSocketAddress> http, Map<String, String> env) {
        boolean pem = httpKey != null || httpCert != null;
        if (pem && httpKeystore != null) {
            throw new IllegalArgumentException("--http-keystore and --http-key/--http-cert: give one of them");
        }
        if (pem && (httpKey == null || httpCert == null)) {
            throw new IllegalArgumentException("--http-key and --http-cert: give both");
        }
        if ((pem || httpKeystore != null) && http.isEmpty()) {
            throw new IllegalArgumentException("--http-key/--http-cert/--http-keystore: HTTP is off (--http off)");
        }
        if (pem) {
            https = Optional.of(tls("--http-key/--http-cert", () -> HttpsSettings.pem(httpKey, httpCert)));
        } else if (httpKeystore != null) {
            String password = env.get(KEYSTORE_PASSWORD_ENV);
            if (password == null) {
                throw new IllegalArgumentException("--http-keystore: set its password in " + KEYSTORE_PASSWORD_ENV);
            }
            https = Optional.of(tls("--http-keystore", () -> HttpsSettings.keystore(httpKeystore, password)));
        } else if (http.isPresent() && !isLoopback(http.get()) && !allowPlaintext) {
            InetSocketAddress a = http.get();
            throw new IllegalArgumentException("--http " + a.getHostString() + ":" + a.getPort()
                    + ": plain HTTP on an address other than loopback; give --http-key and --http-cert (or "
                    + "--http-keystore) for HTTPS, or add " + ALLOW_PLAINTEXT);
        }
    }

    private static <T> T tls(String flags, java.util.function.Supplier<T> load) {
        try {
            return load.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flags + ": " + e.getMessage(), e);
        }
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    private static boolean isLoopback(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }

    /**
     * Returns TLS settings of the OpenFlow channel.
     *
     * @return settings, empty for plain TCP
     */
    Optional<OpenFlowTls> openflowTls() {
        return openflowTls;
    }

    /**
     * Returns the HTTPS settings.
     *
     * @return settings, empty for plain HTTP
     */
    Optional<HttpsSettings> https() {
        return https;
    }

    /**
     * Returns the users of the credentials file.
     *
     * @return users, empty without {@code --users}
     */
    Optional<UsersFile> users() {
        return usersFile;
    }

    /**
     * Tells whether a listener runs in clear text on an address other than loopback (allowed with
     * {@value #ALLOW_PLAINTEXT}), for the host's warning.
     *
     * @param openflow OpenFlow listen address
     * @param http     HTTP listen address, empty when off
     * @return what runs in clear text beyond loopback, empty when nothing
     */
    Optional<String> plaintextBeyondLoopback(InetSocketAddress openflow, Optional<InetSocketAddress> http) {
        StringBuilder what = new StringBuilder();
        if (openflowTls.isEmpty() && !isLoopback(openflow)) {
            what.append("OpenFlow on ").append(hostPort(openflow));
        }
        if (http.isPresent() && https.isEmpty() && !isLoopback(http.get())) {
            what.append(what.length() > 0 ? " and " : "").append("HTTP on ").append(hostPort(http.get()));
        }
        return what.length() == 0 ? Optional.empty() : Optional.of(what.toString());
    }
}
