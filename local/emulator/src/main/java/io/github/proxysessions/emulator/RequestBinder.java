package io.github.proxysessions.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.proxysessions.emulator.Router.Route;
import io.github.proxysessions.emulator.ServiceModel.MemberDef;
import io.github.proxysessions.emulator.ServiceModel.ShapeDef;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Binds a request to its operation's input, as the service model binds it: URI labels, query parameters and body
 * members into one structure, checked against the model's constraints ({@link InputValidator}), then read as the
 * operation's typed input ({@link Inputs}).
 */
final class RequestBinder {

    private final ServiceModel model;
    private final InputValidator validator;

    RequestBinder(ServiceModel model) {
        this.model = model;
        this.validator = new InputValidator(model);
    }

    /**
     * The typed input of the route's operation.
     *
     * @throws ApiException 400 when the body is not a JSON object, or the input breaks a constraint of the model
     */
    <I> I bind(Route route, Map<String, String> query, byte[] body, Class<I> type) {
        ShapeDef inputShape = model.shape(route.operation().inputShape());
        ObjectNode input = parseBody(inputShape, body);
        for (MemberDef member : inputShape.members().values()) {
            switch (member.location()) {
                case URI -> input.put(member.name(), route.labels().get(member.locationName()));
                case QUERY -> {
                    String value = query.get(member.locationName());
                    if (value != null) {
                        input.set(member.name(), queryValue(value, model.shape(member.shape())));
                    } else {
                        input.remove(member.name());
                    }
                }
                case BODY -> {
                }
            }
        }
        List<String> violations = validator.validate(route.operation().inputShape(), input);
        InputValidator.require(violations);
        try {
            return Json.WIRE.treeToValue(input, type);
        } catch (IOException e) {
            throw new IllegalStateException("input that the model accepts does not bind to " + type.getSimpleName(),
                    e);
        }
    }

    private static ObjectNode parseBody(ShapeDef inputShape, byte[] body) {
        boolean hasBodyMembers = inputShape.members().values().stream()
                .anyMatch(m -> m.location() == ServiceModel.Location.BODY);
        if (!hasBodyMembers || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode parsed = Json.readBody(body);
        if (parsed.isMissingNode()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!parsed.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object, was " + parsed.getNodeType());
        }
        return (ObjectNode) parsed;
    }

    private static JsonNode queryValue(String value, ShapeDef shape) {
        if (shape.type().equals("integer")) {
            try {
                return IntNode.valueOf(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                return TextNode.valueOf(value);  // reported by the validator as "must be an integer"
            }
        }
        return TextNode.valueOf(value);
    }
}
