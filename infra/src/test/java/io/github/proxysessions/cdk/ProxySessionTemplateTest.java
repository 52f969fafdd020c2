package io.github.proxysessions.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the construct puts in the template, read through the synthesized template. */
class ProxySessionTemplateTest {

    static final String CONNECTOR = "abcdefghij0123456789ab";
    static final String OTHER_CONNECTOR = "klmnopqrst0123456789ab";

    private final App app = new App();
    private final Stack stack = new Stack(app, "Test");

    private ProxySession.Builder session(String id) {
        return ProxySession.Builder.create(stack, id)
                .voiceConnectorId(CONNECTOR)
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE));
    }

    @Test
    void everyPropMapsToTheApisMemberWithTheApisValues() {
        session("Support").capabilities(List.of(Capability.VOICE, Capability.SMS)).expiry(Duration.hours(2))
                .name("Support line").numberSelectionBehavior(NumberSelectionBehavior.PREFER_STICKY)
                .geoMatch(GeoMatch.areaCode("US", "206")).build();

        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE, Match.objectEquals(Map.of(
                "ServiceToken", Map.of("Ref", Match.stringLikeRegexp("ProxySessionProviderLive.*")),
                "ServiceTimeout", "600",
                "VoiceConnectorId", CONNECTOR,
                "ParticipantPhoneNumbers", List.of("+12065550100", "+14155550101"),
                "Capabilities", List.of("Voice", "SMS"),
                "Name", "Support line",
                "ExpiryMinutes", 120,
                "NumberSelectionBehavior", "PreferSticky",
                "GeoMatchLevel", "AreaCode",
                "GeoMatchParams", Map.of("Country", "US", "AreaCode", "206"))));
    }

    @Test
    void unsetPropsAreLeftOut() {
        session("Minimal").build();

        Template.fromStack(stack).hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of(
                "Name", Match.absent(), "ExpiryMinutes", Match.absent(), "NumberSelectionBehavior", Match.absent(),
                "GeoMatchLevel", Match.absent(), "GeoMatchParams", Match.absent()));
    }

    @Test
    void geoMatchVariantsMapToLevelAndParams() {
        session("ByFirstCountry").geoMatch(GeoMatch.country()).build();
        session("ByCountry").participantPhoneNumbers(List.of("+13125550102", "+16175550103"))
                .geoMatch(GeoMatch.country("CA")).build();
        session("ByFirstAreaCode").participantPhoneNumbers(List.of("+17025550104", "+18085550105"))
                .geoMatch(GeoMatch.areaCode()).numberSelectionBehavior(NumberSelectionBehavior.AVOID_STICKY).build();

        Template t = Template.fromStack(stack);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("ParticipantPhoneNumbers",
                List.of("+12065550100", "+14155550101"), "GeoMatchLevel", "Country", "GeoMatchParams", Match.absent()));
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("GeoMatchLevel", "Country",
                "GeoMatchParams", Match.objectEquals(Map.of("Country", "CA"))));
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("GeoMatchLevel", "AreaCode",
                "GeoMatchParams", Match.absent(), "NumberSelectionBehavior", "AvoidSticky"));
    }

    @Test
    void theSessionIsDestroyedWithTheStackUnlessRetained() {
        session("Destroyed").build();
        session("Kept").participantPhoneNumbers(List.of("+13125550102", "+16175550103"))
                .removalPolicy(RemovalPolicy.RETAIN).build();

        Template t = Template.fromStack(stack);
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete",
                "Properties", Map.of("ParticipantPhoneNumbers", List.of("+12065550100", "+14155550101"))));
        t.hasResource(ProxySession.RESOURCE_TYPE, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
                "Properties", Map.of("ParticipantPhoneNumbers", List.of("+13125550102", "+16175550103"))));
    }

    @Test
    void attributesReadTheHandlersData() {
        ProxySession s = session("Support").build();
        CfnOutput.Builder.create(stack, "Id").value(s.getProxySessionId()).build();
        CfnOutput.Builder.create(stack, "Status").value(s.getStatus()).build();
        CfnOutput.Builder.create(stack, "First").value(s.getFirstParticipantProxyPhoneNumber()).build();
        CfnOutput.Builder.create(stack, "Second").value(s.getSecondParticipantProxyPhoneNumber()).build();
        CfnOutput.Builder.create(stack, "Created").value(s.getCreatedTimestamp()).build();
        // A number attribute, where a string is needed: Token.asString keeps the reference.
        CfnOutput.Builder.create(stack, "Expiry").value(Token.asString(s.getExpiryMinutes())).build();

        Template t = Template.fromStack(stack);
        String logicalId = t.findResources(ProxySession.RESOURCE_TYPE).keySet().iterator().next();
        for (Map.Entry<String, String> e : Map.of("Id", "ProxySessionId", "Status", "Status",
                "First", "Participants.0.ProxyPhoneNumber", "Second", "Participants.1.ProxyPhoneNumber",
                "Created", "CreatedTimestamp", "Expiry", "ExpiryMinutes").entrySet()) {
            t.hasOutput(e.getKey(), Map.of("Value", Map.of("Fn::GetAtt", List.of(logicalId, e.getValue()))));
        }
    }

    @Test
    void oneProviderServesEverySessionOfTheStack() {
        session("One").build();
        session("Two").participantPhoneNumbers(List.of("+13125550102", "+16175550103")).build();
        session("Three").voiceConnectorId(OTHER_CONNECTOR).build();

        Template t = Template.fromStack(stack);
        t.resourceCountIs(ProxySession.RESOURCE_TYPE, 3);
        t.resourceCountIs("AWS::Lambda::Function", 1);
        t.resourceCountIs("AWS::IAM::Role", 1);
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "io.github.proxysessions.handler.ProxySessionHandler::handleRequest",
                "MemorySize", 1024,
                "Timeout", 300,
                "LoggingConfig", Map.of("LogFormat", "JSON", "LogGroup", Map.of("Ref",
                        Match.stringLikeRegexp("ProxySessionProviderLogs.*")))));
        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
        assertThat(ProxySessionProvider.of(stack).getNode().getPath()).isEqualTo("Test/ProxySessionProvider");
    }

    @Test
    void theRoleMayCallOnlyProxySessionActionsOnTheStacksConnectorsAndWriteItsOwnLogs() throws Exception {
        session("One").build();
        session("Two").participantPhoneNumbers(List.of("+13125550102", "+16175550103")).build();
        session("Three").voiceConnectorId(OTHER_CONNECTOR).build();

        Template t = Template.fromStack(stack);
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ProxySessionProviderLogs.*"),
                                "Arn"))),
                Map.of("Effect", "Allow",
                        "Action", List.of("chime:CreateProxySession", "chime:GetProxySession",
                                "chime:UpdateProxySession", "chime:DeleteProxySession", "chime:ListProxySessions",
                                "chime:GetVoiceConnectorProxy"),
                        "Resource", List.of(connectorArn(CONNECTOR), connectorArn(OTHER_CONNECTOR)))))));
        t.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
        String policies = new ObjectMapper().writeValueAsString(t.findResources("AWS::IAM::Policy"))
                + new ObjectMapper().writeValueAsString(t.findResources("AWS::IAM::Role"));
        assertThat(policies).doesNotContain("\"*\"").doesNotContain(":*\"");
    }

    static Map<String, Object> connectorArn(String connector) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":chime:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":vc/" + connector)));
    }

    @Test
    void aTokenConnectorIsPassedThroughAndScopesTheRole() {
        CfnParameter connector = CfnParameter.Builder.create(stack, "ConnectorId").build();
        session("Tokened").voiceConnectorId(connector.getValueAsString()).build();

        Template t = Template.fromStack(stack);
        t.hasResourceProperties(ProxySession.RESOURCE_TYPE, Map.of("VoiceConnectorId", Map.of("Ref", "ConnectorId")));
        t.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Resource", Map.of("Fn::Join", List.of("",
                        Match.arrayWith(List.of(":vc/", Map.of("Ref", "ConnectorId")))))))))))));
    }

    @Test
    void theHandlerAssetIsTheRealJarAndItsHashDependsOnItsContentAlone() throws Exception {
        session("One").build();
        // The same bytes from another path, in another app: what a second, reproducible build would give.
        Path copy = Files.createTempDirectory("handler-copy").resolve("elsewhere.jar");
        Files.copy(HandlerAsset.path(), copy);
        App other = new App();
        Stack otherStack = new Stack(other, "Other");
        software.amazon.awscdk.services.lambda.Function.Builder.create(otherStack, "Copy")
                .runtime(software.amazon.awscdk.services.lambda.Runtime.JAVA_21).handler("x::y")
                .code(software.amazon.awscdk.services.lambda.Code.fromAsset(copy.toString())).build();

        String hash = assetHash(Path.of(app.synth().getDirectory()), "Test");
        String otherHash = assetHash(Path.of(other.synth().getDirectory()), "Other");

        byte[] asset = Files.readAllBytes(Path.of(app.synth().getDirectory()).resolve("asset." + hash + ".jar"));
        byte[] handler = HandlerAsset.class.getResourceAsStream(HandlerAsset.RESOURCE).readAllBytes();
        assertThat(asset).isEqualTo(handler);
        assertThat(asset.length).isGreaterThan(1_000_000);
        assertThat(otherHash).isEqualTo(hash);
    }

    private static String assetHash(Path outdir, String stackName) throws java.io.IOException {
        String template = Files.readString(outdir.resolve(stackName + ".template.json"));
        Map<?, ?> assets = new ObjectMapper().readValue(outdir.resolve(stackName + ".assets.json").toFile(), Map.class);
        return ((Map<?, ?>) assets.get("files")).keySet().stream().map(String::valueOf)
                .filter(h -> template.contains(h + ".jar")).findFirst().orElseThrow();
    }
}
