package io.github.proxysessions.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Stands in for CloudFormation's pre-signed S3 ResponseURL: HTTPS on port 443 of a loopback address, answering 200 to
 * any PUT and noting when each URL's body arrived. Port 443 because the handler of aws-cdk-lib's
 * {@code AwsCustomResource} sends its response with {@code https.request({hostname, path})}, which drops the URL's
 * port; HTTPS for every function, so that each pays for one TLS handshake, as each does against S3. The address is
 * picked at random in 127.0.0.0/8, away from other programs' port 443. Plain HTTP URLs too, on another port of the
 * same address, as the local runner's ResponseURLs are.
 *
 * <p>Its certificate (RSA 2048, as S3's) is made by the JDK's {@code keytool} for the address, and is offered to the
 * functions as a PEM file ({@code NODE_EXTRA_CA_CERTS}) and a PKCS12 trust store ({@code javax.net.ssl.trustStore}).
 */
final class ResponseUrls implements AutoCloseable {

    /** When a body arrived ({@link System#nanoTime()}), and the body. */
    record Received(long nanos, String body) {
    }

    private static final String PASSWORD = "response-url";

    private final HttpsServer server;
    private final HttpServer plainServer;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "response-url");
        thread.setDaemon(true);
        return thread;
    });
    private final String origin;
    private final String plainOrigin;
    private final Path certificatePem;
    private final Path trustStore;
    private final Map<String, CompletableFuture<Received>> received = new ConcurrentHashMap<>();

    private ResponseUrls(HttpsServer server, HttpServer plainServer, String address, Path certificatePem,
                         Path trustStore) {
        this.server = server;
        this.plainServer = plainServer;
        this.origin = "https://" + address;
        this.plainOrigin = "http://" + address + ":" + plainServer.getAddress().getPort();
        this.certificatePem = certificatePem;
        this.trustStore = trustStore;
    }

    /**
     * Binds port 443 on a loopback address and makes a certificate for it in {@code directory}.
     *
     * @throws IOException when no loopback address's port 443 could be bound (binding ports below 1024 needs root, or
     *                     {@code sysctl net.ipv4.ip_unprivileged_port_start=443}) or keytool failed
     */
    static ResponseUrls start(Path directory) throws IOException {
        Files.createDirectories(directory);
        HttpsServer server = null;
        String address = null;
        IOException last = null;
        for (int attempt = 0; attempt < 20 && server == null; attempt++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            address = "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
            try {
                server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 443), 64);
            } catch (BindException e) {
                last = e;
            }
        }
        if (server == null) {
            throw new IOException("could not bind port 443 on a loopback address (" + last.getMessage() + "): the "
                    + "AwsCustomResource handler sends its response to port 443 whatever the URL says; run as root "
                    + "or lower net.ipv4.ip_unprivileged_port_start to 443", last);
        }
        Path keyStore = directory.resolve("response-url.p12");
        Path pem = directory.resolve("response-url.pem");
        Path trust = directory.resolve("response-url-trust.p12");
        for (Path file : List.of(keyStore, pem, trust)) {
            Files.deleteIfExists(file);
        }
        keytool("-genkeypair", "-alias", "response-url", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=" + address, "-ext", "SAN=ip:" + address, "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "response-url", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "response-url", "-file", pem.toString(),
                "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
        } catch (java.security.GeneralSecurityException e) {
            server.stop(0);
            throw new IOException("cannot load the ResponseURL's certificate: " + e.getMessage(), e);
        }
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 64);
        ResponseUrls urls = new ResponseUrls(server, plain, address, pem, trust);
        for (HttpServer each : List.of(server, plain)) {
            each.createContext("/", urls::receive);
            each.setExecutor(urls.executor);
            each.start();
        }
        return urls;
    }

    /** A fresh HTTPS URL, with a query string like a pre-signed URL's (and no port: it is 443). */
    String newUrl() {
        return origin + "/" + UUID.randomUUID() + "?X-Amz-Signature=0bad5ecret";
    }

    /** A fresh plain HTTP URL, as the local runner gives its functions. */
    String newPlainUrl() {
        return plainOrigin + "/" + UUID.randomUUID() + "?X-Amz-Signature=0bad5ecret";
    }

    /** The first body PUT to {@code url}, when it arrives. */
    CompletableFuture<Received> body(String url) {
        return future(URI.create(url).getPath());
    }

    /** The certificate, for {@code NODE_EXTRA_CA_CERTS}. */
    Path certificatePem() {
        return certificatePem;
    }

    /** A PKCS12 trust store holding only the certificate, for {@code javax.net.ssl.trustStore}. */
    Path trustStore() {
        return trustStore;
    }

    /** The system properties that make a JVM trust the certificate (and nothing else). */
    String javaTrustOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD
                + " -Djavax.net.ssl.trustStoreType=PKCS12";
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            future(exchange.getRequestURI().getPath()).complete(new Received(now, body));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private CompletableFuture<Received> future(String path) {
        return received.computeIfAbsent(path, p -> new CompletableFuture<>());
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        plainServer.stop(0);
        executor.shutdownNow();
    }
}
