package io.github.proxysessions.cdk.example;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.StageProps;

/**
 * The example CDK app that the repository's {@code cdk.json} runs: its one stack ({@link ProxySessionsExampleStack}),
 * or with the context value {@code stage=<name>} the multi-stack variant, a Stage of two stacks
 * ({@link ProxySessionsStage}).
 */
public final class ProxySessionsApp {

    /** The example stack's name. */
    public static final String STACK_NAME = "ProxySessionsExample";

    /** The context key whose value, a Stage's name, builds the multi-stack variant instead of the example stack. */
    public static final String STAGE = "stage";

    private ProxySessionsApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        buildFromContext(app);
        app.synth();
    }

    /**
     * Adds to an app what its context asks for: the Stage variant named by {@value #STAGE}, or else the example stack.
     *
     * @throws IllegalArgumentException when the Stage's name cannot lead a CloudFormation stack name
     */
    public static void buildFromContext(App app) {
        Object stage = app.getNode().tryGetContext(STAGE);
        if (stage == null) {
            build(app);
            return;
        }
        String name = stage.toString();
        if (!name.matches("[A-Za-z][A-Za-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("context " + STAGE + " must be a Stage name that can lead a stack "
                    + "name: a letter, then up to 63 letters, digits and hyphens; got '" + name + "'");
        }
        new ProxySessionsStage(app, name, StageProps.builder().build());
    }

    /** Adds the example stack to an app: for {@link #main} and for anything that synthesises it in-process. */
    public static ProxySessionsExampleStack build(App app) {
        return new ProxySessionsExampleStack(app, STACK_NAME, StackProps.builder()
                .description("Example: two Amazon Chime SDK Voice proxy sessions (io.github.proxysessions)")
                .build());
    }
}
