package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A custom-resource request sent but not yet answered. Redelivered with the same RequestId by the next run: the
 * provider recognises a second delivery, so the resource is neither lost nor duplicated.
 *
 * @param event  the event without its ResponseURL, which is made afresh for each delivery
 * @param target the record the operation would change: the properties and policies of a Create or Update, the
 *               record itself for a Delete
 */
public record PendingOperation(String requestId, String requestType, String logicalId, JsonNode event,
                               ResourceRecord target) {
}
