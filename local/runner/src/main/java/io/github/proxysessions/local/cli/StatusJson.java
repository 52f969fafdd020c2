package io.github.proxysessions.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.proxysessions.local.ops.Drift;
import io.github.proxysessions.local.ops.StatusReport;
import io.github.proxysessions.local.service.ConnectorSurvey.Orphan;
import io.github.proxysessions.rules.Masking;
import java.util.Map;

/**
 * {@code status --json}: the report as one JSON document, its shape documented in docs/LOCAL-RUNNER.md. Field names
 * follow CloudFormation's drift API ({@code StackResourceDriftStatus}, {@code PropertyDifferences}, ...) in camel
 * case; phone numbers are masked as in the text.
 */
final class StatusJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    static String write(StatusReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("drifted", report.fails());
        ObjectNode summary = root.putObject("summary");
        report.driftCounts().forEach((status, n) -> summary.put(status.name(), n));
        summary.put("orphans", report.orphans().size());
        summary.put("orphansUnknown", report.orphansUnknown().size());
        summary.put("unreadableRecords", report.damaged().size());
        ArrayNode stacks = root.putArray("stacks");
        for (StatusReport.Stack s : report.stacks()) {
            ObjectNode stack = stacks.addObject();
            stack.put("stackName", s.name());
            stack.put("displayName", s.displayName());
            stack.put("stackStatus", s.status());
            stack.put("pendingRequests", s.pending());
            ArrayNode resources = stack.putArray("resources");
            s.resources().forEach(r -> resource(r, resources.addObject()));
            strings(stack.putObject("outputs"), s.outputs());
        }
        ArrayNode damaged = root.putArray("unreadableRecords");
        for (StatusReport.Damaged d : report.damaged()) {
            ObjectNode stack = damaged.addObject();
            stack.put("stackName", d.name());
            stack.put("file", d.file().toString());
            stack.put("problem", d.problem());
            d.configured().forEach(stack.putArray("configuredVoiceConnectors")::add);
            ArrayNode sessions = stack.putArray("unownedSessions");
            d.sessions().forEach(o -> orphan(o, sessions.addObject()));
        }
        ArrayNode orphans = root.putArray("orphans");
        report.orphans().forEach(o -> orphan(o, orphans.addObject()));
        ArrayNode unknown = root.putArray("orphansUnknown");
        report.orphansUnknown().forEach(u -> unknown.addObject().put("voiceConnectorId", u.voiceConnectorId())
                .put("reason", u.reason()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status as JSON", e);
        }
    }

    private static void resource(StatusReport.Resource r, ObjectNode out) {
        out.put("logicalResourceId", r.logicalId());
        out.put("resourceType", r.type());
        out.put("physicalResourceId", r.physicalId());
        out.put("leftover", r.leftover());
        Drift drift = r.drift();
        out.put("stackResourceDriftStatus", drift.status().name());
        if (drift.comparedId() != null) {
            out.put("currentPhysicalResourceId", drift.comparedId());
        }
        if (drift.note() != null) {
            out.put("note", drift.note());
        }
        ArrayNode differences = out.putArray("propertyDifferences");
        for (Drift.Difference d : drift.differences()) {
            ObjectNode difference = differences.addObject();
            difference.put("propertyPath", d.property());
            difference.put("expectedValue", d.expected());
            difference.put("actualValue", d.actual());
            difference.put("differenceType", d.type().name());
            if (d.detail() != null) {
                difference.put("detail", d.detail());
            }
        }
        if (r.serviceStatus() != null) {
            out.put("service", r.serviceStatus());
        }
        ObjectNode attributes = out.putObject("attributes");
        r.data().forEach((k, v) -> {
            if (!k.equals("CodePath")) {
                attributes.put(k, StatusCommand.shown(v));
            }
        });
    }

    private static void orphan(Orphan o, ObjectNode out) {
        out.put("voiceConnectorId", o.voiceConnectorId());
        out.put("proxySessionId", o.proxySessionId());
        out.put("name", Masking.maskPhoneNumbersIn(o.name()));
        out.put("status", o.status());
    }

    private static void strings(ObjectNode out, Map<String, String> values) {
        values.forEach((k, v) -> out.put(k, StatusCommand.shown(v)));
    }
}
