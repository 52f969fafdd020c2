package io.github.proxysessions.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The emulator's connector on loopback, with the limits that Jetty's idle timeout (the read timeout) leaves open:
 *
 * <ul>
 *   <li><b>A deadline for each request</b>: its request line, headers and body must all arrive within the request
 *       timeout of its first byte. The read timeout ends a connection that sends nothing; this ends one that sends too
 *       slowly to ever be idle, such as a byte every 29 s. The clock starts when a request's first byte is read and
 *       stops when the handler has its whole body ({@link #requestRead(Request)}). A sweep over the open connections,
 *       a few times per deadline, expires the late ones through Jetty's own idle-timeout path, so that a late request
 *       behaves exactly as one cut short by the read timeout: in its body it is answered 408 and the connection
 *       closed; before the end of its headers there is no request to answer, and the connection is closed. (Jetty's
 *       {@code HttpConfiguration.setMinRequestDataRate} is read by its servlet layers only, and its
 *       {@code MinimumDataRateHandler} checks a body's rate when data arrives: neither bounds the headers.)</li>
 *   <li><b>A limit on open connections</b> (Jetty's {@link NetworkConnectionLimit}), each of which holds a file
 *       descriptor: at the limit the connector stops accepting, and the read timeout of the open connections drops so
 *       that idle ones make room. Jetty drops it for the connections open when the limit is reached; those that open
 *       at that moment (a burst is accepted before its connections open) get the short timeout here.</li>
 * </ul>
 */
final class LimitedConnector extends ServerConnector {

    /** A request's clock when it is not running: between requests. */
    private static final long IDLE = Long.MIN_VALUE;
    /** A request's clock once it has expired: it never starts again on this connection. */
    private static final long EXPIRED = Long.MAX_VALUE;

    private final Duration requestTimeout;
    private final long requestTimeoutNanos;
    private final long sweepMillis;
    private final long readTimeoutAtLimitMillis;

    LimitedConnector(Server server, HttpFrontEnd.Limits limits, ConnectionFactory... factories) {
        super(server, 1, 1, factories);
        this.requestTimeout = limits.requestTimeout();
        this.requestTimeoutNanos = requestTimeout.toNanos();
        // A request is cut off at most a tenth of the deadline (and at most a second) late.
        this.sweepMillis = Math.max(10, Math.min(1000, requestTimeout.toMillis() / 10));
        this.readTimeoutAtLimitMillis = Math.min(limits.readTimeoutAtLimit().toMillis(),
                limits.readTimeout().toMillis());
        setIdleTimeout(limits.readTimeout().toMillis());
        NetworkConnectionLimit connectionLimit = new NetworkConnectionLimit(limits.maxConnections(), this);
        connectionLimit.setEndPointIdleTimeout(readTimeoutAtLimitMillis);
        server.addBean(connectionLimit);
    }

    /** Stops the clock of the request: its body is in, and what is left to do is the emulator's, not the client's. */
    static void requestRead(Request request) {
        if (request.getConnectionMetaData().getConnection().getEndPoint() instanceof Clocked clocked) {
            clocked.stop();
        }
    }

    /** The failure of a request that missed its deadline, so that its answer can say which limit it ran into. */
    static final class Exceeded extends TimeoutException {
        private static final long serialVersionUID = 1L;

        Exceeded(Duration timeout) {
            super("The request was not received in full within " + seconds(timeout) + " of its first byte");
        }

        private static String seconds(Duration duration) {
            long millis = duration.toMillis();
            return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
        }
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        Clocked endPoint = new Clocked(channel, selector, key, this);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    @Override
    protected void onEndPointOpened(EndPoint endPoint) {
        super.onEndPointOpened(endPoint);
        // The limit stops accepting before it shortens the timeouts of the open connections: a connection that was
        // not among them yet sees that it is not accepting.
        if (!isAccepting()) {
            endPoint.setIdleTimeout(readTimeoutAtLimitMillis);
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduleSweep();
    }

    private void scheduleSweep() {
        getScheduler().schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        if (!isRunning()) {
            return;
        }
        long now = System.nanoTime();
        for (EndPoint endPoint : getConnectedEndPoints()) {
            if (endPoint instanceof Clocked clocked) {
                clocked.expireIfLate(now);
            }
        }
        scheduleSweep();
    }

    /** A connection's end point that starts the request clock on the first byte of each request. */
    private static final class Clocked extends SocketChannelEndPoint {
        private final LimitedConnector connector;
        /** When the current request's first byte was read ({@link System#nanoTime()}), or IDLE, or EXPIRED. */
        private final AtomicLong started = new AtomicLong(IDLE);

        Clocked(SocketChannel channel, ManagedSelector selector, SelectionKey key, LimitedConnector connector) {
            super(channel, selector, key, connector.getScheduler());
            this.connector = connector;
        }

        @Override
        public int fill(ByteBuffer buffer) throws IOException {
            int filled = super.fill(buffer);
            if (filled > 0 && started.get() == IDLE) {
                started.compareAndSet(IDLE, System.nanoTime());
            }
            return filled;
        }

        void stop() {
            long current = started.get();
            if (current != IDLE && current != EXPIRED) {
                started.compareAndSet(current, IDLE);
            }
        }

        void expireIfLate(long now) {
            long current = started.get();
            if (current != IDLE && current != EXPIRED && now - current > connector.requestTimeoutNanos
                    && started.compareAndSet(current, EXPIRED)) {
                // As if the read timeout had expired: Jetty answers or closes as it does then.
                onIdleExpired(new Exceeded(connector.requestTimeout));
            }
        }
    }
}
