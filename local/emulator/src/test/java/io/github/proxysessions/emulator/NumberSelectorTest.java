package io.github.proxysessions.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choice of a proxy number, as a pure function of what the service knows. */
class NumberSelectorTest {

    private static final String SEATTLE_1 = "+12065550100";
    private static final String SEATTLE_2 = "+12065550101";
    private static final String SAN_FRANCISCO = "+14155550100";
    private static final String LONDON = "+442079460000";
    private static final List<String> INVENTORY = List.of(SEATTLE_1, SEATTLE_2, SAN_FRANCISCO, LONDON);

    /** Participants outside the inventory (contract C3: 555-0150..555-0199). */
    private static final String ANN = "+12065550150";
    private static final String BEN = "+14155550151";

    private static Request request() {
        return new Request();
    }

    /** A request with every input at its neutral value; each test changes what it is about. */
    private static final class Request {
        List<String> inventory = INVENTORY;
        List<String> countries = List.of("US");
        String first = ANN;
        String second = BEN;
        Set<String> busy = Set.of();
        Map<String, Integer> load = Map.of();
        String last;
        String behavior;
        String geoLevel;
        String geoCountry;
        String geoAreaCode;

        String select() {
            return NumberSelector.select(new NumberSelector.Request("vc", inventory, countries, first, second, busy,
                    n -> load.getOrDefault(n, 0), last, behavior, geoLevel, geoCountry, geoAreaCode));
        }
    }

    @Test
    void theLeastUsedNumberOfTheConfiguredCountriesWinsTiesInInventoryOrder() {
        Request r = request();
        assertThat(r.select()).isEqualTo(SEATTLE_1);

        r.load = Map.of(SEATTLE_1, 2, SEATTLE_2, 1, SAN_FRANCISCO, 1);
        assertThat(r.select()).isEqualTo(SEATTLE_2);

        r.countries = List.of("GB");
        assertThat(r.select()).isEqualTo(LONDON);
    }

    @Test
    void noNumberInTheConfiguredCountriesIsABadRequestNamingThem() {
        Request r = request();
        r.countries = List.of("BR", "MX");

        assertThatThrownBy(r::select).isInstanceOf(ApiException.class)
                .hasMessage("Voice connector vc has no phone numbers in the proxy configuration's countries [BR, MX]");
    }

    @Test
    void busyNumbersAreNotFreeForThePairAndNoneFreeIsABadRequest() {
        Request r = request();
        r.busy = Set.of(SEATTLE_1, SAN_FRANCISCO);
        assertThat(r.select()).isEqualTo(SEATTLE_2);

        r.busy = Set.of(SEATTLE_1, SEATTLE_2, SAN_FRANCISCO);
        assertThatThrownBy(r::select).isInstanceOf(ApiException.class)
                .hasMessageContaining("No proxy phone number is available on voice connector vc")
                .hasMessageContaining("each of the 3 numbers in [US]");
    }

    @Test
    void preferStickyGivesThePairsLastNumberWhenItIsFree() {
        Request r = request();
        r.last = SAN_FRANCISCO;
        assertThat(r.select()).as("without a behaviour, stickiness plays no part").isEqualTo(SEATTLE_1);

        r.behavior = "PreferSticky";
        assertThat(r.select()).isEqualTo(SAN_FRANCISCO);

        r.busy = Set.of(SAN_FRANCISCO);
        assertThat(r.select()).as("busy: the least used instead").isEqualTo(SEATTLE_1);
    }

    @Test
    void avoidStickyGivesAnotherNumberUnlessTheLastIsTheOnlyFreeOne() {
        Request r = request();
        r.behavior = "AvoidSticky";
        r.last = SEATTLE_1;
        assertThat(r.select()).isEqualTo(SEATTLE_2);

        r.busy = Set.of(SEATTLE_2, SAN_FRANCISCO);
        assertThat(r.select()).isEqualTo(SEATTLE_1);
    }

    @Test
    void geoMatchingFollowsTheFirstParticipantOrTheParamsAndFallsBackToAnyFreeNumber() {
        Request r = request();
        r.countries = List.of("US", "GB");
        r.geoLevel = "AreaCode";
        r.first = BEN;
        r.second = ANN;
        assertThat(r.select()).as("the first participant's area code, 415").isEqualTo(SAN_FRANCISCO);

        r.geoCountry = "GB";
        r.geoAreaCode = "";
        assertThat(r.select()).as("the params' country; no area code to match").isEqualTo(LONDON);

        r.geoLevel = "Country";
        r.geoCountry = "US";
        r.geoAreaCode = "415";
        assertThat(r.select()).as("country level ignores the area code").isEqualTo(SEATTLE_1);

        r.geoLevel = "AreaCode";
        r.geoAreaCode = "999";
        assertThat(r.select()).as("no match: any free number").isEqualTo(SEATTLE_1);
    }

    @Test
    void aParticipantsOwnNumberIsNeverTheProxyNumber() {
        Request r = request();
        r.first = SEATTLE_1;
        r.second = "14155550100";   // the same number as SAN_FRANCISCO, without its +
        r.geoLevel = "AreaCode";
        r.geoCountry = "US";
        r.geoAreaCode = "415";
        assertThat(r.select()).as("the least used, and the geo match, would be a participant's").isEqualTo(SEATTLE_2);

        r.behavior = "PreferSticky";
        r.last = SEATTLE_1;
        assertThat(r.select()).as("nor the pair's last number").isEqualTo(SEATTLE_2);

        r.busy = Set.of(SEATTLE_2);
        assertThatThrownBy(r::select).as("the other numbers are the participants' own").isInstanceOf(ApiException.class)
                .hasMessageContaining("No proxy phone number is available on voice connector vc");
    }
}
