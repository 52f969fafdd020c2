package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Records.TagRec;
import java.util.List;

/**
 * The input of each operation, as the service model's input shape with its URI, query and body members in one record.
 * {@link RequestBinder} builds them from a request that the model's constraints have accepted, so the types hold (a
 * member the model requires is never null here; an optional one is null when absent). Members are named as in the
 * model, in lower camel case (the wire mapper turns {@code participantPhoneNumbers} into
 * {@code ParticipantPhoneNumbers}).
 */
final class Inputs {

    private Inputs() {
    }

    record CreateProxySession(String voiceConnectorId, List<String> participantPhoneNumbers, String name,
                              Integer expiryMinutes, List<String> capabilities, String numberSelectionBehavior,
                              String geoMatchLevel, GeoMatchParams geoMatchParams) {
    }

    record GeoMatchParams(String country, String areaCode) {
    }

    record UpdateProxySession(String voiceConnectorId, String proxySessionId, List<String> capabilities,
                              Integer expiryMinutes) {
    }

    /** GetProxySession and DeleteProxySession. */
    record ProxySessionRef(String voiceConnectorId, String proxySessionId) {
    }

    record ListProxySessions(String voiceConnectorId, String status, String nextToken, Integer maxResults) {
    }

    record PutVoiceConnectorProxy(String voiceConnectorId, int defaultSessionExpiryMinutes,
                                  List<String> phoneNumberPoolCountries, String fallBackPhoneNumber,
                                  Boolean disabled) {
    }

    /** Every operation that names only a voice connector: Get/DeleteVoiceConnector, Get/DeleteVoiceConnectorProxy. */
    record VoiceConnectorRef(String voiceConnectorId) {
    }

    record CreateVoiceConnector(String name, String awsRegion, boolean requireEncryption, List<TagRec> tags,
                                String networkType, String integrationType) {
    }

    record UpdateVoiceConnector(String voiceConnectorId, String name, boolean requireEncryption) {
    }

    record ListVoiceConnectors(String nextToken, Integer maxResults) {
    }

    record TagResource(String resourceARN, List<TagRec> tags) {
    }

    record UntagResource(String resourceARN, List<String> tagKeys) {
    }

    record ListTagsForResource(String resourceARN) {
    }
}
