package io.github.proxysessions.emulator;

import io.github.proxysessions.emulator.Inputs.CreateProxySession;
import io.github.proxysessions.emulator.Inputs.CreateVoiceConnector;
import io.github.proxysessions.emulator.Inputs.ListProxySessions;
import io.github.proxysessions.emulator.Inputs.ListTagsForResource;
import io.github.proxysessions.emulator.Inputs.ListVoiceConnectors;
import io.github.proxysessions.emulator.Inputs.ProxySessionRef;
import io.github.proxysessions.emulator.Inputs.PutVoiceConnectorProxy;
import io.github.proxysessions.emulator.Inputs.TagResource;
import io.github.proxysessions.emulator.Inputs.UntagResource;
import io.github.proxysessions.emulator.Inputs.UpdateProxySession;
import io.github.proxysessions.emulator.Inputs.UpdateVoiceConnector;
import io.github.proxysessions.emulator.Inputs.VoiceConnectorRef;
import io.github.proxysessions.emulator.Outputs.ProxyResult;
import io.github.proxysessions.emulator.Outputs.ProxySessionList;
import io.github.proxysessions.emulator.Outputs.ProxySessionResult;
import io.github.proxysessions.emulator.Outputs.TagList;
import io.github.proxysessions.emulator.Outputs.VoiceConnectorList;
import io.github.proxysessions.emulator.Outputs.VoiceConnectorResult;
import io.github.proxysessions.emulator.Pages.Page;
import io.github.proxysessions.emulator.Records.ConnectorRec;
import io.github.proxysessions.emulator.Records.SessionRec;
import io.github.proxysessions.emulator.Router.Route;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every operation of the service model, each with its typed input, the service's own rules for it, and what it does.
 * Building it fails unless the model's operations and these are the same set.
 */
final class Operations {

    /**
     * One operation.
     *
     * @param input the record its request binds to
     * @param rules the rules of the service that the model does not state ({@link ServiceRules})
     * @param call  what it does; returns the output to send, or null for an empty body
     */
    private record Operation<I>(Class<I> input, Function<I, List<String>> rules, Function<I, Object> call) {
    }

    private final RequestBinder binder;
    private final Map<String, Operation<?>> byName = new HashMap<>();

    Operations(ServiceModel model, VoiceService service) {
        this.binder = new RequestBinder(model);
        add("CreateProxySession", CreateProxySession.class, ServiceRules::createProxySession,
                in -> new ProxySessionResult(Outputs.session(service.createProxySession(in), service.now())));
        add("GetProxySession", ProxySessionRef.class, ServiceRules::none, in -> new ProxySessionResult(
                Outputs.session(service.getProxySession(in.voiceConnectorId(), in.proxySessionId()), service.now())));
        add("UpdateProxySession", UpdateProxySession.class, ServiceRules::updateProxySession,
                in -> new ProxySessionResult(Outputs.session(service.updateProxySession(in), service.now())));
        add("DeleteProxySession", ProxySessionRef.class, ServiceRules::none, in -> {
            service.deleteProxySession(in.voiceConnectorId(), in.proxySessionId());
            return null;
        });
        add("ListProxySessions", ListProxySessions.class, ServiceRules::none, in -> {
            Page<SessionRec> page = service.listProxySessions(in);
            long now = service.now();
            return new ProxySessionList(page.items().stream().map(s -> Outputs.session(s, now)).toList(),
                    page.nextToken());
        });
        add("PutVoiceConnectorProxy", PutVoiceConnectorProxy.class, ServiceRules::putVoiceConnectorProxy,
                in -> new ProxyResult(Outputs.proxy(service.putVoiceConnectorProxy(in))));
        add("GetVoiceConnectorProxy", VoiceConnectorRef.class, ServiceRules::none,
                in -> new ProxyResult(Outputs.proxy(service.getVoiceConnectorProxy(in.voiceConnectorId()))));
        add("DeleteVoiceConnectorProxy", VoiceConnectorRef.class, ServiceRules::none, in -> {
            service.deleteVoiceConnectorProxy(in.voiceConnectorId());
            return null;
        });
        add("CreateVoiceConnector", CreateVoiceConnector.class, ServiceRules::createVoiceConnector,
                in -> new VoiceConnectorResult(Outputs.connector(service.createVoiceConnector(in))));
        add("GetVoiceConnector", VoiceConnectorRef.class, ServiceRules::none,
                in -> new VoiceConnectorResult(Outputs.connector(service.getVoiceConnector(in.voiceConnectorId()))));
        add("UpdateVoiceConnector", UpdateVoiceConnector.class, ServiceRules::none,
                in -> new VoiceConnectorResult(Outputs.connector(service.updateVoiceConnector(in))));
        add("DeleteVoiceConnector", VoiceConnectorRef.class, ServiceRules::none, in -> {
            service.deleteVoiceConnector(in.voiceConnectorId());
            return null;
        });
        add("ListVoiceConnectors", ListVoiceConnectors.class, ServiceRules::none, in -> {
            Page<ConnectorRec> page = service.listVoiceConnectors(in);
            return new VoiceConnectorList(page.items().stream().map(Outputs::connector).toList(), page.nextToken());
        });
        add("TagResource", TagResource.class, ServiceRules::tagResource, in -> {
            service.tagResource(in);
            return null;
        });
        add("UntagResource", UntagResource.class, ServiceRules::untagResource, in -> {
            service.untagResource(in);
            return null;
        });
        add("ListTagsForResource", ListTagsForResource.class, ServiceRules::listTagsForResource,
                in -> new TagList(service.listTags(in.resourceARN())));
        if (!byName.keySet().equals(model.operations().keySet())) {
            TreeSet<String> missing = new TreeSet<>(model.operations().keySet());
            missing.removeAll(byName.keySet());
            TreeSet<String> extra = new TreeSet<>(byName.keySet());
            extra.removeAll(model.operations().keySet());
            throw new IllegalStateException("the operations served and the model's differ: not served " + missing
                    + ", not in the model " + extra);
        }
    }

    private <I> void add(String name, Class<I> input, Function<I, List<String>> rules, Function<I, Object> call) {
        byName.put(name, new Operation<>(input, rules, call));
    }

    /**
     * Binds the request to the route's operation and runs it; returns the output, or null for an empty body.
     *
     * @throws ApiException as the service answers: 400 for input it refuses, 404 for what does not exist, ...
     */
    Object invoke(Route route, Map<String, String> query, byte[] body) {
        return invoke(byName.get(route.operation().name()), route, query, body);
    }

    private <I> Object invoke(Operation<I> op, Route route, Map<String, String> query, byte[] body) {
        I input = binder.bind(route, query, body, op.input());
        List<String> violations = op.rules().apply(input);
        InputValidator.require(violations);
        return op.call().apply(input);
    }
}
