package io.github.proxysessions.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.emulator.ChimeVoiceEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real deployment jar, {@code lambda/target/proxy-session-handler.jar}, run by LocalLambda as Lambda would run
 * it for CloudFormation: a Create and then a Delete of a {@code Custom::ProxySession}, against the emulator, with
 * the answers PUT to a loopback ResponseURL.
 */
class ProxySessionHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "io.github.proxysessions.handler.ProxySessionHandler::handleRequest";

    @TempDir
    Path work;

    @Test
    void theHandlerJarCreatesAndDeletesAProxySession() throws Exception {
        Path handlerJar = handlerJar();
        try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build();
             LoopbackReceiver cloudFormation = new LoopbackReceiver()) {
            String connector = emulator.seedDemoVoiceConnector();
            putProxyConfiguration(emulator.endpoint(), connector);
            Function function = Function.builder()
                    .name("ProxySessionProvider").code(handlerJar).handler(HANDLER)
                    .memoryMb(1024).timeout(Duration.ofMinutes(5)).logFormat("JSON")
                    .environment(Map.of("AWS_ENDPOINT_URL_CHIME_SDK_VOICE", emulator.endpoint().toString()))
                    .build();
            try (LocalLambda lambda = LocalLambda.start(work, function, 2)) {
                String properties = "{\"ServiceToken\":\"" + lambda.functionArn() + "\",\"VoiceConnectorId\":\""
                        + connector + "\",\"ParticipantPhoneNumbers\":[\"+12065550100\",\"+14155550101\"],"
                        + "\"Capabilities\":[\"Voice\",\"SMS\"],\"ExpiryMinutes\":\"30\"}";

                String createUrl = cloudFormation.newUrl();
                Invocation.Result created = lambda.invoke(event("Create", createUrl, null, properties, lambda))
                        .get(120, TimeUnit.SECONDS);
                assertThat(created).isInstanceOf(Invocation.Success.class);
                JsonNode createResponse = JSON.readTree(cloudFormation.body(createUrl).get(10, TimeUnit.SECONDS));
                assertThat(createResponse.path("Status").asText()).as(createResponse.toString()).isEqualTo("SUCCESS");
                String sessionId = createResponse.path("PhysicalResourceId").asText();
                assertThat(emulator.proxySessionIds(connector)).containsExactly(sessionId);

                String deleteUrl = cloudFormation.newUrl();
                Invocation.Result deleted = lambda.invoke(event("Delete", deleteUrl, sessionId, properties, lambda))
                        .get(120, TimeUnit.SECONDS);
                assertThat(deleted).isInstanceOf(Invocation.Success.class);
                JsonNode deleteResponse = JSON.readTree(cloudFormation.body(deleteUrl).get(10, TimeUnit.SECONDS));
                assertThat(deleteResponse.path("Status").asText()).as(deleteResponse.toString())
                        .isEqualTo("SUCCESS");
                assertThat(emulator.proxySessionIds(connector)).isEmpty();

                // The warm instance served the Delete; its log holds the handler's JSON lines and Lambda's reports,
                // never the pre-signed ResponseURL.
                assertThat(deleted.instance().pid()).isEqualTo(created.instance().pid());
                assertThat(created.instance().logFile()).content()
                        .contains("\"type\":\"platform.start\"", "\"type\":\"platform.report\"", "\"requestType\"")
                        .doesNotContain("0bad5ecret");
            }
        }
    }

    /** The handler module's deployment jar (the pom points at {@code lambda/target}). */
    private static Path handlerJar() throws Exception {
        String property = System.getProperty("proxysessions.handlerJar");
        assertThat(property).as("system property proxysessions.handlerJar (set by the pom)").isNotBlank();
        Path jar = Path.of(property);
        String build = "build it first: mvn -B -pl local/runner -am verify packages the lambda module before "
                + "this one's tests";
        assertThat(Files.isRegularFile(jar)).as(jar + " is missing; " + build).isTrue();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("io/github/proxysessions/handler/ProxySessionHandler.class"))
                    .as(jar + " is not the handler's deployment jar; " + build).isNotNull();
        }
        return jar;
    }

    /** An event in CloudFormation's exact shape. */
    private static String event(String type, String responseUrl, String physicalId, String properties,
                                LocalLambda lambda) {
        return "{\"RequestType\":\"" + type + "\",\"ServiceToken\":\"" + lambda.functionArn() + "\","
                + "\"ResponseURL\":\"" + responseUrl + "\","
                + "\"StackId\":\"arn:aws:cloudformation:us-east-1:000000000000:stack/Local/" + UUID.randomUUID()
                + "\",\"RequestId\":\"" + UUID.randomUUID() + "\",\"LogicalResourceId\":\"SupportSession\","
                + (physicalId == null ? "" : "\"PhysicalResourceId\":\"" + physicalId + "\",")
                + "\"ResourceType\":\"Custom::ProxySession\",\"ResourceProperties\":" + properties + "}";
    }

    /**
     * PutVoiceConnectorProxy, by plain HTTP: the emulator wants a SigV4-shaped Authorization header but does not
     * check the signature.
     */
    private static void putProxyConfiguration(URI endpoint, String connector) throws Exception {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        HttpRequest request = HttpRequest.newBuilder(
                        endpoint.resolve("/voice-connectors/" + connector + "/programmable-numbers/proxy"))
                .header("Content-Type", "application/json")
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/" + date.substring(0, 8)
                        + "/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"DefaultSessionExpiryMinutes\":60,\"PhoneNumberPoolCountries\":[\"US\"]}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
}
