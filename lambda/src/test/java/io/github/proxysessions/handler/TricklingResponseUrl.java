package io.github.proxysessions.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ResponseURL that takes the PUT, answers {@code HTTP/1.1 200 OK}, then sends one header line per second for a
 * minute: every read of the client gets something within its read timeout, so only a bound on the whole attempt ends
 * it.
 */
final class TricklingResponseUrl implements AutoCloseable {

    private static final int LINES = 60;

    private final ServerSocket server;
    private final ScheduledExecutorService trickle = Executors.newScheduledThreadPool(2);
    private final AtomicInteger requests = new AtomicInteger();

    TricklingResponseUrl() {
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "trickling-response-url");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A URL with the query string of a pre-signed one. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/trickle?X-Amz-Signature=0bad5ecret";
    }

    /** The PUTs it read in full. */
    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                readRequest(socket.getInputStream());
                requests.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                AtomicInteger sent = new AtomicInteger();
                trickle.scheduleAtFixedRate(() -> {
                    int n = sent.incrementAndGet();
                    try {
                        out.write((n <= LINES ? "X-Trickle-" + n + ": " + n + "\r\n" : "Content-Length: 0\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (n > LINES) {
                            socket.close();
                            throw new IllegalStateException("done");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, 1, 1, TimeUnit.SECONDS);
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** Reads the request line, the headers and a Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        trickle.shutdownNow();
        server.close();
    }
}
