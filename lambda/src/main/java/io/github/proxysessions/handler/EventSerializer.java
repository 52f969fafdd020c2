package io.github.proxysessions.handler;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Reads the CloudFormation event for the Lambda Java runtime (registered in
 * {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer}).
 *
 * <p>The runtime's built-in serializer for {@code aws-lambda-java-events} classes loads Joda-Time from the function's
 * jar, for every event class, even this one, which has no dates: 640 KB that the jar would otherwise carry for
 * nothing. This serializer binds the event's members ({@code ResponseURL}, {@code StackId}, ...) to the event class's
 * properties case-insensitively, as the built-in one does.
 */
public final class EventSerializer implements CustomPojoSerializer {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Override
    public <T> T fromJson(InputStream input, Type type) {
        try {
            return MAPPER.readValue(input, MAPPER.constructType(type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event as " + type.getTypeName(), e);
        }
    }

    @Override
    public <T> T fromJson(String input, Type type) {
        try {
            return MAPPER.readValue(input, MAPPER.constructType(type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event as " + type.getTypeName(), e);
        }
    }

    @Override
    public <T> void toJson(T value, OutputStream output, Type type) {
        try {
            MAPPER.writeValue(output, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the function's result", e);
        }
    }
}
