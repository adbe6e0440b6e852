package org.tenantnat.standalone.http;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * HTTPS for the REST API and GUI: the server's key and certificate, from PEM files (read by Netty's PEM support,
 * the same as the OpenFlow channel's) or from a PKCS#12 keystore. Loaded when the options are checked, so a bad
 * file stops the host before anything starts.
 */
public final class HttpsSettings {

    private final SslContextFactory.Server factory;

    private HttpsSettings(SslContextFactory.Server factory) {
        this.factory = factory;
    }

    /**
     * Uses a PEM key (unencrypted PKCS#8) and certificate chain.
     *
     * @param key         private key
     * @param certificate certificate chain, the server's first
     * @return settings
     * @throws IllegalArgumentException naming the files when they cannot be used
     */
    public static HttpsSettings pem(Path key, Path certificate) {
        readable("key", key);
        readable("certificate", certificate);
        try {
            SslContext netty = SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK).build();
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setSslContext(((JdkSslContext) netty).context());
            return new HttpsSettings(factory);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use key " + key + " and certificate " + certificate + ": "
                                               + rootMessage(e), e);
        }
    }

    /**
     * Uses a PKCS#12 keystore holding the server's key and certificate chain.
     *
     * @param keystore keystore file
     * @param password its password (also the key's)
     * @return settings
     * @throws IllegalArgumentException naming the file when it cannot be opened with the password
     */
    public static HttpsSettings keystore(Path keystore, String password) {
        readable("keystore", keystore);
        checkNotNull(password, "password");
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            if (!store.aliases().hasMoreElements()) {
                throw new IllegalArgumentException("it holds no key");
            }
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(store);
            factory.setKeyStorePassword(password);
            return new HttpsSettings(factory);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use keystore " + keystore + ": " + rootMessage(e), e);
        }
    }

    private static void readable(String what, Path file) {
        checkNotNull(file, what);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a readable file");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * Returns Jetty's TLS settings.
     *
     * @return factory
     */
    SslContextFactory.Server factory() {
        return factory;
    }
}
