package io.github.proxysessions.emulator;

import static io.github.proxysessions.emulator.EmulatorFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.chimesdkvoice.model.BadRequestException;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.chimesdkvoice.model.Tag;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/** UpdateVoiceConnector, and the tags of voice connectors, through the real SDK client and on the wire. */
class VoiceConnectorTagsTest {

    private static final String OWNER_KEY = "proxy-sessions:proxy-configuration-owner";

    @TempDir
    Path dir;

    private EmulatorFixture f = new EmulatorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /** A connector in us-west-2 with these tags; with none, the request has no Tags (an empty list is refused). */
    private VoiceConnector connector(Tag... tags) {
        return f.client.createVoiceConnector(r -> {
            r.name("tagged").requireEncryption(true).awsRegion("us-west-2");
            if (tags.length > 0) {
                r.tags(tags);
            }
        }).voiceConnector();
    }

    private List<Tag> tags(String arn) {
        return f.client.listTagsForResource(r -> r.resourceARN(arn)).tags();
    }

    @Test
    void createVoiceConnectorKeepsItsTags() {
        VoiceConnector c = connector(tag("team", "support"), tag(OWNER_KEY, "stack/Config/abcdefABCDEF"));

        assertThat(c.voiceConnectorArn()).isEqualTo("arn:aws:chime:us-west-2:123456789012:vc/" + c.voiceConnectorId());
        assertThat(tags(c.voiceConnectorArn()))
                .containsExactly(tag("team", "support"), tag(OWNER_KEY, "stack/Config/abcdefABCDEF"));
    }

    @Test
    void tagResourceAddsNewKeysAndReplacesValuesOfKeysItHas() {
        String arn = connector(tag("a", "1"), tag("b", "2")).voiceConnectorArn();

        f.client.tagResource(r -> r.resourceARN(arn).tags(tag("b", "two"), tag("c", "3"), tag("empty", "")));

        assertThat(tags(arn)).containsExactly(tag("a", "1"), tag("b", "two"), tag("c", "3"), tag("empty", ""));
    }

    @Test
    void untagResourceRemovesOnlyTheNamedKeysAndIgnoresKeysItDoesNotHave() {
        String arn = connector(tag("a", "1"), tag("b", "2"), tag("c", "3")).voiceConnectorArn();

        f.client.untagResource(r -> r.resourceARN(arn).tagKeys("a", "c", "never-there"));
        assertThat(tags(arn)).containsExactly(tag("b", "2"));

        f.client.untagResource(r -> r.resourceARN(arn).tagKeys("b"));
        assertThat(tags(arn)).isEmpty();
    }

    @Test
    void tagsOnTheWire() throws Exception {
        String arn = connector().voiceConnectorArn();
        String query = URLEncoder.encode(arn, StandardCharsets.UTF_8);

        HttpResponse<String> empty = f.raw("GET", "/tags?arn=" + query, null);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.MAPPER.readTree(empty.body())).isEqualTo(Json.MAPPER.readTree("{\"Tags\":[]}"));

