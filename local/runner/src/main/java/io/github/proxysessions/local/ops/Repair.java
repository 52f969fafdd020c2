package io.github.proxysessions.local.ops;

import io.github.proxysessions.local.cfn.DamagedRecordException;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackContext;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import io.github.proxysessions.local.service.ConnectorLog;
import io.github.proxysessions.local.service.ConnectorSurvey;
import io.github.proxysessions.local.service.ConnectorSurvey.Orphan;
import io.github.proxysessions.local.service.ServiceView;
import io.github.proxysessions.local.service.VoiceConnectorType;
import io.github.proxysessions.rules.ProxySessionLineage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;

/**
 * The way out of a stack record that cannot be read, planned first, then done on confirmation. It loses nothing the
 * service holds without saying so:
 *
 * <ul>
 *   <li>the damaged file is set aside, unchanged, as {@code NAME.json.damaged-<UTC time>};</li>
 *   <li>a new record keeps the stack's id when the damaged file still shows it, so that the stack's provider
 *       recognises what it wrote (its proxy configuration's ownership is built from the stack id);</li>
 *   <li>the voice connectors the stack declared ({@code AWS::Chime::VoiceConnector}) that still exist are given back
 *       to it in that record, so that the next deploy updates them rather than making others;</li>
 *   <li>the proxy sessions on the stack's voice connectors that the damaged file names (their ids, the sessions
 *       renewal made after them, and those of Creates it had under way) and that no readable record owns are
 *       listed, and deleted: nothing can tell which logical resource each was, so the next deploy creates the
 *       stack's sessions anew;</li>
 *   <li>the other sessions on those connectors that no readable record owns (made by hand, or by another state
 *       directory's runner on a shared connector or endpoint) are listed as left alone;</li>
 *   <li>proxy configurations are left as they are: the next deploy declares them again.</li>
 * </ul>
 */
public final class Repair {

    /**
     * What repair would do.
     *
     * @param stackIdFound whether {@code stackId} is the one the damaged file shows, or a new one
     * @param sessions     the sessions to delete: the damaged file names them, and no readable record owns them
     * @param leftAlone    the sessions on the stack's connectors that no readable record owns and the damaged file
     *                     does not name: not the stack's, as far as anything shows
     * @param adopted      the connectors the stack declared that still exist, given back to it under their logical ids
     */
    public record Plan(String stackName, Path file, String problem, String stackId, boolean stackIdFound,
                       List<Orphan> sessions, List<Orphan> leftAlone, List<String> configured,
                List<ResourceRecord> adopted) {
    }

    private Repair() {
    }

    /**
     * The plan for a stack whose record exists, or null when it reads fine.
     *
     * @param newStackId the id of the new record when the damaged file does not show the stack's own
     */
    public static Plan plan(StateStore store, ConnectorLog connectors, ChimeSdkVoiceClient client, String stackName,
                            String newStackId) {
        DamagedRecordException damage;
        try {
            store.load(stackName);
            return null;
        } catch (DamagedRecordException e) {
            damage = e;
        }
        List<StackRecord> readable = new ArrayList<>();
        for (StateStore.Stored stored : store.scan()) {
            if (stored instanceof StateStore.Readable r) {
                readable.add(r.record());
            }
        }
        Set<String> used = connectors.connectors(stackName);
        Salvage salvage = new Salvage(new String(store.rawStackFile(stackName), StandardCharsets.UTF_8), stackName);
        String salvaged = salvage.stackId();
        String stackId = salvaged != null ? salvaged : newStackId;
        ServiceView service = new ServiceView(client);
        List<Orphan> named = new ArrayList<>();
        List<Orphan> leftAlone = new ArrayList<>();
        for (Orphan o : ConnectorSurvey.unownedSessions(service, used,
                ConnectorSurvey.Owners.of(readable))) {
            (salvage.names(o) ? named : leftAlone).add(o);
        }
        return new Plan(stackName, damage.file(), damage.problem(), stackId, salvaged != null, named, leftAlone,
                ConnectorSurvey.configured(service, used), adoptable(service, connectors.declared(stackName)));
    }

