package io.github.proxysessions.emulator;

import java.util.List;

/** The emulator's state, as immutable values; also the shape of its snapshot and journal. Times are epoch millis. */
final class Records {

    private Records() {
    }

    record ConnectorRec(String id, long seq, String name, String awsRegion, boolean requireEncryption,
                        String networkType, String integrationType, long created, long updated) {
    }

    /** A resource tag. */
    record TagRec(String key, String value) {
    }

    record ProxyRec(int defaultSessionExpiryMinutes, List<String> phoneNumberCountries, String fallBackPhoneNumber,
                    boolean disabled) {
    }

    record ParticipantRec(String phoneNumber, String proxyPhoneNumber) {
    }

    /**
     * A proxy session. {@code endsAt} is when it closes: its creation plus ExpiryMinutes, or the moment of an update
     * that shortened ExpiryMinutes below the session's age.
     */
    record SessionRec(String connectorId, String id, long seq, String name, List<String> capabilities,
                      int expiryMinutes, long created, long updated, long endsAt, List<ParticipantRec> participants,
                      String numberSelectionBehavior, String geoMatchLevel, String geoCountry, String geoAreaCode,
                      boolean inProgress) {

        String status(long now) {
            if (now >= endsAt) {
                return "Closed";
            }
            return inProgress ? "InProgress" : "Open";
        }

        boolean active(long now) {
            return now < endsAt;
        }

        String proxyPhoneNumber() {
            return participants.get(0).proxyPhoneNumber();
        }
    }
}
