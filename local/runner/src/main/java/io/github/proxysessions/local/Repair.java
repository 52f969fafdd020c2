package io.github.proxysessions.local;

import io.github.proxysessions.local.cfn.DamagedRecordException;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.local.cfn.StateStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.VoiceConnector;

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
 *   <li>the proxy sessions on the stack's voice connectors that no readable record owns are listed, and deleted:
 *       the damaged record may have owned them, and nothing can tell which logical resource each was, so the next
 *       deploy creates the stack's sessions anew;</li>
 *   <li>proxy configurations are left as they are: the next deploy declares them again.</li>
 * </ul>
 */
final class Repair {

    /**
     * What repair would do.
     *
     * @param stackIdFound whether {@code stackId} is the one the damaged file shows, or a new one
     * @param adopted      the connectors the stack declared that still exist, given back to it under their logical ids
     */
    record Plan(String stackName, Path file, String problem, String stackId, boolean stackIdFound,
                List<StatusReport.Orphan> sessions, List<String> configured, List<ResourceRecord> adopted) {
    }

    private Repair() {
    }

    /**
     * The plan for a stack, or null when its record reads fine.
     *
     * @throws UserError when the stack has no record at all
     */
    static Plan plan(StateStore store, ConnectorLog connectors, ChimeSdkVoiceClient client, String stackName) {
        if (!Files.exists(store.stackFile(stackName))) {
            throw new UserError("no record of stack " + stackName + " in " + store.directory());
        }
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
        String salvaged = salvageStackId(store, stackName);
        String stackId = salvaged != null ? salvaged : "arn:aws:cloudformation:" + LocalRunner.REGION + ":"
                + LocalRunner.ACCOUNT + ":stack/" + stackName + "/" + UUID.randomUUID();
        ServiceView service = new ServiceView(client);
        return new Plan(stackName, damage.file(), damage.problem(), stackId, salvaged != null,
                ConnectorSurvey.unownedSessions(service, used, ConnectorSurvey.Owners.of(readable)),
                ConnectorSurvey.configured(service, used), adoptable(client, connectors.declared(stackName)));
    }

    /**
     * The declared connectors that still exist, as records of the stack's resources with the properties last applied
     * to them: the next deploy compares the template with those, as if the record had never been damaged.
     */
    private static List<ResourceRecord> adoptable(ChimeSdkVoiceClient client,
                                                  Map<String, ConnectorLog.Declared> declared) {
        List<ResourceRecord> out = new ArrayList<>();
        declared.forEach((logicalId, d) -> {
            VoiceConnector c;
            try {
                c = client.getVoiceConnector(r -> r.voiceConnectorId(VoiceConnectorType.idOf(d.arn())))
                        .voiceConnector();
            } catch (NotFoundException gone) {
                return;
            }
            out.add(new ResourceRecord(logicalId, VoiceConnectorType.TYPE, d.arn(), d.properties(),
                    VoiceConnectorType.attributes(c, d.arn()), false, "Delete", "Delete", List.of()));
        });
        return out;
    }

    /** The stack id a damaged file still shows, or null. */
    static String salvageStackId(StateStore store, String stackName) {
        String text = new String(store.rawStackFile(stackName), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("arn:aws:cloudformation:[a-z0-9-]+:[0-9]{12}:stack/" + Pattern.quote(stackName)
                + "/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(text);
        return m.find() ? m.group() : null;
    }

    static void print(Plan plan, PrintWriter out) {
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
            out.println("  - delete no proxy session: none on the stack's voice connectors is unowned;");
        } else {
            out.println("  - delete these " + plan.sessions().size() + " proxy session(s) on the stack's voice "
                    + "connectors, which no readable record owns (the next deploy creates the stack's sessions "
                    + "anew):");
            plan.sessions().forEach(o -> out.println("      " + StatusCommand.describe(o)));
        }
        plan.configured().forEach(c -> out.println("  - leave the proxy configuration on " + c + " as it is;"));
        out.println("Then 'deploy' brings the stack back, or 'destroy' finds nothing left to delete.");
        out.flush();
    }

    /** Does what the plan says: deletes the sessions, then sets the file aside. */
    static Path execute(Plan plan, StateStore store, ChimeSdkVoiceClient client, PrintWriter out) {
        for (StatusReport.Orphan o : plan.sessions()) {
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
