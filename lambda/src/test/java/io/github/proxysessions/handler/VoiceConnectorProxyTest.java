package io.github.proxysessions.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.handler.HandlerFixture.Delivery;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.Proxy;

/** {@code Custom::VoiceConnectorProxy}: a connector's proxy configuration as a resource. */
class VoiceConnectorProxyTest {

    static final String TYPE = "Custom::VoiceConnectorProxy";

    @RegisterExtension
    final HandlerFixture f = new HandlerFixture();

    private Map<String, Object> props(String connector, Object... more) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:ProxySessionProvider");
        props.put("ServiceTimeout", "600");
        props.put("VoiceConnectorId", connector);
        props.put("DefaultSessionExpiryMinutes", "60");
        props.put("PhoneNumberPoolCountries", List.of("US"));
        for (int i = 0; i < more.length; i += 2) {
            props.put((String) more[i], more[i + 1]);
        }
        return props;
    }

    private HandlerFixture.Event event(String type, String physicalId, Map<String, Object> props,
                                                    Map<String, Object> old) {
        return f.event(type, UUID.randomUUID().toString(), "Proxy", TYPE, physicalId, props, old);
    }

    private Delivery send(String type, String physicalId, Map<String, Object> props, Map<String, Object> old) {
        return f.deliver(event(type, physicalId, props, old), Duration.ofMinutes(5));
    }

    private Proxy proxy(String connector) {
        return f.client.getVoiceConnectorProxy(r -> r.voiceConnectorId(connector)).proxy();
    }

    @Test
    void createPutsTheConfigurationAndAnswersItWithTheConnectorAsId() {
        String vc = f.bareConnector();

        Delivery d = send("create", null, props(vc, "FallBackPhoneNumber", "+12065550199", "Disabled", "false",
                "PhoneNumberPoolCountries", List.of("US", "CA")), null);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(d.response().physicalResourceId()).isEqualTo(vc);
        Proxy p = proxy(vc);
        assertThat(p.defaultSessionExpiryMinutes()).isEqualTo(60);
        assertThat(p.phoneNumberCountries()).containsExactly("US", "CA");
        assertThat(p.fallBackPhoneNumber()).isEqualTo("+12065550199");
        assertThat(d.response().data().get("PhoneNumberCountries").asText()).isEqualTo("US,CA");
        assertThat(d.response().data().get("DefaultSessionExpiryMinutes").asText()).isEqualTo("60");
        assertThat(d.response().data().get("Disabled").asText()).isEqualTo("false");
        assertThat(d.response().data().get("FallBackPhoneNumber").asText()).isEqualTo("+12065550199");
        assertThat(f.logs()).doesNotContain("+12065550199").contains("Custom::VoiceConnectorProxy");
    }

    @Test
    void anExistingConfigurationIsRefusedWithoutTakeOverAndNothingChanges() {
        // f.connector has a configuration this "stack" did not create: 60 minutes, US.
        Delivery d = send("create", null, props(f.connector, "DefaultSessionExpiryMinutes", "30"), null);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).startsWith("Voice connector " + f.connector + " already has a proxy "
                + "configuration (DefaultSessionExpiryMinutes 60, countries [US]) that no stack's resource owns")
                .contains("Set TakeOver to true");
        assertThat(PhysicalId.parse(d.response().physicalResourceId())).isInstanceOf(PhysicalId.NotCreated.class);
        assertThat(f.emulator.requestCount("PutVoiceConnectorProxy")).isEqualTo(1);
        assertThat(proxy(f.connector).defaultSessionExpiryMinutes()).isEqualTo(60);

        // CloudFormation's rollback then deletes the failed resource: the configuration must survive it.
        Delivery rollback = send("delete", d.response().physicalResourceId(), props(f.connector), null);
        assertThat(rollback.response().status()).isEqualTo("SUCCESS");
        assertThat(proxy(f.connector).defaultSessionExpiryMinutes()).isEqualTo(60);
    }

    @Test
    void takeOverAppliesTheDeclaredConfigurationToAnExistingOne() {
        Delivery d = send("create", null, props(f.connector, "DefaultSessionExpiryMinutes", "30", "TakeOver",
                "true"), null);

        assertThat(d.response().status()).isEqualTo("SUCCESS");
        assertThat(proxy(f.connector).defaultSessionExpiryMinutes()).isEqualTo(30);
        assertThat(f.logs()).contains("taken over");
        assertThat(owner(f.connector)).startsWith("ProxySessionsExample/Proxy/");
    }

    // Ownership: the tag on the connector says which resource's configuration it is.

    private static final String STACK_B = "arn:aws:cloudformation:us-east-1:123456789012:stack/OtherStack/"
            + "9c1d2e30-c82e-11ef-9d1b-0affd4a1b2c3";

    private String arn(String connector) {
        return "arn:aws:chime:us-east-1:123456789012:vc/" + connector;
    }

    /** The owner tag's value, or null. */
    private String owner(String connector) {
        return f.client.listTagsForResource(r -> r.resourceARN(arn(connector))).tags().stream()
                .filter(t -> t.key().equals(ConfigurationOwner.KEY)).map(t -> t.value()).findFirst().orElse(null);
    }

    /** The same resource declared in another stack. */
    private Delivery sendFromStackB(String type, String physicalId, Map<String, Object> props) {
        HandlerFixture.Event event = event(type, physicalId, props, null);
        String json = event.json().replace(event.stackId(), STACK_B);
        return f.deliver(new HandlerFixture.Event(json, event.responseUrl(), STACK_B, event.requestId()),
                Duration.ofMinutes(5));
    }

    @Test
    void anIdenticalConfigurationNoResourceOwnsIsRefusedAndNothingChanges() {
        // f.connector's configuration was made by hand (60 minutes, US): exactly what these properties declare.
        long puts = f.emulator.requestCount("PutVoiceConnectorProxy");

        Delivery d = send("create", null, props(f.connector), null);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).contains("no stack's resource owns", ConfigurationOwner.KEY,
                "Set TakeOver to true");
        assertThat(f.emulator.requestCount("PutVoiceConnectorProxy")).isEqualTo(puts);
        assertThat(f.emulator.requestCount("TagResource")).isZero();
        assertThat(owner(f.connector)).isNull();
        assertThat(send("delete", d.response().physicalResourceId(), props(f.connector), null).response().status())
                .isEqualTo("SUCCESS");
        assertThat(proxy(f.connector).defaultSessionExpiryMinutes()).isEqualTo(60);
    }

    @Test
    void aSecondStacksIdenticalConfigurationIsRefusedAndItsRollbackAndDestroyLeaveTheFirstsAlone() {
        String vc = f.bareConnector();
        assertThat(send("create", null, props(vc), null).response().status()).isEqualTo("SUCCESS");
        String first = owner(vc);
        assertThat(first).startsWith("ProxySessionsExample/Proxy/").hasSize("ProxySessionsExample/Proxy/".length()
                + ConfigurationOwner.HASH_LENGTH);

        Delivery second = sendFromStackB("create", null, props(vc));

        assertThat(second.response().status()).isEqualTo("FAILED");
        assertThat(second.response().reason()).startsWith("The proxy configuration of voice connector " + vc
                + " belongs to " + first).contains("set TakeOver to true");
        // The second stack's rollback, and a destroy that names the connector: both leave it alone.
        assertThat(sendFromStackB("delete", second.response().physicalResourceId(), props(vc)).response().status())
                .isEqualTo("SUCCESS");
        assertThat(sendFromStackB("delete", vc, props(vc)).response().status()).isEqualTo("SUCCESS");
        assertThat(f.logs()).contains("left alone: owned by " + first);
        assertThat(proxy(vc).phoneNumberCountries()).containsExactly("US");
        assertThat(owner(vc)).isEqualTo(first);
        assertThat(f.emulator.requestCount("DeleteVoiceConnectorProxy")).isZero();
    }

    @Test
    void aRedeliveredCreateSucceedsWithOneWrite() {
        String vc = f.bareConnector();
        long puts = f.emulator.requestCount("PutVoiceConnectorProxy");
        HandlerFixture.Event create = event("create", null, props(vc), null);

        Delivery first = f.deliver(create, Duration.ofMinutes(5));
        Delivery second = f.redeliver(create);

        assertThat(first.response().status()).isEqualTo("SUCCESS");
        assertThat(second.response().status()).isEqualTo("SUCCESS");
        assertThat(second.response().physicalResourceId()).isEqualTo(vc);
        assertThat(second.response().data()).isEqualTo(first.response().data());
        assertThat(f.emulator.requestCount("PutVoiceConnectorProxy") - puts).isEqualTo(1);
        // The first delivery's claim and owner tag; the second finds its own owner tag and writes nothing.
        assertThat(f.emulator.requestCount("TagResource")).isEqualTo(2);
    }

    @Test
    void deleteRemovesTheOwnershipMarkerWithTheConfiguration() {
        String vc = f.bareConnector();
        f.client.tagResource(r -> r.resourceARN(arn(vc)).tags(t -> t.key("team").value("support")));
        send("create", null, props(vc), null);
        assertThat(owner(vc)).isNotNull();

        assertThat(send("delete", vc, props(vc), null).response().status()).isEqualTo("SUCCESS");

        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
        assertThat(f.client.listTagsForResource(r -> r.resourceARN(arn(vc))).tags())
                .extracting(t -> t.key()).containsExactly("team");
    }

    @Test
    void takeOverTakesAnotherStacksConfigurationWhoseDeleteThenLeavesItAlone() {
        String vc = f.bareConnector();
        send("create", null, props(vc), null);

        Delivery takeOver = sendFromStackB("create", null, props(vc, "DefaultSessionExpiryMinutes", "30",
                "TakeOver", "true"));

        assertThat(takeOver.response().status()).isEqualTo("SUCCESS");
        assertThat(takeOver.response().physicalResourceId()).isEqualTo(vc);
        assertThat(owner(vc)).startsWith("OtherStack/Proxy/");
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(30);
        // The first stack's destroy leaves what is now the second's; the second's destroy removes it.
        assertThat(send("delete", vc, props(vc), null).response().status()).isEqualTo("SUCCESS");
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(30);
        assertThat(sendFromStackB("delete", vc, props(vc)).response().status()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
        assertThat(owner(vc)).isNull();
    }

    @Test
    void anUpdateTagsAConfigurationDeployedBeforeTheTagAndRefusesOneTakenOver() {
        String vc = f.bareConnector();
        f.client.putVoiceConnectorProxy(r -> r.voiceConnectorId(vc).defaultSessionExpiryMinutes(60)
                .phoneNumberPoolCountries("US"));
        Map<String, Object> old = props(vc);

        // A resource of an earlier version: its configuration has no tag.
        assertThat(send("update", vc, props(vc, "DefaultSessionExpiryMinutes", "90"), old).response().status())
                .isEqualTo("SUCCESS");
        assertThat(owner(vc)).startsWith("ProxySessionsExample/Proxy/");
        sendFromStackB("create", null, props(vc, "TakeOver", "true"));

        Delivery refused = send("update", vc, props(vc, "DefaultSessionExpiryMinutes", "120"), old);

        assertThat(refused.response().status()).isEqualTo("FAILED");
        assertThat(refused.response().reason()).contains("now belongs to OtherStack/Proxy/", "TakeOver");
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(60);
    }

    @Test
    void anArnGivenAsTheConnectorIdIsRefusedWithWhatToGiveInstead() {
        String vc = f.bareConnector();
        long before = f.handlerCalls();

        Delivery config = send("create", null, props(arn(vc)), null);
        Delivery session = f.create(f.props("VoiceConnectorId", arn(f.connector)));

        for (Delivery d : List.of(config, session)) {
            assertThat(d.response().status()).isEqualTo("FAILED");
            assertThat(d.response().reason()).contains("Property 'VoiceConnectorId' must be a voice connector id, "
                    + "not an ARN: give the part after 'vc/'", "voiceConnector(...)",
                    "Fn::GetAtt <Connector>.VoiceConnectorId, not Ref");
        }
        assertThat(config.response().reason()).contains("('" + vc + "')");
        assertThat(f.handlerCalls()).isEqualTo(before);
    }

    @Test
    void updateChangesTheConfigurationInPlaceAndMakesNoWriteWithoutAChange() {
        String vc = f.bareConnector();
        Map<String, Object> old = props(vc);
        send("create", null, old, null);
        long puts = f.emulator.requestCount("PutVoiceConnectorProxy");

        Delivery same = send("update", vc, props(vc, "DefaultSessionExpiryMinutes", 60), old);
        assertThat(same.response().physicalResourceId()).isEqualTo(vc);
        assertThat(f.emulator.requestCount("PutVoiceConnectorProxy")).isEqualTo(puts);

        Delivery changed = send("update", vc, props(vc, "DefaultSessionExpiryMinutes", "120", "Disabled", "true"),
                old);
        assertThat(changed.response().status()).isEqualTo("SUCCESS");
        assertThat(changed.response().physicalResourceId()).isEqualTo(vc);
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(120);
        assertThat(proxy(vc).disabled()).isTrue();
    }

    @Test
    void countriesInAnotherOrderAreNoChange() {
        String vc = f.bareConnector();
        Map<String, Object> old = props(vc, "PhoneNumberPoolCountries", List.of("US", "CA"));
        send("create", null, old, null);
        long puts = f.emulator.requestCount("PutVoiceConnectorProxy");

        // A pool of countries: the order the service keeps them in is not a difference to write.
        Delivery reordered = send("update", vc, props(vc, "PhoneNumberPoolCountries", List.of("CA", "US")), old);

        assertThat(reordered.response().status()).isEqualTo("SUCCESS");
        assertThat(f.emulator.requestCount("PutVoiceConnectorProxy")).isEqualTo(puts);
        assertThat(f.logs()).contains("\"change\":\"none\"");
    }

    @Test
    void aNewConnectorIsAReplacementThatLeavesTheOldOneForCloudFormationsCleanup() {
        String vc = f.bareConnector();
        String other = f.bareConnector();
        Map<String, Object> old = props(vc);
        send("create", null, old, null);

        Delivery d = send("update", vc, props(other), old);

        assertThat(d.response().physicalResourceId()).isEqualTo(other);
        assertThat(proxy(other).phoneNumberCountries()).containsExactly("US");
        assertThat(proxy(vc)).isNotNull();

        assertThat(send("delete", vc, old, null).response().status()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aReplacementOntoAConnectorThatIsNotOursFailsAndKeepsTheOldId() {
        String vc = f.bareConnector();
        Map<String, Object> old = props(vc);
        send("create", null, old, null);

        Delivery d = send("update", vc, props(f.connector, "DefaultSessionExpiryMinutes", "15"), old);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().physicalResourceId()).isEqualTo(vc);
        assertThat(proxy(f.connector).defaultSessionExpiryMinutes()).isEqualTo(60);
    }

    @Test
    void aCreateWhosePutMayHaveTakenEffectAnswersTheConnectorSoTheRollbackRemovesIt() {
        String vc = f.bareConnector();
        // Every Put takes effect but its answer is lost, until the invocation's time runs out.
        f.emulator.faults().loseResponses("PutVoiceConnectorProxy", 1000);
        Delivery failed = f.deliver(event("create", null, props(vc), null), Duration.ofSeconds(4));
        assertThat(failed.response().status()).isEqualTo("FAILED");
        assertThat(failed.response().physicalResourceId()).isEqualTo(vc);
        f.emulator.faults().clear();

        assertThat(send("delete", vc, props(vc), null).response().status()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aFailedReplacementKeepsTheOldIdAndLeavesNoConfigurationOnTheNewConnector() {
        String vc = f.bareConnector();
        String other = f.bareConnector();
        Map<String, Object> old = props(vc);
        send("create", null, old, null);
        f.emulator.faults().loseResponses("PutVoiceConnectorProxy", 1000);

        Delivery failed = f.deliver(event("update", vc, props(other), old), Duration.ofSeconds(6));

        f.emulator.faults().clear();
        assertThat(failed.response().status()).isEqualTo("FAILED");
        assertThat(failed.response().physicalResourceId()).isEqualTo(vc);
        // CloudFormation's rollback only knows the old connector: the new one must be left as it was found.
        assertThatThrownBy(() -> proxy(other)).isInstanceOf(NotFoundException.class);
        assertThat(proxy(vc).defaultSessionExpiryMinutes()).isEqualTo(60);
    }

    /**
     * Every failure a kind expects it answers itself; what escapes it (a class missing from the jar, a bug) the handler
     * answers. For a Create, that answer's id must be one the kind's own Delete knows made nothing: here the handler
     * runs from classes without VoiceConnectorProxyProperties, so the Create fails with NoClassDefFoundError before any
     * call.
     */
    @Test
    void aCreateThatFailsUnexpectedlyAnswersAnIdWhoseDeleteMakesNoCall() throws Exception {
        String vc = f.bareConnector();
        HandlerFixture.Event create = event("create", null, props(vc), null);
        try (ChimeSdkVoiceClient client = ChimeClients.create()) {
            handlerWithout(VoiceConnectorProxyProperties.class, client).handleRequest(
                    new ByteArrayInputStream(create.json().getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new TestContext(Duration.ofMinutes(1)));
        }
        List<ResponseUrlServer.Received> sent = f.responses.responses(create.responseUrl());
        assertThat(sent).hasSize(1);
        ResponseUrlServer.Received failed = sent.get(0);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.reason()).startsWith("Internal error in the proxy-session provider: "
                + "java.lang.NoClassDefFoundError");
        assertThat(PhysicalId.parse(failed.physicalResourceId())).isInstanceOf(PhysicalId.NotCreated.class);
        Map<String, Long> calls = f.emulator.requestCounts();

        // CloudFormation's rollback deletes the failed resource, with the usual handler.
        Delivery rollback = send("delete", failed.physicalResourceId(), props(vc), null);

        assertThat(rollback.response().status()).isEqualTo("SUCCESS");
        assertThat(f.emulator.requestCounts()).isEqualTo(calls);
    }

    /** The handler as loaded from a jar that lacks {@code missing}, with the test's clients. */
    private RequestStreamHandler handlerWithout(Class<?> missing, ChimeSdkVoiceClient client)
            throws ReflectiveOperationException {
        Class<?> handler = Class.forName(ProxySessionHandler.class.getName(), true, new MissingClassLoader(missing));
        Constructor<?> constructor = handler.getDeclaredConstructor(Supplier.class, Supplier.class,
                PrintStream.class, Clock.class);
        constructor.setAccessible(true);
        Supplier<ChimeSdkVoiceClient> clients = () -> client;
        Supplier<SdkHttpClient> responseHttp = ResponseClient::httpClient;
        return (RequestStreamHandler) constructor.newInstance(clients, responseHttp,
                new PrintStream(f.logBuffer, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    @Test
    void deleteRemovesTheConfigurationAndAMissingOneIsSuccess() {
        String vc = f.bareConnector();
        send("create", null, props(vc), null);

        assertThat(send("delete", vc, props(vc), null).response().status()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> proxy(vc)).isInstanceOf(NotFoundException.class);
        assertThat(send("delete", vc, props(vc), null).response().status()).isEqualTo("SUCCESS");
    }

    @Test
    void aSecondDeliveryOfACreateFindsTheFirstOnesConfiguration() {
        String vc = f.bareConnector();
        HandlerFixture.Event create = event("create", null, props(vc), null);

        Delivery first = f.deliver(create, Duration.ofMinutes(5));
        Delivery second = f.redeliver(create);

        assertThat(second.response().status()).isEqualTo("SUCCESS");
        assertThat(second.response().physicalResourceId()).isEqualTo(first.response().physicalResourceId());
        assertThat(f.emulator.requestCount("PutVoiceConnectorProxy")).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DefaultSessionExpiryMinutes|721|Property 'DefaultSessionExpiryMinutes' must be from 1 to 720 minutes",
        "DefaultSessionExpiryMinutes|soon|Property 'DefaultSessionExpiryMinutes' must be a whole number",
        "FallBackPhoneNumber|0206555|Property 'FallBackPhoneNumber' must be an E.164 phone number",
        "Disabled|maybe|Property 'Disabled' must be true or false; got 'maybe'",
        "TakeOver|yes|Property 'TakeOver' must be true or false",
        "VoiceConnectorId|VC|Property 'VoiceConnectorId' must be a voice connector id",
        "Tags|x|Property 'Tags' is not supported",
    })
    void anInvalidPropertyFailsNamingItAndNothingReachesTheService(String property, String value, String reason) {
        String vc = f.bareConnector();
        long before = f.handlerCalls();

        Delivery d = send("create", null, props(vc, property, value), null);

        assertThat(d.response().status()).isEqualTo("FAILED");
        assertThat(d.response().reason()).contains(reason);
        assertThat(f.handlerCalls()).isEqualTo(before);
    }

    @Test
    void countriesAreCheckedAsAList() {
        String vc = f.bareConnector();

        Delivery empty = send("create", null, props(vc, "PhoneNumberPoolCountries", List.of()), null);
        Delivery lower = send("create", null, props(vc, "PhoneNumberPoolCountries", List.of("US", "gb")), null);
        Delivery missing = send("create", null, props(vc, "PhoneNumberPoolCountries", null), null);

        assertThat(empty.response().reason()).contains("Property 'PhoneNumberPoolCountries' must list 1 to 100");
        assertThat(lower.response().reason()).contains("Property 'PhoneNumberPoolCountries' item 2 must be an ISO");
        assertThat(missing.response().reason()).contains("Property 'PhoneNumberPoolCountries' is required");
    }
}
