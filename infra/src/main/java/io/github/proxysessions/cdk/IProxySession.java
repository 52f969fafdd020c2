package io.github.proxysessions.cdk;

import software.amazon.awscdk.IResource;

/**
 * A proxy session: its id and attributes, each a token that CloudFormation resolves at deploy time (an
 * {@code Fn::GetAtt} of the session's custom resource). Implemented by {@link ProxySession}.
 */
public interface IProxySession extends IResource {

    /** The session's id, which is also the resource's physical id. */
    String getProxySessionId();

    /** {@code Open}, {@code InProgress} or {@code Closed}, as of the last create or update. */
    String getStatus();

    /**
     * The session's length in minutes (its own, or the connector's default): a number token, which
     * {@code Token.asString(...)} turns into a string token where one is needed.
     */
    Number getExpiryMinutes();

    /** When the session was created, ISO-8601. */
    String getCreatedTimestamp();

    /**
     * The proxy number a participant calls or texts to reach the other.
     *
     * @param participantIndex 0 or 1: the participant's position in {@code participantPhoneNumbers}
     * @throws IllegalArgumentException when {@code participantIndex} is neither 0 nor 1
     */
    String getProxyPhoneNumber(int participantIndex);

    /** The proxy number of the first participant. */
    String getFirstParticipantProxyPhoneNumber();

    /** The proxy number of the second participant. */
    String getSecondParticipantProxyPhoneNumber();
}
