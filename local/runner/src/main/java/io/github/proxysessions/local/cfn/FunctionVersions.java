package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's versions and aliases, as CloudFormation's {@code AWS::Lambda::Version} and {@code AWS::Lambda::Alias} make
 * them and as Lambda invokes them: publishing a version freezes the function's code and configuration under the next
 * version number; an alias names one version; invoking a qualified ARN runs what it names, not the function's
 * latest configuration.
 *
 * <p>A version's record keeps its frozen configuration ({@value #SNAPSHOT}) and code ({@link NoLocalMeaning#CODE_PATH}),
 * so an alias still runs the code it pointed at when the function has been updated since, as on Lambda.
 */
final class FunctionVersions {

    static final String FUNCTION = "AWS::Lambda::Function";
    static final String VERSION = "AWS::Lambda::Version";
    static final String ALIAS = "AWS::Lambda::Alias";

    /** The attribute of a version's record that holds the function's properties when it was published. */
    static final String SNAPSHOT = "FunctionConfiguration";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ARN = Pattern.compile(
            "(arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[a-zA-Z0-9_-]{1,64})(?::([a-zA-Z0-9_$-]{1,128}))?");

    private FunctionVersions() {
    }

    /** A function ARN, split: the unqualified ARN, and its qualifier or null. */
    record FunctionArn(String unqualified, String qualifier) {
        static Optional<FunctionArn> parse(String arn) {
            Matcher m = ARN.matcher(arn == null ? "" : arn);
            return m.matches() ? Optional.of(new FunctionArn(m.group(1), m.group(2))) : Optional.empty();
        }
    }

    /**
     * What invoking {@code arn} runs in {@code stack}: the function's latest configuration for its unqualified ARN or
     * {@code $LATEST}, a version's frozen one for a version's ARN, and the version an alias names for an alias's ARN.
     *
     * @throws IllegalStateException naming what is missing, when the ARN names nothing the stack defines
     */
    static Functions.Spec resolve(StackRecord stack, String arn) {
        FunctionArn parsed = FunctionArn.parse(arn).orElseThrow(() -> new IllegalStateException(arn
                + " is not a Lambda function ARN: the local runner invokes only functions its stacks define"));
        ResourceRecord function = recorded(stack, FUNCTION, parsed.unqualified());
        if (function == null) {
            throw new IllegalStateException(arn + " is not a Lambda function of stack " + stack.stackName()
                    + ": the local runner invokes only functions its stacks define");
        }
        String qualifier = parsed.qualifier();
        if (qualifier == null || qualifier.equals("$LATEST")) {
            return spec(arn, function, function.properties(), function.data().get(NoLocalMeaning.CODE_PATH),
                    "$LATEST");
        }
        String versionArn = arn;
        if (!qualifier.matches("[0-9]+")) {
            ResourceRecord alias = recorded(stack, ALIAS, arn);
            if (alias == null) {
                throw new IllegalStateException("function " + function.physicalId() + " has no alias " + qualifier
                        + " in stack " + stack.stackName());
            }
            String target = alias.properties().path("FunctionVersion").asText("");
            if (target.equals("$LATEST")) {
                return spec(arn, function, function.properties(), function.data().get(NoLocalMeaning.CODE_PATH),
                        "$LATEST");
            }
            versionArn = parsed.unqualified() + ":" + FunctionArn.parse(target).map(FunctionArn::qualifier)
                    .orElse(target);
        }
        ResourceRecord version = recorded(stack, VERSION, versionArn);
        if (version == null) {
            throw new IllegalStateException(versionArn + " is not a published version of function "
                    + function.physicalId() + " in stack " + stack.stackName());
        }
        JsonNode snapshot;
        try {
            snapshot = MAPPER.readTree(version.data().get(SNAPSHOT));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("the record of version " + versionArn + " holds no configuration", e);
        }
        return spec(arn, function, snapshot, version.data().get(NoLocalMeaning.CODE_PATH),
                version.data().get("Version"));
    }

    /** True when invoking {@code arn} runs something the stack defines. */
    static boolean isRecorded(StackRecord stack, String arn) {
        try {
            resolve(stack, arn);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Functions.Spec spec(String arn, ResourceRecord function, JsonNode p, String codePath,
                                       String version) {
        if (codePath == null) {
            throw new IllegalStateException("function " + function.logicalId() + " has no code asset the local runner "
                    + "can run (only S3 assets of the cloud assembly are supported)");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.path("Environment").path("Variables").properties()) {
            environment.put(e.getKey(), e.getValue().asText());
        }
        return new Functions.Spec(arn, function.physicalId(), java.nio.file.Path.of(codePath),
                p.path("Handler").asText(), p.path("Runtime").asText(), p.path("MemorySize").asInt(128),
                java.time.Duration.ofSeconds(p.path("Timeout").asInt(3)), environment,
                p.path("LoggingConfig").path("LogFormat").asText("Text"), version);
    }

    /** The resource of {@code type} whose ARN is {@code arn}, among the stack's resources and leftovers. */
    private static ResourceRecord recorded(StackRecord stack, String type, String arn) {
        return stack.resourcesAndLeftovers().filter(r -> r.type().equals(type) && arn.equals(r.data().get("Arn")))
                .findFirst().orElse(null);
    }

    /**
     * Publishes a version of the function {@code properties.FunctionName} names: the next version number, and the
     * function's configuration and code as they are now.
     *
     * @return the version's ARN (its physical id, which {@code Ref} gives) and its attributes
     * @throws IllegalStateException when the stack defines no such function
     */
    static Map<String, String> publish(StackRecord stack, JsonNode properties) {
        ResourceRecord function = namedFunction(stack, VERSION, properties);
        String functionArn = function.data().get("Arn");
        long last = stack.resourcesAndLeftovers()
                .filter(r -> r.type().equals(VERSION) && functionArn.equals(r.data().get("FunctionArn")))
                .mapToLong(r -> Long.parseLong(r.data().getOrDefault("Version", "0"))).max().orElse(0);
        String number = Long.toString(last + 1);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("Arn", functionArn + ":" + number);
        data.put("Version", number);
        data.put("FunctionArn", functionArn);
        try {
            data.put(SNAPSHOT, MAPPER.writeValueAsString(function.properties()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record the configuration of function " + function.physicalId(), e);
        }
        String code = function.data().get(NoLocalMeaning.CODE_PATH);
        if (code != null) {
            data.put(NoLocalMeaning.CODE_PATH, code);
        }
        return data;
    }

    /** An alias's ARN (its physical id, which {@code Ref} gives) and attributes. */
    static Map<String, String> alias(StackRecord stack, JsonNode properties) {
        ResourceRecord function = namedFunction(stack, ALIAS, properties);
        String arn = function.data().get("Arn") + ":" + properties.path("Name").asText();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("Arn", arn);
        data.put("AliasArn", arn);
        return data;
    }

    /**
     * The function a version's or an alias's {@code FunctionName} names: its name, or its ARN (Lambda takes either).
     *
     * @throws IllegalStateException when the stack defines no such function
     */
    private static ResourceRecord namedFunction(StackRecord stack, String type, JsonNode properties) {
        String name = properties.path("FunctionName").asText("");
        return stack.resourcesAndLeftovers().filter(r -> r.type().equals(FUNCTION) && names(r, name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(type + ": function " + name
                        + " is not a Lambda function of stack " + stack.stackName()));
    }

    /** True when {@code name} names the function: its name, or its ARN (Lambda takes either). */
    private static boolean names(ResourceRecord function, String name) {
        return name.equals(function.physicalId()) || name.equals(function.data().get("Arn"));
    }
}
