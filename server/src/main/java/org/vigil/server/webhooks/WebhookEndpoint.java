package org.vigil.server.webhooks;

import org.vigil.server.alerts.Alert;
import org.vigil.server.alerts.AlertKind;
import org.vigil.server.alerts.AlertTransition;
import org.vigil.server.alerts.Severity;
import org.vigil.organisation.Organisation;
import org.vigil.organisation.Unit;
import org.vigil.organisation.WebhookConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One webhook endpoint, ready to deliver to: its configuration from the organisation file with the secret read
 * (from the environment or a file), the truststore loaded, and the names of kinds, severity and transitions
 * checked. Anything missing or wrong stops start-up, naming the entry: an endpoint that silently received
 * nothing would be a lost alert. Immutable; never prints its secret.
 */
public final class WebhookEndpoint {
    /** HMAC-SHA256 keys shorter than this are refused: a guessable secret makes the signature worthless. */
    static final int MIN_SECRET_CHARS = 32;

    private final String name;
    private final URI url;
    private final Set<String> covers;
    private final Set<AlertKind> kinds;
    private final Severity minSeverity;
    private final Set<AlertTransition.Type> transitions;
    private final byte[] secret;
    private final SSLContext tls;
    private final Duration timeout;
    private final long retryInitialMillis;
    private final long retryMaxMillis;

    private WebhookEndpoint(WebhookConfig c, Set<AlertKind> kinds, Severity minSeverity,
                            Set<AlertTransition.Type> transitions, byte[] secret, SSLContext tls) {
        this.name = c.name();
        this.url = c.url();
        this.covers = Set.copyOf(c.covers());
        this.kinds = kinds;
        this.minSeverity = minSeverity;
        this.transitions = transitions;
        this.secret = secret;
        this.tls = tls;
        this.timeout = Duration.ofSeconds(c.timeoutSeconds());
        this.retryInitialMillis = c.retryInitialMillis();
        this.retryMaxMillis = c.retryMaxMillis();
    }

    /** Every endpoint of the organisation file, resolved; the first mistake stops start-up with its path. */
    public static List<WebhookEndpoint> resolveAll(Organisation org, Function<String, String> env) throws IOException {
        List<WebhookEndpoint> out = new ArrayList<>();
        for (WebhookConfig c : org.webhooks()) {
            out.add(resolve(c, env));
        }
        return out;
    }

