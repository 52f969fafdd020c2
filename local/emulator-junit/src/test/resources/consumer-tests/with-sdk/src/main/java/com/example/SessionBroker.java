package com.example;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/** The application's code under test: it opens proxy sessions between two customers on one voice connector. */
public final class SessionBroker {

    private final ChimeSdkVoiceClient chime;
    private final String voiceConnectorId;

    public SessionBroker(ChimeSdkVoiceClient chime, String voiceConnectorId) {
        this.chime = chime;
        this.voiceConnectorId = voiceConnectorId;
    }

    /** A client as production builds it: no endpoint given, so the SDK takes it from its settings. */
    public static ChimeSdkVoiceClient clientFromSdkSettings(AwsCredentialsProvider credentials) {
        return ChimeSdkVoiceClient.builder().region(Region.US_EAST_1).credentialsProvider(credentials).build();
    }

    public void configure(int defaultMinutes) {
        chime.putVoiceConnectorProxy(r -> r.voiceConnectorId(voiceConnectorId)
                .defaultSessionExpiryMinutes(defaultMinutes).phoneNumberPoolCountries("US"));
    }

    /** Opens a session for two customers; returns its id. */
    public String open(String customer, String agent, int minutes) {
        return chime.createProxySession(r -> r.voiceConnectorId(voiceConnectorId)
                .participantPhoneNumbers(customer, agent).capabilitiesWithStrings("Voice", "SMS")
                .expiryMinutes(minutes)).proxySession().proxySessionId();
    }

    /** Open, InProgress or Closed. */
    public String status(String sessionId) {
        return chime.getProxySession(r -> r.voiceConnectorId(voiceConnectorId).proxySessionId(sessionId))
                .proxySession().statusAsString();
    }
}
