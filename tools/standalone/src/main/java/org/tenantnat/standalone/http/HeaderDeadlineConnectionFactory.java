package org.tenantnat.standalone.http;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * HTTP/1.1 connections that must finish a request's line and headers within a deadline from its first byte. Jetty
 * parses headers as they arrive without holding a thread, but its idle timeout restarts with every byte: a client
 * that trickles one header byte a second (slowloris) would keep its connection for hours. The deadline is checked
 * whenever bytes arrive, so such a client is disconnected at its first byte after the deadline, and one that falls
 * silent by the idle timeout.
 */
final class HeaderDeadlineConnectionFactory extends HttpConnectionFactory {

    private static final Logger log = LoggerFactory.getLogger(HeaderDeadlineConnectionFactory.class);

    private final long deadlineNanos;

    /**
     * Creates the factory.
     *
     * @param config   HTTP configuration
     * @param deadline longest time from a request's first byte to the end of its headers
     */
    HeaderDeadlineConnectionFactory(HttpConfiguration config, Duration deadline) {
        super(config);
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new DeadlineConnection(getHttpConfiguration(), connector, endPoint, getHttpCompliance(),
                                                isRecordHttpComplianceViolations()), connector, endPoint);
    }

    private final class DeadlineConnection extends HttpConnection {

        // When the request being parsed sent its first byte; 0 between requests. Read and written only in
        // onFillable, which Jetty never runs twice at once for one connection.
        private long headerStarted;

        DeadlineConnection(HttpConfiguration config, Connector connector, EndPoint endPoint,
                           HttpCompliance compliance, boolean recordViolations) {
            super(config, connector, endPoint, compliance, recordViolations);
        }

        @Override
        public void onFillable() {
            super.onFillable();
            boolean inHeaders = getParser().inHeaderState() && !getParser().isStart();
            if (!inHeaders) {
                headerStarted = 0;
                return;
            }
            long now = System.nanoTime();
            if (headerStarted == 0) {
                headerStarted = now;
            } else if (now - headerStarted > deadlineNanos) {
                log.debug("closed a connection from {}: its request's headers took longer than {} ms",
                         getEndPoint().getRemoteAddress(), deadlineNanos / 1_000_000);
                getEndPoint().close();
            }
        }
    }
}
