package io.github.proxysessions.local.ops;

import io.github.proxysessions.local.cfn.DamagedRecordException;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackContext;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import io.github.proxysessions.local.service.ConnectorLog;
import io.github.proxysessions.local.service.ConnectorSurvey;
import io.github.proxysessions.local.service.ConnectorSurvey.Orphan;
import io.github.proxysessions.local.service.ProviderTypes;
import io.github.proxysessions.local.service.ServiceView;
import io.github.proxysessions.local.service.SessionLineages;
import io.github.proxysessions.local.service.VoiceConnectorType;
import io.github.proxysessions.rules.ProxySessionLineage;
import io.github.proxysessions.rules.VoiceConnectorProxyRules;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

/**
 * The way out of a stack record that cannot be read (cut short, emptied, not JSON) or is gone, planned first, then
 * done on confirmation, so that afterwards {@code deploy} brings the stack back, or {@code destroy} leaves nothing of
 * it in the service. Besides the damaged bytes, it reads what the runner keeps elsewhere: the voice connectors the
 * stack used and declared ({@code connectors.json}), the provider's token at the end of the sessions' names, and the
 * owner tag the provider puts on a connector whose proxy configuration a stack manages.
 *
 * <ul>
 *   <li>the damaged file is set aside, unchanged, as {@code NAME.json.damaged-<UTC time>};</li>
 *   <li>a new record keeps the stack's id when the damaged file still shows it, so that the stack's provider
 *       recognises what it wrote; otherwise the stack gets a new id;</li>
 *   <li>the voice connectors the stack declared ({@code AWS::Chime::VoiceConnector}) that still exist are given back
 *       to it in that record: the next deploy updates them, and destroy deletes them;</li>
 *   <li>the proxy sessions on the stack's connectors that no readable record owns are deleted when they were the
 *       stack's as far as anything shows: the damaged file names them (their ids, the sessions renewal made after
 *       them, those of Creates it had under way), or the provider made them (their names end with its token) on a
 *       connector no other stack whose record cannot be read used. Nothing can tell which logical resource each was,
 *       so the next deploy makes the stack's sessions anew. Any other session there (made by hand, or by a stack
 *       of another state directory on a shared connector or endpoint) is listed as left alone;</li>
 *   <li>the proxy configurations whose owner tag names the stack are deleted, with the tag, unless a readable
 *       record's resources are on the connector: the next deploy declares them again (with a new stack id, the old
 *       owner tag would otherwise refuse it).</li>
 * </ul>
 */
public final class Repair {

    /**
     * What repair would do.
     *
     * @param file           the record's file; it does not exist when the record is gone
     * @param stackIdFound   whether {@code stackId} is the one the damaged file shows, or a new one
     * @param sessions       the sessions to delete, each with why it is the stack's
     * @param leftAlone      the sessions on the stack's connectors that no readable record owns and that are not the
     *                       stack's as far as anything shows
     * @param configurations the connectors whose proxy configuration (and owner tag) are deleted
     * @param configuredLeft the other connectors of the stack with a proxy configuration, each with why it stays
     * @param adopted        the connectors the stack declared that still exist, given back to it under their logical
     *                       ids
     */
    public record Plan(String stackName, Path file, String problem, String stackId, boolean stackIdFound,
                       List<Claimed> sessions, List<Orphan> leftAlone, List<Configuration> configurations,
                       List<Configuration> configuredLeft, List<ResourceRecord> adopted) {
    }

    /** A session repair deletes, and why it is the stack's. */
    public record Claimed(Orphan session, String why) {
    }

    /** A connector's proxy configuration, and whose it is (or why it stays). */
    public record Configuration(String voiceConnectorId, String arn, String note) {
    }

    private Repair() {
    }

