package io.github.proxysessions.cdk;

import software.amazon.awscdk.IResource;
import software.constructs.IDependable;

/**
 * A voice connector's proxy configuration, as sessions need it: the connector's id, and something to depend on so
 * that a session is created after the configuration and deleted before it. Implemented by {@link VoiceConnectorProxy}
 * (declared in the app) and by {@link VoiceConnectorProxy#fromVoiceConnectorId} (declared elsewhere).
 */
public interface IVoiceConnectorProxy extends IResource {

    /** The configured connector's id (not its ARN): a literal or a token. */
    String getVoiceConnectorId();

    /**
     * What a construct depends on to be created after the configuration exists, and deleted before it goes: the
     * configuration's custom resource when the app declares it; nothing (an empty group) for a configuration declared
     * elsewhere, whose life is not this app's to order.
     */
    IDependable getProxyConfigured();
}
