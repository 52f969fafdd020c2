package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.Capability;
import software.amazon.awssdk.services.chimesdkvoice.model.ListProxySessionsResponse;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySession;
import software.amazon.awssdk.services.chimesdkvoice.model.ProxySessionStatus;

/** ListProxySessions through the SDK's own paginator. */
class PaginationTest {

    private final EmulatorFixture f = new EmulatorFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> createSessions(String vc, int count, int offset) {
        List<String> participants = EmulatorFixture.numbers(count * 2, offset * 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(f.session(vc, participants.get(2 * i), participants.get(2 * i + 1)).proxySessionId());
        }
        return ids;
    }

    @Test
    void paginatorVisitsSeveralHundredSessionsOnceEachInCreationOrder() {
        String vc = f.connectorWithProxy();
        List<String> created = createSessions(vc, 350, 0);

        List<String> listed = new ArrayList<>();
        int pages = 0;
        for (ListProxySessionsResponse page : f.client.listProxySessionsPaginator(r -> r.voiceConnectorId(vc)
                .maxResults(40))) {
            pages++;
            page.proxySessions().forEach(s -> listed.add(s.proxySessionId()));
        }

        assertThat(listed).containsExactlyElementsOf(created);
        assertThat(pages).isEqualTo(9);
    }

    @Test
    void defaultPageIs100AndTheLastPageHasNoToken() {
        String vc = f.connectorWithProxy();
        createSessions(vc, 100, 0);

        ListProxySessionsResponse page = f.client.listProxySessions(r -> r.voiceConnectorId(vc));

        assertThat(page.proxySessions()).hasSize(100);
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void pagesNeitherSkipNorRepeatWhileSessionsAreCreatedAndDeletedBetweenThem() {
        String vc = f.connectorWithProxy();
        List<String> initial = createSessions(vc, 200, 0);
        Set<String> deletedBeforeListed = new HashSet<>();
        Set<String> deletedAfterListed = new HashSet<>();
        List<String> added = new ArrayList<>();

        List<String> listed = new ArrayList<>();
        int page = 0;
        for (ListProxySessionsResponse response : f.client.listProxySessionsPaginator(r -> r.voiceConnectorId(vc)
                .maxResults(25))) {
            response.proxySessions().forEach(s -> listed.add(s.proxySessionId()));
            if (response.nextToken() == null) {
                break;
            }
            // Between pages: delete the last session listed and one further ahead, and create a new one.
            List<String> victims = new ArrayList<>(List.of(listed.get(listed.size() - 1)));
            initial.stream().filter(id -> !listed.contains(id) && !deletedBeforeListed.contains(id)).skip(5)
                    .findFirst().ifPresent(victims::add);
            for (String id : victims) {
                (listed.contains(id) ? deletedAfterListed : deletedBeforeListed).add(id);
                f.client.deleteProxySession(r -> r.voiceConnectorId(vc).proxySessionId(id));
            }
            added.addAll(createSessions(vc, 1, 1000 + page++));
        }

        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed).doesNotContainAnyElementsOf(deletedBeforeListed);
        assertThat(deletedBeforeListed).hasSizeGreaterThan(5);
        List<String> expected = new ArrayList<>(initial);
        expected.addAll(added);
        expected.removeAll(deletedBeforeListed);
        // Creation order throughout: sessions created between pages come after every older one.
        assertThat(listed).containsExactlyElementsOf(expected);
    }

    @Test
    void statusFilterListsOnlyThatStatus() {
        String vc = f.connectorWithProxy();
        List<String> early = createSessions(vc, 30, 0);
        f.clock.advance(Duration.ofMinutes(61));
        List<String> late = createSessions(vc, 20, 100);

        List<String> closed = ids(vc, ProxySessionStatus.CLOSED);
        List<String> open = ids(vc, ProxySessionStatus.OPEN);

        assertThat(closed).containsExactlyElementsOf(early);
        assertThat(open).containsExactlyElementsOf(late);
        assertThat(ids(vc, ProxySessionStatus.IN_PROGRESS)).isEmpty();
    }

    private List<String> ids(String vc, ProxySessionStatus status) {
        List<String> ids = new ArrayList<>();
        f.client.listProxySessionsPaginator(r -> r.voiceConnectorId(vc).status(status).maxResults(7))
                .forEach(page -> page.proxySessions().forEach(s -> ids.add(s.proxySessionId())));
        return ids;
    }

    @Test
    void voiceConnectorsPaginateToo() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add(f.connector());
        }
        List<String> listed = new ArrayList<>();
        f.client.listVoiceConnectorsPaginator(r -> r.maxResults(5))
                .forEach(page -> page.voiceConnectors().forEach(c -> listed.add(c.voiceConnectorId())));
        assertThat(listed).containsExactlyElementsOf(created);
    }

    /**
     * The service has no filter by name, and names need not be unique (CreateVoiceConnector is not idempotent): a caller
     * that looks for its connectors by name lists every page and compares. It finds each of them, in creation order,
     * under the name it has now.
     */
    @Test
    void connectorsAreFoundByNameAcrossPages() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = i % 3 == 0 ? "Support line" : "Other " + i;
            String id = f.client.createVoiceConnector(r -> r.name(name).requireEncryption(true)).voiceConnector()
                    .voiceConnectorId();
            if (name.equals("Support line")) {
                lines.add(id);
            }
        }
        f.client.updateVoiceConnector(r -> r.voiceConnectorId(lines.get(1)).name("Renamed").requireEncryption(true));

        List<String> found = new ArrayList<>();
        f.client.listVoiceConnectorsPaginator(r -> r.maxResults(2)).forEach(page -> page.voiceConnectors().stream()
                .filter(c -> c.name().equals("Support line")).forEach(c -> found.add(c.voiceConnectorId())));

        assertThat(found).containsExactly(lines.get(0), lines.get(2));
    }

    @Test
    void sessionsMatchTheirListEntries() {
        String vc = f.connectorWithProxy();
        ProxySession s = f.client.createProxySession(r -> r.voiceConnectorId(vc)
                .participantPhoneNumbers(EmulatorFixture.ALICE, EmulatorFixture.BOB).name("Listed")
                .capabilities(Capability.SMS)).proxySession();

        assertThat(f.client.listProxySessions(r -> r.voiceConnectorId(vc)).proxySessions()).containsExactly(s);
    }
}
