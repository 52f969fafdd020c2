package io.github.proxysessions.emulator;

import java.util.List;
import java.util.Objects;

/**
 * The emulator's state, as immutable values; also the shape of its snapshot and journal. Times are epoch millis. The
 * members that every value has are checked when it is built, so that a snapshot or journal record that lacks one is
 * refused when it is read, with the member's name, rather than failing later.
 */
final class Records {

    private Records() {
    }

    /** {@code list}, which must exist and hold no null. */
    static <T> List<T> noNulls(List<T> list, String member) {
        Objects.requireNonNull(list, member + " must be a list");
        for (T element : list) {   // not contains(null): immutable lists refuse to look for null
            if (element == null) {
                throw new IllegalArgumentException(member + " must not hold null");
            }
        }
        return list;
    }

    record ConnectorRec(String id, long seq, String name, String awsRegion, boolean requireEncryption,
                        String networkType, String integrationType, long created, long updated) {
        ConnectorRec {
            Objects.requireNonNull(id, "a voice connector's id must not be null");
            Objects.requireNonNull(name, "a voice connector's name must not be null");
            Objects.requireNonNull(awsRegion, "a voice connector's awsRegion must not be null");
        }
    }

    /** A resource tag. */
    record TagRec(String key, String value) {
        TagRec {
            Objects.requireNonNull(key, "a tag's key must not be null");
            Objects.requireNonNull(value, "a tag's value must not be null");
        }
    }

    record ProxyRec(int defaultSessionExpiryMinutes, List<String> phoneNumberCountries, String fallBackPhoneNumber,
                    boolean disabled) {
        ProxyRec {
            noNulls(phoneNumberCountries, "phoneNumberCountries");
        }
    }

    record ParticipantRec(String phoneNumber, String proxyPhoneNumber) {
        ParticipantRec {
            Objects.requireNonNull(phoneNumber, "a participant's phoneNumber must not be null");
            Objects.requireNonNull(proxyPhoneNumber, "a participant's proxyPhoneNumber must not be null");
        }
    }

    /**
     * A proxy session. {@code endsAt} is when it closes: its creation plus ExpiryMinutes, or the moment of an update
     * that shortened ExpiryMinutes below the session's age.
     */
    record SessionRec(String connectorId, String id, long seq, String name, List<String> capabilities,
                      int expiryMinutes, long created, long updated, long endsAt, List<ParticipantRec> participants,
                      String numberSelectionBehavior, String geoMatchLevel, String geoCountry, String geoAreaCode,
                      boolean inProgress) {

        SessionRec {
            Objects.requireNonNull(connectorId, "a session's connectorId must not be null");
            Objects.requireNonNull(id, "a session's id must not be null");
            noNulls(capabilities, "capabilities");
            if (noNulls(participants, "participants").size() != 2) {
                throw new IllegalArgumentException("a session has two participants");
            }
        }

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
