package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events CloudFormation would never send, which Powertools' base class used to answer without a word: each gets a
 * FAILED response with a Reason and a log line, and changes nothing. A Delete stays tolerant.
 */
class EventEnvelopeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    /** A Create of a valid session, in CloudFormation's shape, as a tree to break. */
    private ObjectNode event(String requestType) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("RequestType", requestType);
        event.put("ResponseURL", f.responses.newUrl(UUID.randomUUID().toString()));
        event.put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/Envelope/5b7a4c10-c82e-11ef-9d1b-0a");
        event.put("RequestId", UUID.randomUUID().toString());
        event.put("ResourceType", HandlerFixture.SESSION);
        event.put("LogicalResourceId", "SupportSession");
        event.set("ResourceProperties", MAPPER.valueToTree(f.props()));
        return event;
    }

    private ResponseUrlServer.Received deliver(ObjectNode event) {
        f.invoke(event.toString(), new TestContext(Duration.ofMinutes(1)));
        List<ResponseUrlServer.Received> sent = f.responses.responses(event.path("ResponseURL").asText());
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    static Stream<Arguments> brokenEvents() {
        return Stream.of(
                Arguments.of("RequestType Upsert", (Breaker) e -> e.put("RequestType", "Upsert"),
                        "RequestType must be Create, Update or Delete; got 'Upsert'"),
                Arguments.of("RequestType create", (Breaker) e -> e.put("RequestType", "create"),
                        "RequestType must be Create, Update or Delete; got 'create'"),
                Arguments.of("no RequestType", (Breaker) e -> e.remove("RequestType"),
                        "The event has no RequestType"),
                Arguments.of("no ResourceType", (Breaker) e -> e.remove("ResourceType"),
                        "The event has no ResourceType"),
                Arguments.of("no LogicalResourceId", (Breaker) e -> e.remove("LogicalResourceId"),
                        "The event has no LogicalResourceId"),
                Arguments.of("ResourceProperties a string", (Breaker) e -> e.put("ResourceProperties", "x"),
                        "ResourceProperties must be a JSON object; got a string"),
                Arguments.of("ResourceProperties a list", (Breaker) e -> e.set("ResourceProperties",
                        MAPPER.createArrayNode().add("x")), "ResourceProperties must be a JSON object; got a list"),
                Arguments.of("Update without PhysicalResourceId", (Breaker) e -> e.put("RequestType", "Update")
                        .set("OldResourceProperties", e.get("ResourceProperties")),
                        "An Update names the resource it updates in PhysicalResourceId; the event has none"));
    }

    interface Breaker {
        void breakIt(ObjectNode event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEvents")
    void aBrokenEventIsAnsweredFailedWithAReasonAndALogLineAndChangesNothing(String name, Breaker breaker,
                                                                            String reason) throws Exception {
        ObjectNode event = event("Create");
        breaker.breakIt(event);

        ResponseUrlServer.Received response = deliver(event);

        assertThat(response.status()).isEqualTo("FAILED");
        assertThat(response.reason()).startsWith(reason);
        assertThat(PhysicalId.parse(response.physicalResourceId())).isInstanceOf(PhysicalId.NotCreated.class);
        assertThat(f.handlerCalls()).isZero();
        var line = MAPPER.readTree(f.logs().strip());
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("reason").asText()).startsWith(reason);
    }

    @Test
    void aDeleteStaysTolerant() {
        String vc = f.bareConnector();
        f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US"));
        ObjectNode deleteConfiguration = event("Delete").put("ResourceType", "Custom::VoiceConnectorProxy")
                .put("PhysicalResourceId", vc).put("ResourceProperties", "not an object");
        ObjectNode deleteWithoutType = event("Delete").put("PhysicalResourceId", "not-created:k3J9xQ2");
        deleteWithoutType.remove("ResourceType");
        ObjectNode deleteWithoutId = event("Delete");

        assertThat(deliver(deleteConfiguration).status()).isEqualTo("SUCCESS");
        assertThat(deliver(deleteWithoutType).status()).isEqualTo("SUCCESS");
        assertThat(deliver(deleteWithoutId).status()).isEqualTo("SUCCESS");
        assertThat(f.emulator.requestCount("DeleteVoiceConnectorProxy")).isEqualTo(1);
    }

    @Test
    void anEventWithoutAResponseUrlCannotBeAnsweredSoTheInvocationFailsWithALogLine() {
        ObjectNode event = event("Create");
        event.remove("ResponseURL");

        assertThatThrownBy(() -> f.invoke(event.toString(), new TestContext(Duration.ofMinutes(1))))
                .hasMessageContaining("no ResponseURL");
        assertThat(f.logs()).contains("\"level\":\"ERROR\"", "no ResponseURL");
        assertThat(f.handlerCalls()).isZero();
    }

    @Test
    void anEventThatIsNotAJsonObjectFailsTheInvocationWithALogLine() {
        assertThatThrownBy(() -> f.invoke("[\"+12065550150\"]", new TestContext(Duration.ofMinutes(1))))
                .hasMessageContaining("not a JSON object");
        assertThat(f.logs()).contains("\"level\":\"ERROR\"").doesNotContain("2065550150");
    }
}
