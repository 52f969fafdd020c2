package io.github.proxysessions.local.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxysessions.local.cfn.StackGraph.Extension;
import io.github.proxysessions.local.cfn.StackGraph.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stack selection as the CDK CLI does it: globs on display names or stack names, upstream, downstream, none. */
class StackGraphTest {

    /** Top; Stage Prod: Telephony, Sessions (on Telephony), Reports (on Sessions); Stage Prod/Eu: Edge. */
    private static final StackGraph GRAPH = StackGraph.of(List.of(
            new Node("Top", "Top", List.of()),
            new Node("Prod-Telephony", "Prod/Telephony", List.of()),
            new Node("Prod-Sessions", "Prod/Sessions", List.of("Prod-Telephony")),
            new Node("Prod-Reports", "Prod/Reports", List.of("Prod-Sessions")),
            new Node("Prod-Eu-Edge", "Prod/Eu/Edge", List.of())));

    private static List<String> select(Extension extension, String... patterns) {
        return GRAPH.select(List.of(patterns), extension, "the").stacks();
    }

    @Test
    void noPatternSelectsEveryStack() {
        assertThat(select(Extension.UPSTREAM)).containsExactly("Top", "Prod-Telephony", "Prod-Sessions",
                "Prod-Reports", "Prod-Eu-Edge");
    }

    @Test
    void aGlobMatchesDisplayNamesWithinOneLevelOrAcrossLevelsWithTwoStars() {
        assertThat(select(Extension.NONE, "Prod/*")).containsExactly("Prod-Telephony", "Prod-Sessions",
                "Prod-Reports");
        assertThat(select(Extension.NONE, "*")).as("stack names have no /").containsExactly("Top", "Prod-Telephony",
                "Prod-Sessions", "Prod-Reports", "Prod-Eu-Edge");
        assertThat(select(Extension.NONE, "*/Sessions")).containsExactly("Prod-Sessions");
        assertThat(select(Extension.NONE, "Prod/**")).containsExactly("Prod-Telephony", "Prod-Sessions",
                "Prod-Reports", "Prod-Eu-Edge");
        assertThat(select(Extension.NONE, "Prod/Se?sions")).containsExactly("Prod-Sessions");
    }

    @Test
    void aPatternMatchesStackNamesToo() {
        assertThat(select(Extension.NONE, "Prod-Sessions")).containsExactly("Prod-Sessions");
        assertThat(select(Extension.NONE, "Prod-*")).containsExactly("Prod-Telephony", "Prod-Sessions",
                "Prod-Reports", "Prod-Eu-Edge");
    }

    @Test
    void deployTakesWhatTheSelectedStacksDependOnAndSaysWhich() {
        StackGraph.Selection selection = GRAPH.select(List.of("Prod/Reports"), Extension.UPSTREAM, "the");

        assertThat(selection.stacks()).containsExactly("Prod-Telephony", "Prod-Sessions", "Prod-Reports");
        assertThat(selection.added()).containsExactly("Prod-Telephony", "Prod-Sessions");
    }

    @Test
    void destroyTakesWhatDependsOnTheSelectedStacks() {
        StackGraph.Selection selection = GRAPH.select(List.of("Prod/Telephony"), Extension.DOWNSTREAM, "the");

        assertThat(selection.stacks()).containsExactly("Prod-Telephony", "Prod-Sessions", "Prod-Reports");
        assertThat(selection.added()).containsExactly("Prod-Sessions", "Prod-Reports");
    }

    @Test
    void exclusivelyTakesOnlyTheMatchedStacks() {
        assertThat(select(Extension.NONE, "Prod/Sessions")).containsExactly("Prod-Sessions");
    }

    @Test
    void aPatternThatMatchesNothingIsOneLineListingTheStacks() {
        assertThatThrownBy(() -> GRAPH.select(List.of("Prod/Sessions", "Prod/Nope", "Staging/*"), Extension.NONE,
                "the app's"))
                .isInstanceOf(StackGraph.NoMatch.class)
                .hasMessage("no stack matches Prod/Nope, Staging/*; the app's stacks are: Top, Prod/Telephony "
                        + "(Prod-Telephony), Prod/Sessions (Prod-Sessions), Prod/Reports (Prod-Reports), Prod/Eu/Edge "
                        + "(Prod-Eu-Edge)");
        assertThatThrownBy(() -> StackGraph.of(List.of()).select(List.of("X"), Extension.NONE, "the recorded"))
                .hasMessage("no stack matches X; the recorded stacks are: none");
    }
}
