package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProxySessionLineageTest {

    private static final String VC = "abcdefghij0123456789ab";
    private static final String P0 = "5abd6082-c212-4944-9aaf-748ed84e0648";

    record Session(String id, String name, String status) {
    }

    @Test
    void theRequestTagIsTheOneDeployedSessionsCarry() {
        // The tag IdempotencyTag.of("stack", "Logical", "request-1") gave sessions deployed before renewal existed.
        assertThat(ProxySessionLineage.requestTag("stack", "Logical", "request-1")).isEqualTo("56a8Mkk")
                .matches("[0-9A-Za-z]{7}");
        assertThat(ProxySessionLineage.requestTag("stack", "Logical", "request-2")).isNotEqualTo("56a8Mkk");
    }

    @Test
    void aLineageTagDependsOnTheConnectorAndTheFirstSession() {
        String tag = ProxySessionLineage.lineageTag(VC, P0);
        assertThat(tag).hasSize(7).isEqualTo(ProxySessionLineage.of(VC, P0).tag());
        assertThat(ProxySessionLineage.lineageTag(VC, "other")).isNotEqualTo(tag);
        assertThat(ProxySessionLineage.lineageTag("bcdefghij0123456789abc", P0)).isNotEqualTo(tag);
    }

    @Test
    void tokensCarryTheGenerationInBase62() {
        ProxySessionLineage lineage = ProxySessionLineage.of(VC, P0);
        String l = lineage.tag();
        assertThat(lineage.token(1)).isEqualTo(l + "1");
        assertThat(lineage.token(61)).isEqualTo(l + "z");
        assertThat(lineage.token(62)).isEqualTo(l + "10");
        assertThat(lineage.token(ProxySessionLineage.MAX_GENERATION)).isEqualTo(l + "zzz");
        assertThatThrownBy(() -> lineage.token(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lineage.token(ProxySessionLineage.MAX_GENERATION + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lineage.serviceNameOf("Support line", 3)).isEqualTo("Support line " + l + "3");
        assertThat(lineage.serviceNameOf(null, 3)).isEqualTo(l + "3");
        assertThat(lineage.serviceNameOf("a".repeat(19), ProxySessionLineage.MAX_GENERATION)).hasSize(30);
    }

    @Test
    void generationsReadBackFromNames() {
        ProxySessionLineage lineage = ProxySessionLineage.of(VC, P0);
        String l = lineage.tag();
        assertThat(lineage.generationOf(P0, "Support line k3J9xQ2")).isEqualTo(OptionalLong.of(0));
        for (long n : new long[] {1, 2, 61, 62, 3843, 3844, ProxySessionLineage.MAX_GENERATION}) {
            assertThat(lineage.generationOf("s", lineage.serviceNameOf("Support", n))).isEqualTo(OptionalLong.of(n));
        }
        assertThat(lineage.generationOf("s", l)).as("a request tag, not a generation").isEmpty();
        assertThat(lineage.generationOf("s", l + "01")).as("not canonical").isEmpty();
        assertThat(lineage.generationOf("s", l + "1234")).as("too long").isEmpty();
        assertThat(lineage.generationOf("s", "x" + l + "1")).as("part of a longer word").isEmpty();
        assertThat(lineage.generationOf("s", l + "1 more")).isEmpty();
        assertThat(lineage.generationOf("s", null)).isEmpty();
        assertThat(ProxySessionLineage.of(VC, "other").generationOf("s", l + "1")).isEmpty();
        assertThat(lineage.contains("s", "Support " + l + "1")).isTrue();
    }

    @Test
    void theCurrentGenerationIsTheOpenMemberWithTheHighestGeneration() {
        ProxySessionLineage lineage = ProxySessionLineage.of(VC, P0);
        Session p0 = new Session(P0, "k3J9xQ2", "Closed");
        Session g1 = new Session("g1", lineage.serviceNameOf(null, 1), "Open");
        Session g2 = new Session("g2", lineage.serviceNameOf(null, 2), "InProgress");
        Session g2twin = new Session("g2twin", lineage.serviceNameOf(null, 2), "Open");
        Session g3closed = new Session("g3", lineage.serviceNameOf(null, 3), "Closed");
        Session stranger = new Session("x", ProxySessionLineage.of(VC, "other").serviceNameOf(null, 9), "Open");

        assertThat(lineage.current(List.of(p0, g1, g2, g2twin, g3closed, stranger), Session::id, Session::name,
                Session::status)).contains(g2);
        assertThat(lineage.current(List.of(new Session(P0, "k3J9xQ2", "Open"), stranger), Session::id,
                Session::name, Session::status)).map(Session::id).contains(P0);
        assertThat(lineage.current(List.of(p0, g3closed, stranger), Session::id, Session::name, Session::status))
                .isEmpty();
    }

    @Test
    void namesEndWithTheirToken() {
        assertThat(ProxySessionLineage.serviceName("Support line", "k3J9xQ2")).isEqualTo("Support line k3J9xQ2");
        assertThat(ProxySessionLineage.serviceName(null, "k3J9xQ2")).isEqualTo("k3J9xQ2");
        assertThat(ProxySessionLineage.endsWithToken("Support line k3J9xQ2", "k3J9xQ2")).isTrue();
        assertThat(ProxySessionLineage.endsWithToken("k3J9xQ2", "k3J9xQ2")).isTrue();
        assertThat(ProxySessionLineage.endsWithToken("Support line xk3J9xQ2", "k3J9xQ2")).isFalse();
        assertThat(ProxySessionLineage.endsWithToken(null, "k3J9xQ2")).isFalse();
    }
}
