package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxySessionMetricsTest {

    @Test
    void theStackNameIsReadFromTheStackId() {
        assertThat(ProxySessionMetrics.stackName(
                "arn:aws:cloudformation:us-east-1:123456789012:stack/Prod-Sessions/6c2a3b40-0000-11ef-9f00-0a1b2c3d4e5f"))
                .isEqualTo("Prod-Sessions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Prod-Sessions", "arn:aws:cloudformation:us-east-1:123456789012:stack/",
        "arn:aws:cloudformation:us-east-1:123456789012:stack//guid", "arn:aws:s3:::bucket/stack/x"})
    void anythingButAStackArnIsRefusedNamingTheField(String stackId) {
        assertThatThrownBy(() -> ProxySessionMetrics.stackName(stackId))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("StackId must be a stack ARN");
    }
}
