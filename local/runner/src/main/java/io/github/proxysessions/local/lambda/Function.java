package io.github.proxysessions.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** A function's configuration: what {@code CreateFunction} would be given. Immutable. */
public final class Function {

    private final String name;
    private final Path code;
    private final String handler;
    private final int memoryMb;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final String logFormat;
    private final String accountId;
    private final String version;
    private final String qualifier;

    private Function(Builder builder) {
        this.name = builder.name;
        this.code = builder.code;
        this.handler = builder.handler;
        this.memoryMb = builder.memoryMb;
        this.timeout = builder.timeout;
        this.environment = Map.copyOf(builder.environment);
        this.logFormat = builder.logFormat;
        this.accountId = builder.accountId;
        this.version = builder.version;
        this.qualifier = builder.qualifier;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String name() {
        return name;
    }

    /** The deployment package (.zip or .jar) or a directory laid out as one. */
    public Path code() {
        return code;
    }

    public String handler() {
        return handler;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The function's own variables, and those the runner adds (region, credentials). */
    public Map<String, String> environment() {
        return environment;
    }

    /** {@code JSON} or {@code Text}. */
    public String logFormat() {
        return logFormat;
    }

    public String accountId() {
        return accountId;
    }

    /**
     * Which of the function's versions this configuration is: {@code $LATEST}, or the number of a published
     * version, whose code and configuration are frozen. Instances see it in {@code AWS_LAMBDA_FUNCTION_VERSION} and
     * their log stream names.
     */
    public String version() {
        return version;
    }

    /**
     * The qualifier of the ARN the function is invoked by (an alias name such as {@code live}, or a version
     * number), or null for the unqualified ARN: instances see that ARN as the invoked function ARN.
     */
    public String qualifier() {
        return qualifier;
    }

    /** {@code /aws/lambda/<name>}. */
    public String logGroupName() {
        return "/aws/lambda/" + name;
    }

    /**
     * Builds a {@link Function}. {@link #name}, {@link #code} and {@link #handler} are required; the rest have
     * Lambda's defaults. Each setter rejects a value Lambda's API would reject, with
     * {@link IllegalArgumentException} (or {@link NullPointerException} for null).
     */
    public static final class Builder {

        private String name;
        private Path code;
        private String handler;
        private int memoryMb = 128;
        private Duration timeout = Duration.ofSeconds(3);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String logFormat = "Text";
        private String accountId = "000000000000";
        private String version = "$LATEST";
        private String qualifier;

        private Builder() {
        }

        /** 1 to 64 letters, digits, hyphens and underscores. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("Function name '" + name + "' is invalid: Lambda requires "
                        + "1 to 64 letters, digits, hyphens and underscores");
            }
            this.name = name;
            return this;
        }

        /** The function's asset: a .zip or .jar file (what {@code cdk deploy} uploads), or a directory. */
        public Builder code(Path code) {
            this.code = Objects.requireNonNull(code, "code");
            return this;
        }

        /** {@code package.Class::method}, or {@code package.Class} for a {@code RequestHandler}. */
        public Builder handler(String handler) {
            Objects.requireNonNull(handler, "handler");
            if (handler.isBlank() || handler.length() > 128 || handler.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("Handler '" + handler + "' is invalid: Lambda requires at "
                        + "most 128 characters and no spaces, such as com.example.Handler::handleRequest");
            }
            this.handler = handler;
            return this;
        }

        /** 128 to 10240 MB; default 128. */
        public Builder memoryMb(int memoryMb) {
            if (memoryMb < 128 || memoryMb > 10240) {
                throw new IllegalArgumentException("Memory size must be from 128 to 10240 MB; got " + memoryMb);
            }
            this.memoryMb = memoryMb;
            return this;
        }

        /** Whole seconds, from 1 s to 900 s (15 minutes); default 3 s. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() % 1000 != 0 || timeout.getSeconds() < 1 || timeout.getSeconds() > 900) {
                throw new IllegalArgumentException("Timeout must be whole seconds from 1 to 900; got "
                        + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Replaces the environment variables: the function's own, plus what the runner adds. Variables Lambda
         * sets itself ({@code _HANDLER}, {@code AWS_LAMBDA_*}, {@code LAMBDA_TASK_ROOT}, ...) are refused, except
         * {@code AWS_REGION}, {@code AWS_DEFAULT_REGION} and the credentials, which the runner may pass (Lambda
         * derives them from the region and the execution role). Without them: {@code us-east-1} and placeholder
         * credentials.
         */
        public Builder environment(Map<String, String> environment) {
            Objects.requireNonNull(environment, "environment");
            FunctionEnvironment.validate(environment);
            this.environment.clear();
            this.environment.putAll(environment);
            return this;
        }

        /** {@code JSON} or {@code Text} (any case); default {@code Text}. */
        public Builder logFormat(String logFormat) {
            Objects.requireNonNull(logFormat, "logFormat");
            this.logFormat = switch (logFormat.toUpperCase(Locale.ROOT)) {
                case "JSON" -> "JSON";
                case "TEXT" -> "Text";
                default -> throw new IllegalArgumentException("Log format must be JSON or Text; got "
                        + logFormat);
            };
            return this;
        }

        /** The account in the function's ARN; default {@code 000000000000}. */
        public Builder accountId(String accountId) {
            Objects.requireNonNull(accountId, "accountId");
            if (!accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("Account id must be 12 digits; got " + accountId);
            }
            this.accountId = accountId;
            return this;
        }

        /** {@code $LATEST} (the default) or a published version's number. */
        public Builder version(String version) {
            Objects.requireNonNull(version, "version");
            if (!version.equals("$LATEST") && !version.matches("[1-9][0-9]{0,9}")) {
                throw new IllegalArgumentException("Version must be $LATEST or a version number; got "
                        + version);
            }
            this.version = version;
            return this;
        }

        /**
         * The qualifier of the ARN the function is invoked by: an alias name (1 to 128 letters, digits, hyphens
         * and underscores, not only digits), a version number or {@code $LATEST}; null (the default) for the
         * unqualified ARN.
         */
        public Builder qualifier(String qualifier) {
            if (qualifier != null && !qualifier.matches("\\$LATEST|[a-zA-Z0-9_-]{1,128}")) {
                throw new IllegalArgumentException("Qualifier '" + qualifier + "' is invalid: Lambda requires "
                        + "an alias name, a version number or $LATEST");
            }
            this.qualifier = qualifier;
            return this;
        }

        /** @throws IllegalStateException when the name, code or handler is missing */
        public Function build() {
            if (name == null || code == null || handler == null) {
                throw new IllegalStateException("A function needs a name, code and a handler; missing: "
                        + ((name == null ? "name " : "") + (code == null ? "code " : "")
                        + (handler == null ? "handler" : "")).trim());
            }
            return new Function(this);
        }
    }
}
