package io.github.proxysessions.cdk;

import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The settings of a stack's {@link ProxySessionProvider}, given to
 * {@link ProxySessionProvider#create(software.amazon.awscdk.Stack, ProxySessionProviderProps)} before the stack's first
 * session or configuration. Immutable; build with {@link #builder()}. Every setting is optional; an unset one takes
 * its default, which is what a provider created by a session gets.
 */
public final class ProxySessionProviderProps {

    /** The default architecture: arm64, since the handler jar is pure Java (see {@link #getArchitecture()}). */
    static final Architecture DEFAULT_ARCHITECTURE = Architecture.ARM_64;

    /** The default memory, in MB: {@link #getMemorySize()} says why. */
    static final int DEFAULT_MEMORY_SIZE_MB = 1024;

    /** The default log retention: a month, long enough to read back a failed deploy or renewal. */
    static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;

    private final Architecture architecture;
    private final Number memorySize;
    private final RetentionDays logRetention;
    private final Number reservedConcurrentExecutions;
    private final Tracing tracing;
    private final Boolean snapStart;

    private ProxySessionProviderProps(Builder b) {
        this.architecture = b.architecture;
        this.memorySize = b.memorySize;
        this.logRetention = b.logRetention;
        this.reservedConcurrentExecutions = b.reservedConcurrentExecutions;
        this.tracing = b.tracing;
        this.snapStart = b.snapStart;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The instruction set the function runs on. The handler jar is pure Java (no native code), so it runs unchanged
     * on either; arm64 (Graviton) is billed about a fifth less per GB-second than x86_64 in Lambda's price list.
     *
     * @return the architecture, or null for the default
     * @default {@link Architecture#ARM_64}
     */
    public Architecture getArchitecture() {
        return architecture;
    }

    /**
     * The function's memory in MB, a whole number from 128 to 10240. Lambda gives CPU in proportion to memory, and a
     * Java cold start (class loading, building the SDK client) is CPU-bound, while the handler needs little memory: its
     * peak is about 90 MB over a configuration and 20 sessions (docs/BENCHMARKS.md). So the default buys CPU for the
     * cold starts that deploys and renewals wait on, not room; a warm invocation runs for tens of milliseconds, so less
     * memory saves little and slows deploys.
     *
     * @return the memory size, or null for the default
     * @default 1024
     */
    public Number getMemorySize() {
        return memorySize;
    }

    /**
     * How long the function's log group keeps its logs (every deploy event and renewal run, and the renewal metrics'
     * documents).
     *
     * @return the retention, or null for the default
     * @default {@link RetentionDays#ONE_MONTH}
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * Concurrency reserved for the function: at least 1. It also caps the function, so that a stack with many
     * sessions renewing at once cannot take the account's concurrency from other functions; invocations beyond it
     * are throttled and Lambda retries them (see the construct library's documentation, Renewal).
     *
     * @return the reserved concurrency, or null for the default
     * @default none: the function uses the account's unreserved concurrency
     */
    public Number getReservedConcurrentExecutions() {
        return reservedConcurrentExecutions;
    }

    /**
     * AWS X-Ray tracing of the function's invocations. With {@link Tracing#ACTIVE} or {@link Tracing#PASS_THROUGH}
     * the function's role may also send traces ({@code xray:PutTraceSegments}, {@code xray:PutTelemetryRecords},
     * which take no resource-level permission).
     *
     * @return the tracing mode, or null for the default
     * @default {@link Tracing#DISABLED}
     */
    public Tracing getTracing() {
        return tracing;
    }

    /**
     * Lambda SnapStart on the function's published versions: every deploy that changes the function publishes a
     * version (the {@code live} alias moves to it), and Lambda then starts new instances from a snapshot of an
     * initialized one instead of initializing them (publishing takes longer). Custom resources and renewal schedules
     * invoke the alias whether SnapStart is on or not, so switching it changes no ServiceToken. Not available to a
     * stack that keeps the earlier, unqualified ServiceToken ({@link ProxySessionProvider#UNQUALIFIED_SERVICE_TOKEN}).
     *
     * @return whether SnapStart is on, or null for the default
     * @default false
     */
    public Boolean getSnapStart() {
        return snapStart;
    }

    /** Builds {@link ProxySessionProviderProps}. */
    public static final class Builder {
        private Architecture architecture;
        private Number memorySize;
        private RetentionDays logRetention;
        private Number reservedConcurrentExecutions;
        private Tracing tracing;
        private Boolean snapStart;

        private Builder() {
        }

        /** @see ProxySessionProviderProps#getArchitecture() */
        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /** @see ProxySessionProviderProps#getMemorySize() */
        public Builder memorySize(Number memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        /** @see ProxySessionProviderProps#getLogRetention() */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /** @see ProxySessionProviderProps#getReservedConcurrentExecutions() */
        public Builder reservedConcurrentExecutions(Number reservedConcurrentExecutions) {
            this.reservedConcurrentExecutions = reservedConcurrentExecutions;
            return this;
        }

        /** @see ProxySessionProviderProps#getTracing() */
        public Builder tracing(Tracing tracing) {
            this.tracing = tracing;
            return this;
        }

        /** @see ProxySessionProviderProps#getSnapStart() */
        public Builder snapStart(Boolean snapStart) {
            this.snapStart = snapStart;
            return this;
        }

        public ProxySessionProviderProps build() {
            return new ProxySessionProviderProps(this);
        }
    }
}
