package io.github.proxysessions.cdk.example;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The example CDK app that the repository's {@code cdk.json} runs. */
public final class ProxySessionsApp {

    /** The example stack's name. */
    public static final String STACK_NAME = "ProxySessionsExample";

    private ProxySessionsApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the example stack to an app: for {@link #main} and for anything that synthesises it in-process. */
    public static ProxySessionsExampleStack build(App app) {
        return new ProxySessionsExampleStack(app, STACK_NAME, StackProps.builder()
                .description("Example: two Amazon Chime SDK Voice proxy sessions (io.github.proxysessions)")
                .build());
    }
}
