package io.github.proxysessions.local.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each intrinsic function the runner resolves, and the errors that name what cannot be resolved. */
class IntrinsicsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TEMPLATE = """
            {
              "Parameters": {"Size": {"Type": "Number", "Default": 3}, "Mode": {"Type": "String", "Default": "prod"}},
              "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Mode"}, "prod"]},
                "IsTest": {"Fn::Not": [{"Condition": "IsProd"}]},
                "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "a"]}]},
                "Either": {"Fn::Or": [{"Condition": "IsTest"}, {"Fn::Equals": ["a", "b"]}]}
              },
              "Mappings": {"Sizes": {"prod": {"Count": "8"}}},
              "Resources": {
                "Fn": {"Type": "AWS::Lambda::Function"},
                "Later": {"Type": "Custom::Thing"}
              }
            }
            """;

    private final Template template = template(TEMPLATE);
    private final Intrinsics intrinsics = new Intrinsics(template, Map.of("Size", "3", "Mode", "prod"),
            Map.of("AWS::Region", TextNode.valueOf("us-east-1"), "AWS::StackName", TextNode.valueOf("S")),
            new Intrinsics.Resources() {
                @Override
                public String physicalId(String logicalId) {
                    return logicalId.equals("Fn") ? "fn-physical" : null;
                }

                @Override
                public String attribute(String logicalId, String attribute) {
                    if (logicalId.equals("Fn") && attribute.equals("Arn")) {
                        return "arn:aws:lambda:us-east-1:1:function:fn-physical";
                    }
                    throw new Intrinsics.ResolveException("no " + logicalId + "." + attribute);
                }
            }, name -> {
                if (name.equals("Prod-Telephony:ConnectorId")) {
                    return "vc-from-telephony";
                }
                throw new Intrinsics.ResolveException("No export named " + name + " found.");
            });

    private static Template template(String json) {
        try {
            return new Template((ObjectNode) JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode resolve(String json) throws Exception {
        return intrinsics.resolve(JSON.readTree(json));
    }

    @Test
    void whatIsSplitFromAValueNotKnownYetIsNotKnownEitherWhateverItsLength() throws Exception {
        // Before a deploy, Ref of a resource it will make is a placeholder: the alias qualifier CDK writes as
        // Fn::Select 7 of Fn::Split ":" of the alias's ARN must stay a placeholder, not fail as out of bounds.
        Intrinsics predicting = new Intrinsics(template, Map.of(), Map.of(), new Intrinsics.Resources() {
            @Override
            public String physicalId(String logicalId) {
                return "?" + logicalId + "?";
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                return "?" + logicalId + "." + attribute + "?";
            }

            @Override
            public boolean isUnknown(String value) {
                return value.contains("?");
            }
        }, name -> name);

        assertThat(predicting.resolve(JSON.readTree("{\"Fn::Select\": [7, {\"Fn::Split\": [\":\", "
                + "{\"Ref\": \"Fn\"}]}]}")).asText()).isEqualTo("?Fn?");
        assertThat(predicting.resolve(JSON.readTree("{\"Fn::Join\": [\"-\", {\"Fn::Split\": [\":\", "
                + "{\"Ref\": \"Later\"}]}]}")).asText()).isEqualTo("?Later?");
        // Known values split and select as before.
        assertThat(resolve("{\"Fn::Select\": [6, {\"Fn::Split\": [\":\", {\"Fn::GetAtt\": [\"Fn\", "
                + "\"Arn\"]}]}]}").asText()).isEqualTo("fn-physical");
    }

    @Test
    void refResolvesResourcesParametersAndPseudoParameters() throws Exception {
        assertThat(resolve("{\"Ref\": \"Fn\"}").asText()).isEqualTo("fn-physical");
        assertThat(resolve("{\"Ref\": \"Size\"}").asText()).isEqualTo("3");
        assertThat(resolve("{\"Ref\": \"AWS::StackName\"}").asText()).isEqualTo("S");
    }

    @Test
    void noValueRemovesThePropertyOrTheListElement() throws Exception {
        JsonNode out = resolve("{\"A\": {\"Ref\": \"AWS::NoValue\"}, \"B\": [1, {\"Ref\": \"AWS::NoValue\"}, 2]}");

        assertThat(out.has("A")).isFalse();
        assertThat(out.get("B")).hasSize(2);
    }

    @Test
    void getAttTakesBothForms() throws Exception {
        assertThat(resolve("{\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}").asText()).endsWith(":function:fn-physical");
        assertThat(resolve("{\"Fn::GetAtt\": \"Fn.Arn\"}").asText()).endsWith(":function:fn-physical");
    }

    @Test
    void importValueReadsAnotherStacksExportByItsResolvedName() throws Exception {
        assertThat(resolve("{\"Fn::ImportValue\": \"Prod-Telephony:ConnectorId\"}").asText())
                .isEqualTo("vc-from-telephony");
        assertThat(resolve("{\"Fn::ImportValue\": {\"Fn::Sub\": \"Prod-Telephony:${X}\"}}".replace("${X}",
                "ConnectorId")).asText()).isEqualTo("vc-from-telephony");
        assertThatThrownBy(() -> resolve("{\"Fn::ImportValue\": \"Prod-Telephony:Nothing\"}"))
                .isInstanceOf(Intrinsics.ResolveException.class)
                .hasMessage("No export named Prod-Telephony:Nothing found.");
    }

    @Test
    void joinSubSelectSplitBase64AndGetAzs() throws Exception {
        assertThat(resolve("{\"Fn::Join\": [\"-\", [\"a\", {\"Ref\": \"Mode\"}, \"c\"]]}").asText())
                .isEqualTo("a-prod-c");
        assertThat(resolve("{\"Fn::Sub\": \"${AWS::Region}/${Fn}/${Fn.Arn}/${!Literal}\"}").asText())
                .isEqualTo("us-east-1/fn-physical/arn:aws:lambda:us-east-1:1:function:fn-physical/${Literal}");
        assertThat(resolve("{\"Fn::Sub\": [\"${X}-${Mode}\", {\"X\": {\"Ref\": \"Size\"}}]}").asText())
                .isEqualTo("3-prod");
        assertThat(resolve("{\"Fn::Select\": [1, [\"a\", \"b\"]]}").asText()).isEqualTo("b");
        assertThat(resolve("{\"Fn::Select\": [\"0\", {\"Fn::Split\": [\",\", \"x,y\"]}]}").asText()).isEqualTo("x");
        assertThat(resolve("{\"Fn::Split\": [\"/\", \"a//b\"]}")).hasSize(3);
        assertThat(resolve("{\"Fn::Base64\": \"hi\"}").asText()).isEqualTo("aGk=");
        assertThat(resolve("{\"Fn::GetAZs\": \"\"}").get(0).asText()).isEqualTo("us-east-1a");
    }

    @Test
    void conditionsAndIfAndFindInMap() throws Exception {
        assertThat(intrinsics.condition("IsProd")).isTrue();
        assertThat(intrinsics.condition("IsTest")).isFalse();
        assertThat(intrinsics.condition("Both")).isTrue();
        assertThat(intrinsics.condition("Either")).isFalse();
        assertThat(resolve("{\"Fn::If\": [\"IsProd\", \"yes\", \"no\"]}").asText()).isEqualTo("yes");
        assertThat(resolve("{\"Fn::FindInMap\": [\"Sizes\", {\"Ref\": \"Mode\"}, \"Count\"]}").asText())
                .isEqualTo("8");
    }

    @Test
    void whatCannotBeResolvedIsNamed() {
        assertThatThrownBy(() -> resolve("{\"Fn::Cidr\": [\"10.0.0.0/16\", 2, 8]}"))
                .hasMessageContaining("Fn::Cidr is not supported by the local runner");
        assertThatThrownBy(() -> resolve("{\"Ref\": \"Nothing\"}"))
                .hasMessageContaining("Ref refers to Nothing, which is neither a resource nor a parameter");
        assertThatThrownBy(() -> resolve("{\"Ref\": \"Later\"}"))
                .hasMessageContaining("Ref Later: the resource has no physical id yet");
        assertThatThrownBy(() -> resolve("{\"Fn::Select\": [5, [\"a\"]]}"))
                .hasMessageContaining("Fn::Select index 5 is out of bounds of a list of 1");
        assertThatThrownBy(() -> resolve("{\"Fn::FindInMap\": [\"Sizes\", \"test\", \"Count\"]}"))
                .hasMessageContaining("mapping Sizes has no test.Count");
        assertThatThrownBy(() -> intrinsics.condition("Missing"))
                .hasMessageContaining("condition Missing is not defined");
        assertThatThrownBy(() -> resolve("{\"Fn::Join\": [\",\", \"not a list\"]}"))
                .hasMessageContaining("Fn::Join needs a list");
    }

    @Test
    void customResourcePropertiesHaveEveryScalarAsAString() throws Exception {
        JsonNode out = Intrinsics.stringifyScalars(JSON.readTree(
                "{\"N\": 30, \"B\": true, \"L\": [1, {\"X\": 2.5}], \"S\": \"s\", \"Z\": null}"));

        assertThat(out.toString()).isEqualTo("{\"N\":\"30\",\"B\":\"true\",\"L\":[\"1\",{\"X\":\"2.5\"}],\"S\":\"s\","
                + "\"Z\":null}");
    }
}
