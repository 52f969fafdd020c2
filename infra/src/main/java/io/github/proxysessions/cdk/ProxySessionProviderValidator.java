package io.github.proxysessions.cdk;

import software.amazon.awscdk.Token;
import software.constructs.Construct;

/** The synth-time checks of {@link ProxySessionProviderProps}: literal numbers only, tokens left to CloudFormation. */
final class ProxySessionProviderValidator {

    static final int MIN_MEMORY_SIZE_MB = 128;
    static final int MAX_MEMORY_SIZE_MB = 10_240;

    private ProxySessionProviderValidator() {
    }

    /** Throws an {@link IllegalArgumentException} naming every broken rule of the provider {@code id}. */
    static void validate(Construct scope, String id, ProxySessionProviderProps p) {
        Problems problems = new Problems("ProxySessionProvider", scope, id);
        Number memory = p.getMemorySize();
        if (memory != null && !Token.isUnresolved(memory) && !wholeIn(memory, MIN_MEMORY_SIZE_MB, MAX_MEMORY_SIZE_MB)) {
            problems.add("memorySize must be a whole number of MB from " + MIN_MEMORY_SIZE_MB + " to "
                    + MAX_MEMORY_SIZE_MB + " (Lambda's limits); got " + memory);
        }
        Number reserved = p.getReservedConcurrentExecutions();
        if (reserved != null && !Token.isUnresolved(reserved) && !wholeIn(reserved, 1, Integer.MAX_VALUE)) {
            problems.add("reservedConcurrentExecutions must be a whole number of at least 1 (0 would throttle every "
                    + "invocation, so no deploy event or renewal would ever run); got " + reserved);
        }
        if (Boolean.TRUE.equals(p.getSnapStart()) && ProxySessionProvider.unqualifiedServiceToken(scope)) {
            problems.add("snapStart cannot be true while the stack keeps the earlier, unqualified ServiceToken "
                    + "(context " + ProxySessionProvider.UNQUALIFIED_SERVICE_TOKEN + "): SnapStart applies to "
                    + "published versions only, and the stack's custom resources would still send every deploy "
                    + "event to the unpublished function (CloudFormation does not let a custom resource's "
                    + "ServiceToken change); leave snapStart off, or first move the stack's resources to the live "
                    + "alias as the construct library's documentation describes (docs/CONSTRUCTS.md, \"Upgrading a "
                    + "stack deployed before the alias\")");
        }
        problems.throwIfAny();
    }

    private static boolean wholeIn(Number n, long min, long max) {
        double d = n.doubleValue();
        return d == Math.rint(d) && d >= min && d <= max;
    }
}