    /**
     * The plan for a stack whose record cannot be read or is gone; null when it reads fine.
     *
     * @param newStackId the id of the new record when the damaged file does not show the stack's own
     */
    public static Plan plan(StateStore store, ConnectorLog connectors, ChimeSdkVoiceClient client, String stackName,
                            String newStackId) {
        Path file = store.stackFile(stackName);
        String problem;
        String text = "";
        if (Files.exists(file)) {
            try {
                store.load(stackName);
                return null;
            } catch (DamagedRecordException e) {
                problem = e.problem();
            }
            text = new String(store.rawStackFile(stackName), StandardCharsets.UTF_8);
        } else {
            problem = "the file is gone, while " + ConnectorLog.FILE_NAME + " still names the stack";
        }
        List<StackRecord> readable = new ArrayList<>();
        Set<String> unreadable = new HashSet<>(connectors.stacks());
        for (StateStore.Stored stored : store.scan()) {
            if (stored instanceof StateStore.Readable r) {
                readable.add(r.record());
                unreadable.remove(r.stackName());
            } else {
                unreadable.add(stored.stackName());
            }
        }
        unreadable.remove(stackName);
        Salvage salvage = new Salvage(text, stackName);
        Set<String> used = new LinkedHashSet<>(connectors.connectors(stackName));
        used.addAll(salvage.voiceConnectorIds());
        // A connector another stack whose record cannot be read used too: a session on it may be that stack's.
        Set<String> shared = new HashSet<>();
        unreadable.forEach(other -> shared.addAll(connectors.connectors(other)));
        String salvaged = salvage.stackId();
        String stackId = salvaged != null ? salvaged : newStackId;
        ServiceView service = new ServiceView(client);
        List<Claimed> claimed = new ArrayList<>();
        List<Orphan> leftAlone = new ArrayList<>();
        for (Orphan o : ConnectorSurvey.unownedSessions(service, used, ConnectorSurvey.Owners.of(readable))) {
            if (salvage.names(o)) {
                claimed.add(new Claimed(o, "the damaged file names it"));
            } else if (SessionLineages.providerMade(o.name()) && !shared.contains(o.voiceConnectorId())) {
                claimed.add(new Claimed(o, "the provider made it, on a connector no other unreadable stack used"));
            } else {
                leftAlone.add(o);
            }
        }
        List<Configuration> deleted = new ArrayList<>();
        List<Configuration> kept = new ArrayList<>();
        for (String connector : used) {
            if (service.proxy(connector).isEmpty()) {
                continue;
            }
            String arn = service.connector(connector).map(VoiceConnector::voiceConnectorArn).orElse(null);
            String owner = arn == null ? null : service.tags(arn).get(VoiceConnectorProxyRules.OWNER_TAG_KEY);
            List<String> users = readable.stream().filter(r -> holdsOn(r, connector)).map(StackRecord::stackName)
                    .toList();
            if (owner == null || !stackName.equals(ProviderTypes.ownerStackName(owner))) {
                kept.add(new Configuration(connector, arn, owner == null ? "it has no owner tag"
                        : "its owner tag names " + owner));
            } else if (!users.isEmpty()) {
                kept.add(new Configuration(connector, arn, "its owner tag names the stack, but the resources of "
                        + String.join(", ", users) + " are on the connector"));
            } else {
                deleted.add(new Configuration(connector, arn, "its owner tag names the stack (" + owner + ")"));
            }
        }
        return new Plan(stackName, file, problem, stackId, salvaged != null, claimed, leftAlone, deleted, kept,
                adoptable(service, connectors.declared(stackName)));
    }

    /** True when a record holds a resource on the connector: one that names it, or the connector itself. */
    private static boolean holdsOn(StackRecord record, String voiceConnectorId) {
        return record.resources().stream().anyMatch(r ->
                voiceConnectorId.equals(r.properties().path("VoiceConnectorId").asText())
                        || r.type().equals(VoiceConnectorType.TYPE)
                        && voiceConnectorId.equals(VoiceConnectorType.idOf(r.physicalId())));
    }

    /**
     * What a damaged record's bytes still show, read as text whatever the damage (cut short, edited by hand): the
     * stack's id, and which proxy sessions were the stack's.
     */
    static final class Salvage {