    /** One endpoint: reads its secret and truststore and checks its names; {@code env} is the environment. */
    public static WebhookEndpoint resolve(WebhookConfig c, Function<String, String> env) throws IOException {
        Set<AlertKind> kinds = EnumSet.allOf(AlertKind.class);
        if (!c.kinds().isEmpty()) {
            kinds = EnumSet.noneOf(AlertKind.class);
            for (int i = 0; i < c.kinds().size(); i++) {
                kinds.add(named(AlertKind.class, c.kinds().get(i), c.where() + ".kinds[" + i + "]", "alert kind"));
            }
        }
        Severity min = c.minSeverity() == null ? Severity.LOW
                : named(Severity.class, c.minSeverity(), c.where() + ".minSeverity", "severity");
        Set<AlertTransition.Type> types = EnumSet.allOf(AlertTransition.Type.class);
        if (!c.transitions().isEmpty()) {
            types = EnumSet.noneOf(AlertTransition.Type.class);
            for (int i = 0; i < c.transitions().size(); i++) {
                types.add(named(AlertTransition.Type.class, c.transitions().get(i),
                        c.where() + ".transitions[" + i + "]", "transition type"));
            }
        }
        String secret = read(c.secret(), env, c.where() + ".secret");
        if (secret.length() < MIN_SECRET_CHARS) {
            throw new IOException(c.where() + ".secret: at least " + MIN_SECRET_CHARS
                    + " characters (e.g. openssl rand -hex 32)");
        }
        SSLContext tls = c.truststore() == null ? null : trust(c.truststore(), env, c.where() + ".truststore");
        return new WebhookEndpoint(c, Set.copyOf(kinds), min, Set.copyOf(types),
                secret.getBytes(StandardCharsets.UTF_8), tls);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name, String path, String what)
            throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": unknown " + what + " '" + name + "' (one of "
                    + Arrays.toString(type.getEnumConstants()) + ")");
        }
    }

    /** A secret from its environment variable or file; trailing whitespace (a file's newline) is not part of it. */
    private static String read(WebhookConfig.Secret s, Function<String, String> env, String path) throws IOException {
        String value;
        if (s.env() != null) {
            value = env.apply(s.env());
            if (value == null || value.isBlank()) {
                throw new IOException(path + ".env: the environment variable " + s.env() + " is not set");
            }
        } else {
            try {
                value = Files.readString(s.file(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException(path + ".file: cannot read " + s.file() + " (" + e + ")");
            }
            if (value.isBlank()) {
                throw new IOException(path + ".file: " + s.file() + " is empty");
            }
        }
        return value.stripTrailing();
    }

    private static SSLContext trust(WebhookConfig.Truststore t, Function<String, String> env, String path)
            throws IOException {
        char[] password = t.password() == null ? null : read(t.password(), env, path + ".password").toCharArray();
        try (InputStream in = Files.newInputStream(t.file())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException(path + ".file: cannot load the PKCS12 truststore " + t.file() + " (" + e + ")");
        }
    }

    /**
     * Whether this endpoint is told of the transition: its type is listed, and the endpoint {@linkplain #concerns is
     * concerned} with the alert on its unit. (An alert it was concerned with stays its concern wherever the patient
     * goes: {@link ConcernedAlerts}.)
     */
    public boolean wants(Unit unit, Alert alert, AlertTransition t) {
        return asksFor(t.type()) && concerns(unit, alert);
    }

    /**
     * Whether the alert, on this unit, is one this endpoint is told of: the unit is covered (by its ward, home,
     * trust or place, as token scopes are), its kind is listed, and the episode's worst severity reached the minimum
     * — the worst, so that an endpoint told of an alert hears the rest of it (accepted, resolved) even after it
     * improves; or an alert it was told of handed this one its unanswered ladder (NEWS2's band changed: found by an
     * independent check, a HIGH-only endpoint was told the HIGH alert was resolved as superseded, and never of the
     * MEDIUM alert climbing on to the site manager).
     */
    public boolean concerns(Unit unit, Alert alert) {
        if (!covers(unit)) {
            return false;
        }
        if (told(alert.kind(), alert.worstSeverity())) {
            return true;
        }
        for (Alert.TakenOver o : alert.takenOver()) {
            if (told(o.kind(), o.worstSeverity())) {
                return true; // it goes on up the ladder of an alert this endpoint was told of
            }
        }
        return false;
    }

    /** Whether the endpoint's transitions list this type. */
    public boolean asksFor(AlertTransition.Type type) {
        return transitions.contains(type);
    }

    private boolean told(AlertKind kind, Severity worst) {
        return kinds.contains(kind) && worst.compareTo(minSeverity) <= 0;
    }

    /** Whether the unit is within the endpoint's scope targets. */
    public boolean covers(Unit unit) {
        for (String target : unit.scopeTargets()) {
            if (covers.contains(target)) {
                return true;
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    /** The journal tailer that remembers how far this endpoint has been delivered. */
    public String tailerName() {
        return "webhook:" + name;
    }

    public URI url() {
        return url;
    }

    byte[] secret() {
        return secret.clone();
    }

    /** The TLS context trusting the configured truststore, or null for the JVM's default trust. */
    SSLContext tls() {
        return tls;
    }

    Duration timeout() {
        return timeout;
    }

    long retryInitialMillis() {
        return retryInitialMillis;
    }

    long retryMaxMillis() {
        return retryMaxMillis;
    }

    @Override
    public String toString() {
        return "webhook '" + name + "' (" + url.getScheme() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + ")";
    }
}
