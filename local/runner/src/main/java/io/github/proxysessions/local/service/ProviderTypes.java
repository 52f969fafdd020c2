package io.github.proxysessions.local.service;

/** The custom resource types the provider serves, as templates name them. */
public final class ProviderTypes {

    /** A proxy session. */
    public static final String PROXY_SESSION = "Custom::ProxySession";
    /** A voice connector's proxy configuration. */
    public static final String PROXY_CONFIGURATION = "Custom::VoiceConnectorProxy";

    private ProviderTypes() {
    }
}
