package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment jar itself, {@code lambda/target/proxy-session-handler.jar}, in a class loader that sees nothing but
 * the JDK, as Lambda loads it: what the shade plugin's minimisation left out would fail here.
 */
class LambdaJarIT {

    private static final Path JAR = Path.of("target", "proxy-session-handler.jar");

    @Test
    void theJarIsLeanAndHasNoNettyOrApacheClient() throws Exception {
        assertThat(Files.size(JAR)).isLessThanOrEqualTo(8L * 1024 * 1024);
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream().forEach(e -> entries.add(e.getName()));
        }
        assertThat(entries).noneMatch(e -> e.startsWith("io/netty/") || e.startsWith("org/apache/http")
                || e.startsWith("software/amazon/awssdk/http/apache") || e.startsWith("software/amazon/awssdk/http/nio"));
        assertThat(entries).contains("io/github/proxysessions/handler/ProxySessionHandler.class",
                "simplelogger.properties",
                // SnapStart's hooks: the CRaC API, which Lambda's runtime maps onto its own context.
                "org/crac/Core.class", "org/crac/Resource.class");
    }

    @Test
    void theJarAloneServesACreateARenewalAndADelete() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build();
             ResponseUrlServer responses = new ResponseUrlServer();
             URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader())) {
            String connector = emulator.seedDemoVoiceConnector();
            try (var client = software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient.builder()
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b")))
                    .endpointOverride(emulator.endpoint()).build()) {
                client.putVoiceConnectorProxy(r -> r.voiceConnectorId(connector).defaultSessionExpiryMinutes(60)
                        .phoneNumberPoolCountries("US"));
            }
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.accessKeyId", "AKIDJAREXAMPLE");
            System.setProperty("aws.secretAccessKey", "jar-secret");
            System.setProperty("aws.endpointUrlChimeSdkVoice", emulator.endpoint().toString());
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            // The handler logs, and writes its metrics, on standard output, as Lambda's runtime gives it.
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));

            Object handler = loader.loadClass("io.github.proxysessions.handler.ProxySessionHandler")
                    .getConstructor().newInstance();
            Method handle = handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class,
                    loader.loadClass("com.amazonaws.services.lambda.runtime.Context"));
            Object context = context(loader);

            String properties = "{\"ServiceToken\":\"arn\",\"VoiceConnectorId\":\"" + connector + "\","
                    + "\"ParticipantPhoneNumbers\":[\"+12065550100\",\"+14155550101\"],\"Capabilities\":[\"Voice\"],"
                    + "\"ExpiryMinutes\":\"30\",\"RenewBeforeExpiryMinutes\":\"10\"}";
            String createUrl = responses.newUrl(UUID.randomUUID().toString());
            handle.invoke(handler, stream(event("Create", createUrl, null, properties)), new ByteArrayOutputStream(),
                    context);
            var created = responses.responses(createUrl).get(0);
            assertThat(created.status()).as(created.reason()).isEqualTo("SUCCESS");
            assertThat(emulator.proxySessionIds(connector)).containsExactly(created.physicalResourceId());

            // A renewal schedule's event, through the same handler string: answered as the function's result.
            ByteArrayOutputStream renewal = new ByteArrayOutputStream();
            handle.invoke(handler, stream("{\"ProxySessionRenewal\":{\"StackId\":\"arn:aws:cloudformation:us-east-1:"
                    + "123456789012:stack/Jar/1\",\"LogicalResourceId\":\"Session\",\"PhysicalResourceId\":\""
                    + created.physicalResourceId() + "\",\"ResourceProperties\":" + properties + "}}"), renewal,
                    context);
            assertThat(renewal.toString(StandardCharsets.UTF_8)).contains("\"Action\":\"LEFT_ALONE\"",
                    "\"ProxySessionId\":\"" + created.physicalResourceId() + "\"");

            String deleteUrl = responses.newUrl(UUID.randomUUID().toString());
            handle.invoke(handler, stream(event("Delete", deleteUrl, created.physicalResourceId(), properties)),
                    new ByteArrayOutputStream(), context);
            assertThat(responses.responses(deleteUrl).get(0).status()).isEqualTo("SUCCESS");
            assertThat(emulator.proxySessionIds(connector)).isEmpty();
            assertThat(responses.violations()).isEmpty();
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("SLF4J");
        // The renewal's metrics, written by Powertools' metrics module from what the shaded jar kept of it.
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\""))).singleElement()
                .satisfies(emf -> assertThat(emf).contains("\"Namespace\":\"ProxySessions\"",
                        "\"Dimensions\":[[\"StackName\",\"LogicalResourceId\"]]", "\"StackName\":\"Jar\"",
                        "\"LogicalResourceId\":\"Session\"", "\"Renewals\":0", "\"RenewalFailures\":0"));
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Object context(ClassLoader loader) throws ClassNotFoundException {
        Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        long deadline = System.nanoTime() + 60_000_000_000L;
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) ((deadline - System.nanoTime()) / 1_000_000);
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogStreamName" -> "2026/11/23/[$LATEST]jar";
                    case "getAwsRequestId" -> UUID.randomUUID().toString();
                    case "toString" -> "LambdaContext";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static String event(String type, String url, String physicalId, String properties) {
        return "{\"RequestType\":\"" + type + "\",\"ResponseURL\":\"" + url + "\","
                + "\"StackId\":\"arn:aws:cloudformation:us-east-1:123456789012:stack/Jar/1\","
                + "\"RequestId\":\"" + UUID.randomUUID() + "\",\"LogicalResourceId\":\"Session\","
                + (physicalId == null ? "" : "\"PhysicalResourceId\":\"" + physicalId + "\",")
                + "\"ResourceType\":\"Custom::ProxySession\",\"ResourceProperties\":" + properties + "}";
    }
}