        private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.){1,1024})\"");
        private static final Pattern VOICE_CONNECTOR_ARN = Pattern.compile(":vc/([a-z0-9-]{21,36})\"");

        private final String stackId;
        /** Every JSON string in the text: a session id among them is the stack's. */
        private final Set<String> strings = new HashSet<>();
        /** The recorded physical ids: the first generation of every lineage renewal may have continued. */
        private final Set<String> physicalIds;
        /** The request tags of every Create the record may have had under way. */
        private final Set<String> requestTags = new HashSet<>();
        /** The voice connectors the text names: as properties, and in connectors' ARNs. */
        private final Set<String> voiceConnectorIds = new LinkedHashSet<>();

        Salvage(String text, String stackName) {
            this.stackId = StackContext.findStackId(text, stackName).orElse(null);
            Matcher m = STRING.matcher(text);
            while (m.find()) {
                strings.add(m.group(1));
            }
            this.physicalIds = values(text, "physicalId", "PhysicalResourceId");
            voiceConnectorIds.addAll(values(text, "VoiceConnectorId"));
            Matcher arn = VOICE_CONNECTOR_ARN.matcher(text);
            while (arn.find()) {
                voiceConnectorIds.add(arn.group(1));
            }
            if (stackId != null) {
                Set<String> requestIds = values(text, "requestId", "RequestId");
                for (String logicalId : values(text, "logicalId", "LogicalResourceId")) {
                    requestIds.forEach(r -> requestTags.add(ProxySessionLineage.requestTag(stackId, logicalId, r)));
                }
            }
        }

        /** The voice connectors the text names. */
        Set<String> voiceConnectorIds() {
            return voiceConnectorIds;
        }

        /** The stack id the text shows, or null. */
        String stackId() {
            return stackId;
        }

        /**
         * True when the text names the session: its id, as a generation renewal made after a recorded session (its
         * Name's lineage token), or as made by a recorded Create request (its Name's request tag).
         */
        boolean names(Orphan session) {
            if (strings.contains(session.proxySessionId())) {
                return true;
            }
            String token = ProxySessionLineage.lastToken(session.name());
            return token != null && (requestTags.contains(token) || physicalIds.stream().anyMatch(p0 ->
                    ProxySessionLineage.of(session.voiceConnectorId(), p0).contains(session.proxySessionId(),
                            session.name())));
        }

        /** The string values of these keys, wherever they are in the text. */
        private static Set<String> values(String text, String... keys) {
            Set<String> out = new HashSet<>();
            for (String key : keys) {
                Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"\\\\]{1,1024})\"").matcher(text);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
            return out;
        }
    }

    /**
     * The declared connectors that still exist, as records of the stack's resources with the properties last applied
     * to them and the user's DeletionPolicy, UpdateReplacePolicy and dependencies: the next deploy compares the
     * template with those, and a destroy keeps a retained one, as if the record had never been damaged.
     */
    private static List<ResourceRecord> adoptable(ServiceView service, Map<String, ConnectorLog.Declared> declared) {
        List<ResourceRecord> out = new ArrayList<>();
        declared.forEach((logicalId, d) -> service.connector(VoiceConnectorType.idOf(d.arn())).ifPresent(c ->
                out.add(new ResourceRecord(logicalId, VoiceConnectorType.TYPE, d.arn(), d.properties(),
                        VoiceConnectorType.attributes(c, d.arn()), false, d.deletionPolicy(),
                        d.updateReplacePolicy(), d.dependencies()))));
        return out;
    }

    public static void print(Plan plan, PrintWriter out) {
        boolean gone = !Files.exists(plan.file());
        out.println("The record of stack " + plan.stackName() + (gone ? " is gone: " + plan.file() + ": "
                : " cannot be read: " + plan.file() + ": ") + plan.problem());
        out.println("repair will:");
        if (!gone) {
            out.println("  - set the file aside, unchanged, as " + plan.file().getFileName()
                    + ".damaged-<UTC time>;");
        }
        if (plan.stackIdFound()) {
            out.println("  - start a new record of " + plan.stackName() + " with its stack id, found in the file ("
                    + plan.stackId() + "), so that its provider still recognises what it wrote;");
        } else if (!gone || !plan.adopted().isEmpty()) {
            out.println("  - start a new record of " + plan.stackName() + " with a new stack id: the file does not "
                    + "show the old one;");
        }
        plan.adopted().forEach(r -> out.println("  - give the voice connector it declared as " + r.logicalId() + " ("
                + r.physicalId() + ") back to it, so that deploy updates it rather than making another, and destroy "
                + "deletes it;"));
        if (plan.sessions().isEmpty()) {
            out.println("  - delete no proxy session: nothing shows that a session no readable record owns was the "
                    + "stack's;");
        } else {
            out.println("  - delete these " + plan.sessions().size() + " proxy session(s) on the stack's voice "
                    + "connectors, which no readable record owns (the next deploy makes the stack's sessions anew):");
            plan.sessions().forEach(c -> out.println("      " + c.session().describe() + ": " + c.why()));
        }
        plan.configurations().forEach(c -> out.println("  - delete the proxy configuration on " + c.voiceConnectorId()
                + " and its owner tag: " + c.note() + " (the next deploy declares it again);"));
        if (!plan.leftAlone().isEmpty()) {
            out.println("  - leave these " + plan.leftAlone().size() + " proxy session(s) alone: no readable record "
                    + "owns them, but nothing shows they were the stack's (made by hand, by another stack whose "
                    + "record cannot be read, or by another state directory's runner):");
            plan.leftAlone().forEach(o -> out.println("      " + o.describe()));
        }
        plan.configuredLeft().forEach(c -> out.println("  - leave the proxy configuration on " + c.voiceConnectorId()
                + " as it is: " + c.note() + ";"));
        out.println("Then 'deploy' brings the stack back; or 'destroy' "
                + (plan.adopted().isEmpty() ? "has nothing of it left to delete"
                        : "deletes the " + plan.adopted().size() + " voice connector(s) given back to it")
                + (plan.leftAlone().isEmpty() && plan.configuredLeft().isEmpty() ? ", and the service holds nothing "
                        + "of the stack." : ": what is left alone above stays."));
        out.flush();
    }

    /**
     * Does what the plan says: deletes the sessions, then the configurations, then sets the file aside (or, for a
     * record that is gone, starts a new one when connectors are given back).
     *
     * @return where the damaged file was set aside, or null when there was none
     */
    public static Path execute(Plan plan, StateStore store, ChimeSdkVoiceClient client, PrintWriter out) {
        for (Claimed c : plan.sessions()) {
            Orphan o = c.session();
            try {
                client.deleteProxySession(r -> r.voiceConnectorId(o.voiceConnectorId())
                        .proxySessionId(o.proxySessionId()));
                out.println("deleted proxy session " + o.proxySessionId());
            } catch (NotFoundException gone) {
                out.println("proxy session " + o.proxySessionId() + " was already gone");
            }
        }
        for (Configuration c : plan.configurations()) {
            try {
                client.deleteVoiceConnectorProxy(r -> r.voiceConnectorId(c.voiceConnectorId()));
            } catch (NotFoundException gone) {
                // already gone: only the tag is left to remove
            }
            client.untagResource(r -> r.resourceARN(c.arn()).tagKeys(VoiceConnectorProxyRules.OWNER_TAG_KEY));
            out.println("deleted the proxy configuration on " + c.voiceConnectorId() + " and its owner tag");
        }
        if (!Files.exists(plan.file())) {
            if (!plan.adopted().isEmpty()) {
                store.restart(plan.stackName(), plan.stackId(), plan.adopted());
                out.println("started a new record of " + plan.stackName());
            }
            out.flush();
            return null;
        }
        Path aside = store.setAside(plan.stackName(), plan.stackId(), plan.adopted());
        out.println("set " + plan.file().getFileName() + " aside as " + aside.getFileName());
        out.flush();
        return aside;
    }
}
