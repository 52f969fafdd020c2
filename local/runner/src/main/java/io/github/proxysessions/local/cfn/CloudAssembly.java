package io.github.proxysessions.local.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A cloud assembly (a {@code cdk.out} directory): its stacks, their templates and their file assets. */
public final class CloudAssembly {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A stack to deploy: its name, its template, and where each asset's S3 object key comes from. */
    public record Stack(String name, Template template, Map<String, Path> assetsByObjectKey) {
    }

    private final Path dir;
    private final List<Stack> stacks;

    private CloudAssembly(Path dir, List<Stack> stacks) {
        this.dir = dir;
        this.stacks = stacks;
    }

    public Path directory() {
        return dir;
    }

    public List<Stack> stacks() {
        return stacks;
    }

    /**
     * Reads the assembly in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} holds no cloud assembly, naming what is missing
     */
    public static CloudAssembly read(Path dir) {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException(dir + " is not a cloud assembly: it has no manifest.json (give the "
                    + "cdk.out directory that cdk synth writes)");
        }
        try {
            JsonNode root = MAPPER.readTree(manifest.toFile());
            Map<String, JsonNode> artifacts = new HashMap<>();
            root.path("artifacts").properties().forEach(e -> artifacts.put(e.getKey(), e.getValue()));
            List<Stack> stacks = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : root.path("artifacts").properties()) {
                JsonNode artifact = e.getValue();
                if (!artifact.path("type").asText().equals("aws:cloudformation:stack")) {
                    continue;
                }
                JsonNode props = artifact.path("properties");
                String name = props.path("stackName").asText(e.getKey());
                Path templateFile = dir.resolve(props.path("templateFile").asText());
                JsonNode template = Files.isRegularFile(templateFile) ? MAPPER.readTree(templateFile.toFile()) : null;
                if (template == null || !template.isObject()) {
                    throw new IllegalArgumentException(dir + " is not a complete cloud assembly: stack " + name
                            + " has no template " + templateFile.getFileName());
                }
                Map<String, Path> assets = new HashMap<>();
                for (JsonNode dependency : artifact.path("dependencies")) {
                    JsonNode assetArtifact = artifacts.get(dependency.asText());
                    if (assetArtifact != null && assetArtifact.path("type").asText().equals("cdk:asset-manifest")) {
                        readAssets(dir, dir.resolve(assetArtifact.path("properties").path("file").asText()), assets);
                    }
                }
                stacks.add(new Stack(name, new Template((ObjectNode) template), assets));
            }
            if (stacks.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds no CloudFormation stack");
            }
            return new CloudAssembly(dir, stacks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cloud assembly in " + dir, e);
        }
    }

    private static void readAssets(Path dir, Path manifest, Map<String, Path> out) throws IOException {
        JsonNode files = MAPPER.readTree(manifest.toFile()).path("files");
        for (Map.Entry<String, JsonNode> entry : files.properties()) {
            JsonNode file = entry.getValue();
            Path source = dir.resolve(file.path("source").path("path").asText());
            for (JsonNode destination : file.path("destinations")) {
                out.put(destination.path("objectKey").asText(), source);
            }
        }
    }
}
