package io.github.proxysessions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.local.service.VoiceConnectorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AWS::Chime::VoiceConnector's properties, checked as its registry schema defines them, before any call. */
class VoiceConnectorSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final VoiceConnectorType type = new VoiceConnectorType(null);

    private void validate(String json) throws Exception {
        type.validate(JSON.readTree(json));
    }

    @Test
    void everyPropertyTheSchemaAllows() {
        assertThatCode(() -> validate("""
                {"Name": "Support line_1.a-b", "RequireEncryption": true, "AwsRegion": "eu-west-2",
                 "NetworkType": "DUAL_STACK", "Tags": [{"Key": "team", "Value": ""}]}""")).doesNotThrowAnyException();
        assertThatCode(() -> validate("{\"Name\": \"n\", \"RequireEncryption\": \"false\"}"))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"RequireEncryption\": true}|#: required key [Name] not found",
        "{\"Name\": \"n\"}|#: required key [RequireEncryption] not found",
        "{\"Name\": \"Alice & Bob\", \"RequireEncryption\": true}|#/Name: string [Alice & Bob] does not match pattern "
                + "^[a-zA-Z0-9 _.-]+$",
        "{\"Name\": \"\", \"RequireEncryption\": true}|#/Name: expected minLength: 1, actual: 0",
        "{\"Name\": 7, \"RequireEncryption\": true}|#/Name: expected type: String, found: Integer",
        "{\"Name\": \"n\", \"RequireEncryption\": \"yes\"}|#/RequireEncryption: expected type: Boolean, found: String",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"AwsRegion\": \"us-east-2\"}|#/AwsRegion: us-east-2 is not "
                + "a valid enum value",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"NetworkType\": \"IPV6_ONLY\"}|#/NetworkType: IPV6_ONLY is "
                + "not a valid enum value (one of [IPV4_ONLY, DUAL_STACK])",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"IntegrationType\": \"X\"}|#: extraneous key "
                + "[IntegrationType] is not permitted",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"VoiceConnectorId\": \"x\"}|#/VoiceConnectorId: is "
                + "read-only",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": []}|#/Tags: expected minimum item count: 1, found: 0",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": {}}|#/Tags: expected type: JSONArray",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": [{\"Key\": \"k\"}]}|#/Tags/0: required key [Value] "
                + "not found",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": [{\"Key\": \"\", \"Value\": \"v\"}]}|#/Tags/0/Key: "
                + "expected minLength: 1, actual: 0",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\", \"X\": 1}]}|"
                + "#/Tags/0: extraneous key [X] is not permitted",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}, {\"Key\": \"k\","
                + " \"Value\": \"v\"}]}|#/Tags: array items are not unique",
        "{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}, {\"Key\": \"k\","
                + " \"Value\": \"w\"}]}|#/Tags/1/Key: [k] is declared twice",
    })
    void aViolationNamesThePropertyAndTheRule(String properties, String message) {
        assertThatThrownBy(() -> validate(properties)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void lengthsAtAndBeyondTheirLimits() {
        String name256 = "n".repeat(256);
        assertThatCode(() -> validate("{\"Name\": \"" + name256 + "\", \"RequireEncryption\": true, \"Tags\": "
                + "[{\"Key\": \"" + "k".repeat(128) + "\", \"Value\": \"" + "v".repeat(256) + "\"}]}"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> validate("{\"Name\": \"" + name256 + "n\", \"RequireEncryption\": true, \"Tags\": "
                + "[{\"Key\": \"" + "k".repeat(129) + "\", \"Value\": \"" + "v".repeat(257) + "\"}]}"))
                .hasMessageContaining("#/Name: expected maxLength: 256, actual: 257")
                .hasMessageContaining("#/Tags/0/Key: expected maxLength: 128, actual: 129")
                .hasMessageContaining("#/Tags/0/Value: expected maxLength: 256, actual: 257");
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            tags.append(i == 0 ? "" : ",").append("{\"Key\": \"k").append(i).append("\", \"Value\": \"v\"}");
        }
        assertThatThrownBy(() -> validate("{\"Name\": \"n\", \"RequireEncryption\": true, \"Tags\": [" + tags + "]}"))
                .hasMessageContaining("#/Tags: expected maximum item count: 50, found: 51");
    }

    @Test
    void tagsAreUnorderedSoANewOrderIsNoChange() throws Exception {
        var a = type.normalize(JSON.readTree("{\"Name\": \"n\", \"Tags\": [{\"Key\": \"b\", \"Value\": \"2\"}, "
                + "{\"Key\": \"a\", \"Value\": \"1\"}]}"));
        var b = type.normalize(JSON.readTree("{\"Name\": \"n\", \"Tags\": [{\"Key\": \"a\", \"Value\": \"1\"}, "
                + "{\"Key\": \"b\", \"Value\": \"2\"}]}"));

        assertThat(a).isEqualTo(b);
    }
}
