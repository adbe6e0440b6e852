package org.tenantnat.standalone;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with the openssl command: a CA and another CA, a server certificate for
 * 127.0.0.1 signed by the CA, and client certificates signed by either. Keys are unencrypted PKCS#8 PEM, as
 * ovs-pki writes them.
 */
public final class TestPki {

    /** Password of the server's PKCS#12 keystore. */
    public static final String KEYSTORE_PASSWORD = "keystore-secret";

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes the certificates.
     *
     * @param dir where to put them
     * @return the PKI
     */
    public static TestPki create(Path dir) {
        TestPki pki = new TestPki(dir);
        pki.ca("ca");
        pki.ca("other-ca");
        pki.leaf("server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        pki.leaf("client", "ca", "extendedKeyUsage=clientAuth\n");
        pki.leaf("stranger", "other-ca", "extendedKeyUsage=clientAuth\n");
        pki.openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12",
                    "-passout", "pass:" + KEYSTORE_PASSWORD);
        return pki;
    }

    /**
     * Returns a file of the PKI.
     *
     * @param name e.g. {@code ca.pem}, {@code server.key}, {@code server.pem}, {@code server.p12},
     *             {@code client.pem}, {@code stranger.key}
     * @return path
     */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Returns a client context that trusts the CA and presents a certificate.
     *
     * @param client {@code client} (signed by the CA), {@code stranger} (signed by the other CA), or null for none
     * @return context
     */
    public SSLContext clientContext(String client) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(file("ca.pem").toFile());
            if (client != null) {
                builder.keyManager(file(client + ".pem").toFile(), file(client + ".key").toFile());
            }
            return ((JdkSslContext) builder.build()).context();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds a client context that trusts the certificates of a PEM file and presents none.
     *
     * @param caPem CA certificate(s)
     * @return context for an HTTP client
     */
    public static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + n++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caPem, e);
        }
    }

    private void ca(String name) {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-subj", "/CN=tenantnat test " + name, "-days", "2");
    }

    private void leaf(String name, String ca, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=tenantnat test " + name);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (Debian package openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
