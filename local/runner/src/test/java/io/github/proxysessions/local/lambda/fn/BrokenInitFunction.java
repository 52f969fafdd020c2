package io.github.proxysessions.local.lambda.fn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A test function whose constructor throws, as one whose configuration is missing would. */
public final class BrokenInitFunction implements RequestHandler<Map<String, Object>, String> {

    public BrokenInitFunction() {
        throw new IllegalStateException("no configuration for this function");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
