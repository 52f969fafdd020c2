package io.github.proxysessions.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An emulator of the Amazon Chime SDK Voice proxy-session API on loopback, faithful enough that the AWS SDKs cannot
 * tell it from the service: the same paths, status codes, JSON members, timestamps and error headers, the constraints
 * of the service model, and the behaviour described in docs/EMULATOR.md.
 *
 * <pre>{@code
 * try (ChimeVoiceEmulator emulator = ChimeVoiceEmulator.builder().build()) {
 *     ChimeSdkVoiceClient client = ChimeSdkVoiceClient.builder().endpointOverride(emulator.endpoint())...build();
 * }
 * }</pre>
 *
 * <p>The emulator accepts any SigV4 credentials (it checks that requests are signed for the {@code chime} service,
 * not the signature itself).
 */
public final class ChimeVoiceEmulator implements AutoCloseable {

    /** The voice connector that {@link #seedDemoVoiceConnector()} creates, and the example app uses by default. */
    public static final String DEMO_VOICE_CONNECTOR_ID = "demovoiceconnector0001";

    private final ServiceState state;
    private final VoiceService service;
    private final Faults faults = new Faults();
    private final Endpoint endpoint;
    private final HttpFrontEnd frontEnd;

    private ChimeVoiceEmulator(Builder builder) throws IOException {
        ServiceModel model = ServiceModel.load();
        if (builder.stateFile == null) {
            this.state = ServiceState.inMemory(builder.clock);
        } else if (builder.readOnly) {
            this.state = ServiceState.openToRead(builder.clock, builder.stateFile);
        } else {
            this.state = ServiceState.open(builder.clock, builder.stateFile);
            // A read-only emulator's notes are its caller's to show: it serves tools that report on their own.
            state.repairs().forEach(repair -> System.err.println("emulator: " + repair));
        }
        this.service = new VoiceService(state);
        this.endpoint = new Endpoint(model, service, faults);
        try {
            this.frontEnd = new HttpFrontEnd(builder.port, builder.limits, endpoint);
        } catch (IOException e) {
            state.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of an emulator; {@link #build()} starts it. */
    public static final class Builder {
        private int port;
        private Path stateFile;
        private boolean readOnly;
        private Clock clock = Clock.systemUTC();
        private HttpFrontEnd.Limits limits = HttpFrontEnd.Limits.DEFAULT;

        private Builder() {
        }

        /** The loopback port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Keeps the state in this file (and a journal beside it), so that it survives restarts; null keeps it in
         * memory. The emulator holds the file's lock until it is closed: no other emulator may change it meanwhile.
         * Replaces a {@link #readOnlyStateFile} set before. Default: memory.
         */
        public Builder stateFile(Path stateFile) {
            this.stateFile = stateFile;
            this.readOnly = false;
            return this;
        }

        /**
         * Serves the state in this file (and its journal) as it is when the emulator starts, for reading only, such
         * as the local runner's {@code status} does while another runner may be deploying with that state:
         *
         * <ul>
         *   <li>nothing on disk changes: no lock is taken, no file or directory created, the journal is neither
         *       compacted nor repaired, a damaged or torn journal is neither cut nor copied aside (its damaged lines
         *       are skipped, and {@link ChimeVoiceEmulator#stateRepairs()} lists them without printing them), and no
         *       connector is seeded;</li>
         *   <li>a file that does not exist is an empty state;</li>
         *   <li>later changes by the emulator that owns the file are not seen: open again to see them;</li>
         *   <li>every request that would change something (the service's writes and {@code POST /_emulator/clock}) is
         *       answered {@code 403 ForbiddenException}, after the input's validation (a {@code 400} comes first), and
         *       the in-process changes ({@link ChimeVoiceEmulator#advanceClock}, {@link
         *       ChimeVoiceEmulator#seedDemoVoiceConnector}, ...) throw {@link UnsupportedOperationException}.</li>
         * </ul>
         *
         * Replaces a {@link #stateFile} set before. {@link #build()} throws {@link EmulatorStateException} when the
         * files cannot be used as they are, as it does for {@link #stateFile}.
         *
         * @param stateFile the state file, not null
         */
        public Builder readOnlyStateFile(Path stateFile) {
            this.stateFile = Objects.requireNonNull(stateFile, "stateFile must not be null");
            this.readOnly = true;
            return this;
        }

        /** The clock that timestamps and expiry follow. Default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a request may go without sending a byte before it is cut off (for tests). Default: 30 s. */
        Builder readTimeout(Duration readTimeout) {
            this.limits = limits.withReadTimeout(readTimeout);
            return this;
        }

        /**
         * How long a request may take to arrive whole, request line, headers and body, from its first byte (for
         * tests). Default: 30 s.
         */
        Builder requestTimeout(Duration requestTimeout) {
            this.limits = limits.withRequestTimeout(requestTimeout);
            return this;
        }

        /**
         * How many connections may be open at once, and the read timeout of the open ones while there are that many
         * (for tests). Default: 1,024, and 2 s.
         */
        Builder connectionLimit(int max, Duration readTimeoutAtLimit) {
            this.limits = limits.withConnectionLimit(max, readTimeoutAtLimit);
            return this;
        }

        /** Starts the emulator; it accepts connections when this returns. */
        public ChimeVoiceEmulator build() {
            try {
                return new ChimeVoiceEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the emulator on port " + port, e);
            }
        }
    }

    /** The base URI to give an SDK as its endpoint, such as {@code http://127.0.0.1:38421}. */
    public URI endpoint() {
        return frontEnd.uri();
    }

    /** How many connections are open now (for tests). */
    int openConnections() {
        return frontEnd.openConnections();
    }

    public int port() {
        return frontEnd.uri().getPort();
    }

    /** The faults injected into requests; changes take effect at once. */
    public Faults faults() {
        return faults;
    }

    /**
     * Creates the demo voice connector {@value #DEMO_VOICE_CONNECTOR_ID} with the default phone-number inventory,
     * unless it exists already. Returns its id.
     *
     * @throws UnsupportedOperationException when the emulator is {@linkplain #readOnly() read-only}
     */
    public String seedDemoVoiceConnector() {
        requireWritable();
        try {
            service.getVoiceConnector(DEMO_VOICE_CONNECTOR_ID);
        } catch (ApiException notFound) {
            try {
                service.createVoiceConnector(DEMO_VOICE_CONNECTOR_ID, new Inputs.CreateVoiceConnector(
                        "Demo voice connector", null, true, null, null, null));
            } catch (ApiException createdMeanwhile) {
                // another thread seeded it first
            }
        }
        return DEMO_VOICE_CONNECTOR_ID;
    }

    /**
     * Replaces the phone numbers that a connector's proxy numbers are drawn from.
     *
     * @throws UnsupportedOperationException when the emulator is {@linkplain #readOnly() read-only}
     */
    public void setPhoneNumberInventory(String voiceConnectorId, List<String> e164Numbers) {
        requireWritable();
        service.setInventory(voiceConnectorId, List.copyOf(e164Numbers));
    }

    /**
     * Marks a session as carrying a call or message, so that its status reads {@code InProgress} until it expires.
     *
     * @throws UnsupportedOperationException when the emulator is {@linkplain #readOnly() read-only}
     */
    public void markInProgress(String voiceConnectorId, String proxySessionId) {
        requireWritable();
        service.markInProgress(voiceConnectorId, proxySessionId);
    }

    /** The ids of every proxy session on a connector, whatever their status, in creation order. */
    public List<String> proxySessionIds(String voiceConnectorId) {
        return service.sessions(voiceConnectorId).stream().map(Records.SessionRec::id).toList();
    }

    /** The ids of every voice connector, in creation order. */
    public List<String> voiceConnectorIds() {
        return service.connectorIds();
    }

    /**
     * Moves the emulator's clock ahead: timestamps and session expiry follow at once, as if that much time had passed.
     * With a state file the offset is durable. The same as {@code POST /_emulator/clock}; returns the new time.
     *
     * @throws UnsupportedOperationException when the emulator is {@linkplain #readOnly() read-only}
     */
    public Instant advanceClock(Duration duration) {
        requireWritable();
        service.advanceClock(duration);
        return Instant.ofEpochMilli(service.now());
    }

    /** How far {@link #advanceClock} and {@code POST /_emulator/clock} have moved the clock in total. */
    public Duration clockOffset() {
        return service.clockOffset();
    }

    /**
     * What opening the state file had to repair, one line each, such as a journal record that failed its checksum
     * (the journal as it was is kept beside it); empty when nothing was. Each line is also printed on stderr. With
     * {@link Builder#readOnlyStateFile}: what it found damaged and left as it is, printed nowhere.
     */
    public List<String> stateRepairs() {
        return state.repairs();
    }

    /** Whether the emulator serves its state read-only ({@link Builder#readOnlyStateFile}). */
    public boolean readOnly() {
        return state.readOnly();
    }

    private void requireWritable() {
        if (state.readOnly()) {
            throw new UnsupportedOperationException("this emulator serves its state file read-only: it changes "
                    + "nothing");
        }
    }

    /** How many requests each operation has received (including those answered with an injected fault). */
    public Map<String, Long> requestCounts() {
        return endpoint.requestCounts();
    }

    public long requestCount(String operation) {
        return endpoint.requestCount(operation);
    }

    public void resetRequestCounts() {
        endpoint.resetRequestCounts();
    }

    /** Stops serving and closes the state file. In-flight requests are given a second to finish. */
    @Override
    public void close() {
        frontEnd.close();
        try {
            state.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the emulator state", e);
        }
    }
}
