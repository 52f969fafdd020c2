package io.github.proxysessions.local.service;

import io.github.proxysessions.local.cfn.ReplacementRule;
import io.github.proxysessions.rules.ProxySessionRules;
import io.github.proxysessions.rules.VoiceConnectorProxyRules;
import java.util.Map;

/**
 * The custom resource types the provider serves, as templates name them, and how the provider decides on their
 * replacement: the {@code rules} module's rules, which the handler applies.
 */
public final class ProviderTypes {

    /** A proxy session. */
    public static final String PROXY_SESSION = "Custom::ProxySession";
    /** A voice connector's proxy configuration. */
    public static final String PROXY_CONFIGURATION = "Custom::VoiceConnectorProxy";

    private ProviderTypes() {
    }

    /** The stack an owner tag's value names (what precedes its first '/'), or null when it names none. */
    public static String ownerStackName(String ownerTagValue) {
        int slash = ownerTagValue == null ? -1 : ownerTagValue.indexOf('/');
        return slash <= 0 ? null : ownerTagValue.substring(0, slash);
    }

    /** By type, the rule the provider replaces a resource by, for predicting it before a deploy. */
    public static Map<String, ReplacementRule> replacementRules() {
        return Map.of(
                PROXY_SESSION, (physicalId, current, next) -> ProxySessionRules.replacingChanges(current, next),
                PROXY_CONFIGURATION, (physicalId, current, next) ->
                        VoiceConnectorProxyRules.replacingChanges(physicalId, next));
    }
}
