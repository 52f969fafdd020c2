package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Inputs.GeoMatchParams;
import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.ProxyRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Records.TagRec;
import java.time.Instant;
import java.util.List;

/**
 * The output of each operation, as the service model's output shapes. The wire mapper writes members in upper camel
 * case and leaves out the absent ones (null), as the service does; timestamps are ISO-8601 strings.
 */
final class Outputs {

    private Outputs() {
    }

    record ProxySession(String voiceConnectorId, String proxySessionId, String name, String status,
                        int expiryMinutes, List<String> capabilities, String createdTimestamp,
                        String updatedTimestamp, String endedTimestamp, List<Participant> participants,
                        String numberSelectionBehavior, String geoMatchLevel, GeoMatchParams geoMatchParams) {
    }

    record Participant(String phoneNumber, String proxyPhoneNumber) {
    }

    record Proxy(int defaultSessionExpiryMinutes, boolean disabled, String fallBackPhoneNumber,
                 List<String> phoneNumberCountries) {
    }

    record VoiceConnector(String voiceConnectorId, String awsRegion, String name, String outboundHostName,
                          boolean requireEncryption, String createdTimestamp, String updatedTimestamp,
                          String voiceConnectorArn, String networkType, String integrationType) {
    }

    /** CreateProxySession, GetProxySession, UpdateProxySession. */
    record ProxySessionResult(ProxySession proxySession) {
    }

    record ProxySessionList(List<ProxySession> proxySessions, String nextToken) {
    }

    /** PutVoiceConnectorProxy, GetVoiceConnectorProxy. */
    record ProxyResult(Proxy proxy) {
    }

    /** CreateVoiceConnector, GetVoiceConnector, UpdateVoiceConnector. */
    record VoiceConnectorResult(VoiceConnector voiceConnector) {
    }

    record VoiceConnectorList(List<VoiceConnector> voiceConnectors, String nextToken) {
    }

    record TagList(List<TagRec> tags) {
    }

    /** A session as it reads at {@code now}: its status, and its end once it has closed. */
    static ProxySession session(SessionRec s, long now) {
        String status = s.status(now);
        return new ProxySession(s.connectorId(), s.id(), s.name(), status, s.expiryMinutes(), s.capabilities(),
                timestamp(s.created()), timestamp(s.updated()),
                status.equals("Closed") ? timestamp(s.endsAt()) : null,
                s.participants().stream().map(p -> new Participant(p.phoneNumber(), p.proxyPhoneNumber())).toList(),
                s.numberSelectionBehavior(), s.geoMatchLevel(),
                s.geoCountry() == null ? null : new GeoMatchParams(s.geoCountry(), s.geoAreaCode()));
    }

    static Proxy proxy(ProxyRec p) {
        return new Proxy(p.defaultSessionExpiryMinutes(), p.disabled(), p.fallBackPhoneNumber(),
                p.phoneNumberCountries());
    }

    static VoiceConnector connector(ConnectorRec c) {
        return new VoiceConnector(c.id(), c.awsRegion(), c.name(), c.id() + ".voiceconnector.chime.aws",
                c.requireEncryption(), timestamp(c.created()), timestamp(c.updated()), VoiceService.arn(c),
                c.networkType(), c.integrationType());
    }

    private static String timestamp(long epochMillis) {
        return Json.timestamp(Instant.ofEpochMilli(epochMillis));
    }
}
