package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.chime.CfnVoiceConnector;

/**
 * A session on a connector whose proxy configuration the same stack declares is created after the configuration and
 * deleted before it, however the session names the connector and whichever is declared first: without the
 * configuration the service refuses to create a session, and deleting the configuration first strands the session.
 */
class SessionConfigurationOrderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "abcdefghij0123456789ab";

    private final Stack stack = new Stack(new App(), "Test");

    private VoiceConnectorProxy.Builder proxy(String id) {
        return VoiceConnectorProxy.Builder.create(stack, id).defaultSessionExpiry(Duration.hours(1))
                .phoneNumberPoolCountries(List.of("US"));
    }

    private ProxySession.Builder session(String id) {
        return ProxySession.Builder.create(stack, id)
                .participantPhoneNumbers(List.of("+12065550150", "+14155550151"))
                .capabilities(List.of(Capability.VOICE));
    }

    /** The DependsOn of the session whose logical id starts with {@code prefix}. */
    private static List<String> dependsOn(Template t, String prefix) {
        Map.Entry<String, Map<String, Object>> session = t.findResources(ProxySession.RESOURCE_TYPE).entrySet()
                .stream().filter(e -> e.getKey().startsWith(prefix)).findFirst().orElseThrow();
        JsonNode depends = JSON.valueToTree(session.getValue()).path("DependsOn");
        return depends.isMissingNode() ? List.of()
                : JSON.convertValue(depends, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static String configuration(Template t, String prefix) {
        return t.findResources(VoiceConnectorProxy.RESOURCE_TYPE).keySet().stream()
                .filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void aSessionOnTheSameCfnVoiceConnectorDependsOnItsConfigurationDeclaredBefore() {
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(stack, "Connector").name("c")
                .requireEncryption(true).build();
        proxy("Proxy").voiceConnector(connector).build();
        session("ByReference").voiceConnector(connector).build();
        session("ByIdAttribute").voiceConnectorId(connector.getAttrVoiceConnectorId())
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153")).build();

        Template t = Template.fromStack(stack);
        String proxy = configuration(t, "Proxy");
        assertThat(dependsOn(t, "ByReference")).containsExactly(proxy);
        assertThat(dependsOn(t, "ByIdAttribute")).containsExactly(proxy);
    }

    @Test
    void aConfigurationDeclaredAfterItsSessionsIsStillCreatedBeforeThem() {
        CfnVoiceConnector connector = CfnVoiceConnector.Builder.create(stack, "Connector").name("c")
                .requireEncryption(true).build();
        session("RefSession").voiceConnector(connector).build();
        session("IdSession").voiceConnectorId(ID)
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153")).build();
        proxy("Proxy").voiceConnector(connector).build();
        proxy("LiteralProxy").voiceConnectorId(ID).build();

        Template t = Template.fromStack(stack);
        assertThat(dependsOn(t, "RefSession")).containsExactly(configuration(t, "Proxy"));
        assertThat(dependsOn(t, "IdSession")).containsExactly(configuration(t, "LiteralProxy"));
    }

    @Test
    void theSameLiteralIdOrTheSameTokenIsTheSameConnector() {
        CfnParameter parameter = CfnParameter.Builder.create(stack, "ConnectorId").type("String").build();
        proxy("LiteralProxy").voiceConnectorId(ID).build();
        proxy("TokenProxy").voiceConnectorId(parameter.getValueAsString()).build();
        session("Literal").voiceConnectorId(ID).build();
        session("Token").voiceConnectorId(parameter.getValueAsString())
                .participantPhoneNumbers(List.of("+13125550152", "+16175550153")).build();

        Template t = Template.fromStack(stack);
        assertThat(dependsOn(t, "Literal")).containsExactly(configuration(t, "LiteralProxy"));
        assertThat(dependsOn(t, "Token")).containsExactly(configuration(t, "TokenProxy"));
    }

    @Test
    void aSessionOnAnotherConnectorDependsOnNoConfiguration() {
        proxy("Proxy").voiceConnectorId(ID).build();
        session("Elsewhere").voiceConnectorId("zyxwvutsrq9876543210zy").build();

        assertThat(dependsOn(Template.fromStack(stack), "Elsewhere")).isEmpty();
    }

    @Test
    void aSessionGivenItsConfigurationDependsOnItOnce() {
        VoiceConnectorProxy proxy = proxy("Proxy").voiceConnectorId(ID).build();
        session("Given").voiceConnectorProxy(proxy).build();

        Template t = Template.fromStack(stack);
        assertThat(dependsOn(t, "Given")).containsExactly(configuration(t, "Proxy"));
    }
}
