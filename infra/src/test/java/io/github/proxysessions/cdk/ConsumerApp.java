package io.github.proxysessions.cdk;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;

/** A user's CDK app: it knows this library only as a jar on its class path. Run by {@link ConsumerAppIT}. */
public final class ConsumerApp {

    private ConsumerApp() {
    }

    public static void main(String[] args) {
        App app = new App(AppProps.builder().outdir(args[0]).build());
        Stack stack = new Stack(app, "Consumer");
        ProxySession.Builder.create(stack, "Session")
                .voiceConnectorId("abcdefghij0123456789ab")
                .participantPhoneNumbers(List.of("+12065550100", "+14155550101"))
                .capabilities(List.of(Capability.VOICE))
                .build();
        app.synth();
    }
}
