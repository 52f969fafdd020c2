package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Types with no local meaning (IAM, log groups, the Lambda function itself, ...): recorded with made-up physical ids
 * and ARNs, as CloudFormation would make them, and never acted on. A Lambda function's record keeps where its code
 * is, so that custom resources can run it.
 */
final class NoLocalMeaning implements ResourceKind {

    /** The attribute of a function's record that holds the path of its code, copied into the state directory. */
    static final String CODE_PATH = "CodePath";

    private final StackRecord record;
    private final StackContext stack;
    private final Path codeDir;
    private final Map<String, Path> assets;

    /**
     * @param codeDir where functions' code is copied (the assembly may be a temporary directory)
     * @param assets  the assembly's file assets by S3 object key; empty when there is no template (destroy)
     */
    NoLocalMeaning(StackRecord record, StackContext stack, Path codeDir, Map<String, Path> assets) {
        this.record = record;
        this.stack = stack;
        this.codeDir = codeDir;
        this.assets = assets;
    }

    @Override
    public boolean acts() {
        return false;
    }

    @Override
    public JsonNode prepare(String logicalId, JsonNode resolved) {
        return resolved;
    }

    @Override
    public boolean replaces(ResourceRecord current, JsonNode properties) {
        return false;
    }

    @Override
    public Outcome create(ResourceRecord target) {
        return switch (target.type()) {
            case FunctionVersions.VERSION -> recordWith(target, FunctionVersions.publish(record, target.properties()));
            case FunctionVersions.ALIAS -> recordWith(target, FunctionVersions.alias(record, target.properties()));
            default -> recordAs(target, physicalName(target));
        };
    }

    /**
     * New properties keep the physical id, but for a version's (see below). A rollback does not come here: it puts the
     * old record back as it was (StackDeployment's updateBack).
     */
    @Override
    public Outcome update(ResourceRecord current, ResourceRecord target) {
        return switch (target.type()) {
            // A version is immutable: a new function, code or description publishes another one, as CloudFormation
            // replaces the resource; anything else (provisioned concurrency, the runtime policy) keeps it.
            case FunctionVersions.VERSION -> VERSION_IDENTITY.stream().allMatch(p ->
                    current.properties().path(p).equals(target.properties().path(p)))
                    ? recordWith(target, current.data())
                    : recordWith(target, FunctionVersions.publish(record, target.properties()));
            case FunctionVersions.ALIAS -> recordWith(target, FunctionVersions.alias(record, target.properties()));
            default -> recordAs(target, current.physicalId());
        };
    }

    /** The properties of AWS::Lambda::Version whose change publishes a new version. */
    private static final List<String> VERSION_IDENTITY = List.of("FunctionName", "CodeSha256", "Description");

    /** Records a resource whose physical id is its ARN (what {@code Ref} gives for versions and aliases). */
    private Outcome recordWith(ResourceRecord target, Map<String, String> data) {
        ResourceRecord now = target.recordedOnly(data.get("Arn"), data);
        record.record(now);
        return Outcome.succeeded(now.physicalId(), data);
    }

    @Override
    public Outcome delete(ResourceRecord r) {
        record.forget(r);
        return Outcome.succeeded(r.physicalId(), r.data());
    }

    @Override
    public String attributeNotRecorded(ResourceRecord r, String attribute) {
        return r.physicalId() + "/" + attribute;
    }

    private Outcome recordAs(ResourceRecord target, String physicalId) {
        String type = target.type();
        String region = stack.region();
        String account = stack.account();
        String arn = switch (type) {
            case FunctionVersions.FUNCTION -> "arn:aws:lambda:" + region + ":" + account + ":function:" + physicalId;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + account + ":role/" + physicalId;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + physicalId
                    + ":*";
            default -> "arn:aws:" + part(type, 1) + ":" + region + ":" + account + ":" + part(type, 2) + "/"
                    + physicalId;
        };
        Map<String, String> data = new LinkedHashMap<>();
        data.put("Arn", arn);
        if (type.equals(FunctionVersions.FUNCTION)) {
            String key = target.properties().path("Code").path("S3Key").asText("");
            Path source = assets.get(key);
            if (source != null) {
                data.put(CODE_PATH, copyCode(key, source).toString());
            }
        }
        ResourceRecord now = target.recordedOnly(physicalId, data);
        record.record(now);
        return Outcome.succeeded(physicalId, data);
    }

    private static String part(String type, int index) {
        String[] parts = type.split("::");
        return parts.length > index ? parts[index].toLowerCase(Locale.ROOT) : "resource";
    }

    private String physicalName(ResourceRecord target) {
        JsonNode properties = target.properties();
        for (String nameProperty : List.of("FunctionName", "RoleName", "LogGroupName", "PolicyName")) {
            if (properties.hasNonNull(nameProperty)) {
                return properties.get(nameProperty).asText();
            }
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        String base = stack.stackName() + "-" + target.logicalId();
        return (base.length() > 50 ? base.substring(0, 50) : base) + "-" + suffix;
    }

    /** The function's code, copied into the state directory: the assembly may be a temporary directory. */
    private Path copyCode(String objectKey, Path source) {
        Path target = codeDir.resolve(objectKey.replace('/', '_'));
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                if (Files.isDirectory(source)) {
                    throw new IllegalStateException("directory assets are not supported for functions yet: " + source);
                }
                Path tmp = Files.createTempFile(target.getParent(), "code", ".tmp");
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the function's code " + source, e);
        }
    }
}