    /**
     * What a damaged record's bytes still show, read as text whatever the damage (cut short, edited by hand): the
     * stack's id, and which proxy sessions were the stack's.
     */
    static final class Salvage {

        private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.){1,1024})\"");

        private final String stackId;
        /** Every JSON string in the text: a session id among them is the stack's. */
        private final Set<String> strings = new HashSet<>();
        /** The recorded physical ids: the first generation of every lineage renewal may have continued. */
        private final Set<String> physicalIds;
        /** The request tags of every Create the record may have had under way. */
        private final Set<String> requestTags = new HashSet<>();

        Salvage(String text, String stackName) {
            this.stackId = StackContext.findStackId(text, stackName).orElse(null);
            Matcher m = STRING.matcher(text);
            while (m.find()) {
                strings.add(m.group(1));
            }
            this.physicalIds = values(text, "physicalId", "PhysicalResourceId");
            if (stackId != null) {
                Set<String> requestIds = values(text, "requestId", "RequestId");
                for (String logicalId : values(text, "logicalId", "LogicalResourceId")) {
                    requestIds.forEach(r -> requestTags.add(ProxySessionLineage.requestTag(stackId, logicalId, r)));
                }
            }
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
        out.println("The record of stack " + plan.stackName() + " cannot be read: " + plan.file() + ": "
                + plan.problem());
        out.println("repair will:");
        out.println("  - set the file aside, unchanged, as " + plan.file().getFileName() + ".damaged-<UTC time>;");
        if (plan.stackIdFound()) {
            out.println("  - start a new record of " + plan.stackName() + " with its stack id, found in the file ("
                    + plan.stackId() + "), so that its provider still recognises what it wrote;");
        } else {
            out.println("  - start a new record of " + plan.stackName() + " with a new stack id: the file does not "
                    + "show the old one (a proxy configuration the stack wrote may then have to be taken over with "
                    + "TakeOver);");
        }
        plan.adopted().forEach(r -> out.println("  - give the voice connector it declared as " + r.logicalId() + " ("
                + r.physicalId() + ") back to it, so that deploy updates it rather than making another;"));
        if (plan.sessions().isEmpty()) {
            out.println("  - delete no proxy session: the file names none that no readable record owns;");
        } else {
            out.println("  - delete these " + plan.sessions().size() + " proxy session(s) on the stack's voice "
                    + "connectors, which the file names and no readable record owns (the next deploy creates the "
                    + "stack's sessions anew):");
            plan.sessions().forEach(o -> out.println("      " + o.describe()));
        }
        if (!plan.leftAlone().isEmpty()) {
            out.println("  - leave these " + plan.leftAlone().size() + " proxy session(s) alone: no readable record "
                    + "owns them, but the file does not name them (made by hand, or by another state directory's "
                    + "runner):");
            plan.leftAlone().forEach(o -> out.println("      " + o.describe()));
        }
        plan.configured().forEach(c -> out.println("  - leave the proxy configuration on " + c + " as it is;"));
        out.println("Then 'deploy' brings the stack back, or 'destroy' finds nothing left to delete.");
        out.flush();
    }

    /** Does what the plan says: deletes the sessions, then sets the file aside. */
    public static Path execute(Plan plan, StateStore store, ChimeSdkVoiceClient client, PrintWriter out) {
        for (Orphan o : plan.sessions()) {
            try {
                client.deleteProxySession(r -> r.voiceConnectorId(o.voiceConnectorId())
                        .proxySessionId(o.proxySessionId()));
                out.println("deleted proxy session " + o.proxySessionId());
            } catch (NotFoundException gone) {
                out.println("proxy session " + o.proxySessionId() + " was already gone");
            }
        }
        Path aside = store.setAside(plan.stackName(), plan.stackId(), plan.adopted());
        out.println("set " + plan.file().getFileName() + " aside as " + aside.getFileName());
        out.flush();
        return aside;
    }
}
