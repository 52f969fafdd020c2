package io.github.proxysessions.local.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.proxysessions.local.cfn.Functions;
import io.github.proxysessions.local.cfn.ResourceRecord;
import io.github.proxysessions.local.cfn.StackRecord;
import io.github.proxysessions.rules.Masking;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the stacks' renewal schedules would do at this moment (contract C8): every recorded
 * {@code AWS::Scheduler::Schedule} (a type with no local meaning, whose resolved properties are recorded) whose
 * {@code Target.Arn} is a function of its stack, invoked synchronously with its {@code Target.Input}, as EventBridge
 * Scheduler would invoke it: {@code <aws.scheduler.scheduled-time>} in it replaced by the time of the run, as the
 * scheduler replaces it. All of them at once; the results in the stacks' order.
 */
public final class Renewals {

    static final String SCHEDULE = "AWS::Scheduler::Schedule";
    /** EventBridge Scheduler's context attribute for the time a run was scheduled for, in a target's Input. */
    static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one schedule's run did. */
    public record Result(String stackName, String scheduleLogicalId, String sessionLogicalId, Kind kind, String action,
                  String detail) {

        /** The line {@code renew} prints: stack, the session's logical id, the action and its detail. */
        public String line() {
            return String.format("%-20s %-28s %-11s %s", stackName, sessionLogicalId, action, detail);
        }
    }

    /** How a schedule's run ended. */
    public enum Kind {
        /** The function answered: RENEWED, RECREATED or LEFT_ALONE (or what another function answers). */
        DONE,
        /** The function failed, or could not be invoked. */
        FAILED,
        /** Not run: the schedule is disabled, or its target is not a function of its stack. */
        SKIPPED
    }

    private Renewals() {
    }

    /**
     * Runs every schedule of these stacks that targets one of their functions, now; waits for all. They run at one
     * moment: the time each run's input gets for {@code <aws.scheduler.scheduled-time>}.
     */
    public static List<Result> run(List<StackRecord> stacks, Functions functions) {
        String now = scheduledTime(Clock.systemUTC().instant());
        List<CompletableFuture<Result>> runs = new ArrayList<>();
        for (StackRecord stack : stacks) {
            for (ResourceRecord schedule : stack.resources()) {
                if (schedule.type().equals(SCHEDULE)) {
                    runs.add(run(stack, schedule, functions, now));
                }
            }
        }
        return runs.stream().map(CompletableFuture::join).toList();
    }

    /** A run's scheduled time as EventBridge Scheduler writes it: ISO-8601 in UTC, to the second. */
    static String scheduledTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static CompletableFuture<Result> run(StackRecord stack, ResourceRecord schedule, Functions functions,
                                                 String now) {
        JsonNode target = schedule.properties().path("Target");
        String arn = target.path("Arn").asText("");
        // As the scheduler does at each run: its context attribute becomes the run's scheduled time (contract C8).
        String input = target.path("Input").asText("{}").replace(SCHEDULED_TIME, now);
        String session = sessionLogicalId(input, schedule.logicalId());
        if ("DISABLED".equals(schedule.properties().path("State").asText())) {
            return done(stack, schedule, session, Kind.SKIPPED, "SKIPPED", "the schedule is DISABLED");
        }
        if (!Functions.Spec.isRecorded(stack, arn)) {
            return done(stack, schedule, session, Kind.SKIPPED, "SKIPPED",
                    "its target " + arn + " is not a function of the stack");
        }
        CompletableFuture<Functions.Response> invoked;
        try {
            invoked = functions.invokeRequestResponse(Functions.Spec.recorded(stack, arn), input);
        } catch (RuntimeException e) {
            invoked = CompletableFuture.failedFuture(e);
        }
        return invoked.handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                return result(stack, schedule, session, Kind.FAILED, "FAILED",
                        "the function could not be invoked: " + cause.getMessage());
            }
            if (response instanceof Functions.Failed failed) {
                return result(stack, schedule, session, Kind.FAILED, "FAILED",
                        failed.errorType() + ": " + Masking.maskPhoneNumbersIn(failed.errorMessage()));
            }
            return answered(stack, schedule, session, ((Functions.Returned) response).payload());
        });
    }

    /** The function's answer: {@code {"LogicalResourceId", "Action", "Detail", ...}} (C8). */
    private static Result answered(StackRecord stack, ResourceRecord schedule, String session, String payload) {
        JsonNode answer;
        try {
            answer = MAPPER.readTree(payload);
        } catch (Exception e) {
            answer = null;
        }
        if (answer == null || !answer.path("Action").isTextual()) {
            return result(stack, schedule, session, Kind.DONE, "INVOKED", "the function returned "
                    + Masking.abbreviate(String.valueOf(payload)));
        }
        return result(stack, schedule, answer.path("LogicalResourceId").asText(session), Kind.DONE,
                answer.get("Action").asText(), Masking.maskPhoneNumbersIn(answer.path("Detail").asText("")));
    }

    /** The session a renewal event names, or the schedule's own logical id for any other input. */
    private static String sessionLogicalId(String input, String scheduleLogicalId) {
        try {
            JsonNode id = MAPPER.readTree(input).path("ProxySessionRenewal").path("LogicalResourceId");
            return id.isTextual() ? id.asText() : scheduleLogicalId;
        } catch (Exception e) {
            return scheduleLogicalId;
        }
    }

    private static CompletableFuture<Result> done(StackRecord stack, ResourceRecord schedule, String session,
                                                  Kind kind, String action, String detail) {
        return CompletableFuture.completedFuture(result(stack, schedule, session, kind, action, detail));
    }

    /** A result; {@code detail} has its phone numbers masked already, and is cut to its first line. */
    private static Result result(StackRecord stack, ResourceRecord schedule, String session, Kind kind,
                                 String action, String detail) {
        return new Result(stack.stackName(), schedule.logicalId(), session, kind, action,
                String.valueOf(detail).lines().findFirst().orElse(""));
    }
}