        HttpResponse<String> tagged = f.raw("POST", "/tags?operation=tag-resource",
                "{\"ResourceARN\":\"" + arn + "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
        assertThat(tagged.statusCode()).isEqualTo(204);
        assertThat(tagged.body()).isEmpty();
        assertThat(Json.MAPPER.readTree(f.raw("GET", "/tags?arn=" + query, null).body()))
                .isEqualTo(Json.MAPPER.readTree("{\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"));

        HttpResponse<String> untagged = f.raw("POST", "/tags?operation=untag-resource",
                "{\"ResourceARN\":\"" + arn + "\",\"TagKeys\":[\"k\"]}");
        assertThat(untagged.statusCode()).isEqualTo(204);

        HttpResponse<String> noOperation = f.raw("POST", "/tags", "{\"ResourceARN\":\"" + arn + "\"}");
        assertThat(noOperation.statusCode()).isEqualTo(404);
        assertThat(noOperation.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(noOperation.body()).contains("TagResource (POST /tags?operation=tag-resource)")
                .contains("UntagResource (POST /tags?operation=untag-resource)");

        HttpResponse<String> wrongMethod = f.raw("DELETE", "/tags?operation=tag-resource", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void theRegionOfTheArnIsNotCompared() {
        VoiceConnector c = connector(tag("a", "1"));
        String otherRegion = "arn:aws:chime:eu-central-1:123456789012:vc/" + c.voiceConnectorId();

        f.client.tagResource(r -> r.resourceARN(otherRegion).tags(tag("b", "2")));

        assertThat(tags(otherRegion)).containsExactly(tag("a", "1"), tag("b", "2"));
        assertThat(tags(c.voiceConnectorArn())).containsExactly(tag("a", "1"), tag("b", "2"));
    }

    @Test
    void anArnOfNoExistingConnectorIsNotFound() {
        String existing = connector().voiceConnectorId();
        List<String> arns = List.of(
                "arn:aws:chime:us-east-1:123456789012:vc/abcdefghij0123456789ab",
                "arn:aws:chime:us-east-1:210987654321:vc/" + existing,
                "arn:aws-cn:chime:cn-north-1:123456789012:vc/" + existing,
                "arn:aws:chime:us-east-1:123456789012:sma/" + existing,
                "arn:aws:chime:us-east-1:123456789012:vc/" + existing + "/extra",
                "arn:aws:s3:::bucket");
        for (String arn : arns) {
            assertThatThrownBy(() -> tags(arn)).as(arn).isInstanceOf(NotFoundException.class)
                    .satisfies(e -> assertThat(((NotFoundException) e).statusCode()).isEqualTo(404));
            assertThatThrownBy(() -> f.client.tagResource(r -> r.resourceARN(arn).tags(tag("a", "1")))).as(arn)
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> f.client.untagResource(r -> r.resourceARN(arn).tagKeys("a"))).as(arn)
                    .isInstanceOf(NotFoundException.class);
        }
        assertThatThrownBy(() -> tags("arn:aws:chime:us-east-1:123456789012:vc/abcdefghij0123456789ab"))
                .hasMessageContaining("Voice connector abcdefghij0123456789ab not found");
        assertThatThrownBy(() -> tags("arn:aws:s3:::bucket"))
                .hasMessageContaining("only voice connectors have tags");
    }

    @Test
    void aMalformedArnIsBadRequest() {
        for (String arn : List.of("arn:aws:chime", "arn::chime:us-east-1:123456789012:vc/x",
                "arn:aws:chime:us-east-1:123456789012:")) {
            assertThatThrownBy(() -> tags(arn)).as(arn).isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("'ResourceARN'").hasMessageContaining("must be an ARN of the form");
            assertThatThrownBy(() -> f.client.tagResource(r -> r.resourceARN(arn).tags(tag("a", "1")))).as(arn)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("'ResourceARN'");
            assertThatThrownBy(() -> f.client.untagResource(r -> r.resourceARN(arn).tagKeys("a"))).as(arn)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("'ResourceARN'");
        }
        // What the model's pattern refuses is refused before the ARN is read.
        assertThatThrownBy(() -> tags("vc/abc")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("'ResourceARN'").hasMessageContaining("regular expression pattern");
    }

    @Test
    void moreThanFiftyTagsOnAResourceIsAResourceLimitAndChangesNothing() {
        Tag[] thirty = IntStream.range(0, 30).mapToObj(i -> tag("k" + i, "v")).toArray(Tag[]::new);
        String arn = connector(thirty).voiceConnectorArn();
        // 5 keys it has and 21 new ones.
        List<Tag> more = IntStream.range(25, 51).mapToObj(i -> tag("k" + i, "w")).toList();

        assertThatThrownBy(() -> f.client.tagResource(r -> r.resourceARN(arn).tags(more)))
                .isInstanceOf(ResourceLimitExceededException.class)
                .satisfies(e -> assertThat(((ResourceLimitExceededException) e).statusCode()).isEqualTo(400))
                .hasMessageContaining("would have 51 tags").hasMessageContaining("at most 50");
        assertThat(tags(arn)).containsExactly(thirty);

        f.client.tagResource(r -> r.resourceARN(arn).tags(more.subList(0, 25)));
        assertThat(tags(arn)).hasSize(50);
    }

    @Test
    void updateVoiceConnectorChangesNameAndEncryptionOnly() {
        VoiceConnector c = connector(tag("a", "1"));
        f.clock.advance(Duration.ofMinutes(7));

        VoiceConnector updated = f.client.updateVoiceConnector(r -> r.voiceConnectorId(c.voiceConnectorId())
                .name("renamed").requireEncryption(false)).voiceConnector();

        assertThat(updated.name()).isEqualTo("renamed");
        assertThat(updated.requireEncryption()).isFalse();
        assertThat(updated.updatedTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(7)));
        assertThat(updated.createdTimestamp()).isEqualTo(START);
        assertThat(updated.toBuilder().name(c.name()).requireEncryption(c.requireEncryption())
                .updatedTimestamp(c.updatedTimestamp()).build()).as("everything else is unchanged").isEqualTo(c);
        assertThat(f.client.getVoiceConnector(r -> r.voiceConnectorId(c.voiceConnectorId())).voiceConnector())
                .isEqualTo(updated);
        assertThat(tags(c.voiceConnectorArn())).containsExactly(tag("a", "1"));
    }

    @Test
    void updateVoiceConnectorOnTheWire() throws Exception {
        String id = connector().voiceConnectorId();

        HttpResponse<String> response = f.raw("PUT", "/voice-connectors/" + id,
                "{\"Name\":\"wire\",\"RequireEncryption\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode connector = Json.MAPPER.readTree(response.body()).get("VoiceConnector");
        assertThat(connector.get("Name").asText()).isEqualTo("wire");
        assertThat(connector.get("UpdatedTimestamp").asText()).isEqualTo("2026-11-23T10:00:00.000Z");
    }

    @Test
    void updateOfAnUnknownConnectorIsNotFound() {
        assertThatThrownBy(() -> f.client.updateVoiceConnector(r -> r.voiceConnectorId("abcdefghij0123456789ab")
                .name("n").requireEncryption(true))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("abcdefghij0123456789ab");
    }

    @Test
    void tagsGoAwayWithTheirConnector() {
        String demo = f.emulator.seedDemoVoiceConnector();
        String arn = "arn:aws:chime:us-east-1:123456789012:vc/" + demo;
        f.client.tagResource(r -> r.resourceARN(arn).tags(tag("a", "1")));

        f.client.deleteVoiceConnector(r -> r.voiceConnectorId(demo));
        assertThatThrownBy(() -> tags(arn)).isInstanceOf(NotFoundException.class);

        f.emulator.seedDemoVoiceConnector();
        assertThat(tags(arn)).as("a new connector with the same id starts without tags").isEmpty();
    }

    @Test
    void tagsAndUpdatesSurviveRestartsWithAStateFile() {
        Path state = dir.resolve("state.json");
        f.close();
        f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state));
        VoiceConnector kept = connector(tag("a", "1"), tag("b", "2"));
        VoiceConnector deleted = connector(tag("gone", "yes"));
        f.client.tagResource(r -> r.resourceARN(kept.voiceConnectorArn()).tags(tag("c", "3"), tag("a", "one")));
        f.client.untagResource(r -> r.resourceARN(kept.voiceConnectorArn()).tagKeys("b"));
        f.client.updateVoiceConnector(r -> r.voiceConnectorId(kept.voiceConnectorId()).name("renamed")
                .requireEncryption(false));
        f.client.deleteVoiceConnector(r -> r.voiceConnectorId(deleted.voiceConnectorId()));

        // The first restart replays the journal; the second reads the snapshot that the first one wrote.
        for (int restart = 1; restart <= 2; restart++) {
            f.close();
            f = new EmulatorFixture(ChimeVoiceEmulator.builder().stateFile(state));
            assertThat(tags(kept.voiceConnectorArn())).as("restart " + restart)
                    .containsExactly(tag("a", "one"), tag("c", "3"));
            VoiceConnector c = f.client.getVoiceConnector(r -> r.voiceConnectorId(kept.voiceConnectorId()))
                    .voiceConnector();
            assertThat(c.name()).isEqualTo("renamed");
            assertThat(c.requireEncryption()).isFalse();
            assertThatThrownBy(() -> tags(deleted.voiceConnectorArn())).isInstanceOf(NotFoundException.class);
        }
    }
}
