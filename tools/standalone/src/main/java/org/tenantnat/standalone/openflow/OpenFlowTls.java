package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * TLS on the OpenFlow channel, as Open vSwitch speaks it ({@code ssl:} targets): the controller presents its
 * certificate and requires one from every switch, signed by the switches' CA. Files are PEM, as {@code ovs-pki}
 * writes them (an unencrypted PKCS#8 key).
 */
public final class OpenFlowTls {

    /** TLS versions offered; Open vSwitch 2.x and 3.x speak both. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext context;

    private OpenFlowTls(SslContext context) {
        this.context = context;
    }

    /**
     * Loads the controller's key and certificate and the CA that signs the switches' certificates.
     *
     * @param key         controller's private key (PEM, PKCS#8)
     * @param certificate controller's certificate chain (PEM)
     * @param switchCa    CA certificate(s) a switch certificate must chain to (PEM)
     * @return TLS settings
     * @throws IllegalArgumentException naming the file that cannot be read or used
     */
    public static OpenFlowTls fromPem(Path key, Path certificate, Path switchCa) {
        readable("key", key);
        readable("certificate", certificate);
        readable("CA certificate", switchCa);
        try {
            return new OpenFlowTls(SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                                           .trustManager(switchCa.toFile())
                                           .clientAuth(ClientAuth.REQUIRE)
                                           .protocols(PROTOCOLS)
                                           .build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use key " + key + ", certificate " + certificate + " and CA "
                                               + switchCa + ": " + rootMessage(e), e);
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
     * Returns a fresh TLS handler for one switch connection (server side).
     *
     * @param allocator the channel's allocator
     * @return handler
     */
    SslHandler newHandler(ByteBufAllocator allocator) {
        return context.newHandler(allocator);
    }
}
