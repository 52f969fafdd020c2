package io.github.proxysessions.cdk.example;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;

/**
 * The example app with cdk-nag's AwsSolutions pack, for a check of the CDK CLI's own synthesis (the pack is a test
 * dependency, so the published example does not carry it):
 * {@code npx aws-cdk synth --app "mvn -e -q -pl infra -am test-compile exec:java@nagged"}. A finding fails the synth.
 */
public final class NaggedExampleApp {

    private NaggedExampleApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        ProxySessionsApp.build(app);
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder().verbose(true).build()));
        app.synth();
    }
}
