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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cloud assembly (a {@code cdk.out} directory) as CDK writes it: its stacks, with the Stages' nested assemblies
 * ({@code cdk:cloud-assembly} artifacts, Stages within Stages) read in place, their templates, their file assets and
 * the stack dependencies the manifests record.
 */
public final class CloudAssembly {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STACK = "aws:cloudformation:stack";
    private static final String NESTED = "cdk:cloud-assembly";

    /**
     * A stack to deploy.
     *
     * @param id                its artifact id, unique within its own manifest: what {@code cdk deploy} names its
     *                          outputs by ({@code <id>.<output>})
     * @param displayName       its hierarchical id, as {@code cdk list} prints it ({@code Prod/Sessions})
     * @param name              its stack name, what CloudFormation knows it by ({@code Prod-Sessions})
     * @param assetsByObjectKey where each asset's S3 object key comes from
     * @param dependencies      the names of the stacks it depends on, as its manifest records them
     */
    public record Stack(String id, String displayName, String name, Template template,
                        Map<String, Path> assetsByObjectKey, List<String> dependencies) {

        public Stack {
            dependencies = List.copyOf(dependencies);
        }
    }

    private final Path dir;
    private final List<Stack> stacks;

    private CloudAssembly(Path dir, List<Stack> stacks) {
        this.dir = dir;
        this.stacks = List.copyOf(stacks);
    }

    public Path directory() {
        return dir;
    }

    /** Every stack, the nested assemblies' in place of their artifact, in the manifests' order. */
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
        List<Stack> stacks = new ArrayList<>();
        read(dir, dir, stacks);
        if (stacks.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no CloudFormation stack");
        }
        Map<String, Stack> byName = new HashMap<>();
        for (Stack stack : stacks) {
            Stack other = byName.put(stack.name(), stack);
            if (other != null) {
                throw new IllegalArgumentException(dir + " holds two stacks named " + stack.name() + " ("
                        + other.displayName() + " and " + stack.displayName() + "): CloudFormation knows a stack by "
                        + "its name, which must be unique");
            }
        }
        return new CloudAssembly(dir, stacks);
    }

    /** Reads the manifest in {@code assembly} (the top one, or a Stage's) into {@code out}. */
    private static void read(Path top, Path assembly, List<Stack> out) {
        Path manifest = assembly.resolve("manifest.json");
        JsonNode root;
        try {
            root = MAPPER.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cloud assembly in " + assembly, e);
        }
        Map<String, JsonNode> artifacts = new LinkedHashMap<>();
        root.path("artifacts").properties().forEach(e -> artifacts.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> e : artifacts.entrySet()) {
            JsonNode artifact = e.getValue();
            String type = artifact.path("type").asText();
            if (type.equals(NESTED)) {
                String directory = artifact.path("properties").path("directoryName").asText("");
                Path nested = assembly.resolve(directory);
                if (directory.isEmpty() || !Files.isRegularFile(nested.resolve("manifest.json"))) {
                    throw new IllegalArgumentException(top + " is not a complete cloud assembly: the nested assembly "
                            + artifact.path("displayName").asText(e.getKey()) + " has no manifest.json in "
                            + (directory.isEmpty() ? "(no directoryName)" : top.relativize(nested)));
                }
                read(top, nested, out);
            } else if (type.equals(STACK)) {
                out.add(stack(top, assembly, e.getKey(), artifact, artifacts));
            }
        }
    }

    private static Stack stack(Path top, Path assembly, String id, JsonNode artifact, Map<String, JsonNode> artifacts) {
        JsonNode props = artifact.path("properties");
        String name = props.path("stackName").asText(id);
        Path templateFile = assembly.resolve(props.path("templateFile").asText());
        JsonNode template;
        try {
            template = Files.isRegularFile(templateFile) ? MAPPER.readTree(templateFile.toFile()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template of stack " + name + " in " + templateFile, e);
        }
        if (template == null || !template.isObject()) {
            throw new IllegalArgumentException(top + " is not a complete cloud assembly: stack " + name
                    + " has no template " + templateFile.getFileName());
        }
        Map<String, Path> assets = new HashMap<>();
        List<String> dependencies = new ArrayList<>();
        for (JsonNode dependency : artifact.path("dependencies")) {
            JsonNode needed = artifacts.get(dependency.asText());
            if (needed == null) {
                continue;
            }
            String type = needed.path("type").asText();
            if (type.equals("cdk:asset-manifest")) {
                readAssets(assembly, assembly.resolve(needed.path("properties").path("file").asText()), assets);
            } else if (type.equals(STACK)) {
                dependencies.add(needed.path("properties").path("stackName").asText(dependency.asText()));
            }
        }
        return new Stack(id, artifact.path("displayName").asText(id), name, new Template((ObjectNode) template),
                assets, dependencies);
    }

    private static void readAssets(Path dir, Path manifest, Map<String, Path> out) {
        try {
            JsonNode files = MAPPER.readTree(manifest.toFile()).path("files");
            for (Map.Entry<String, JsonNode> entry : files.properties()) {
                JsonNode file = entry.getValue();
                Path source = dir.resolve(file.path("source").path("path").asText());
                for (JsonNode destination : file.path("destinations")) {
                    out.put(destination.path("objectKey").asText(), source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the asset manifest " + manifest, e);
        }
    }
}
