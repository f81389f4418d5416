package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Stellar testnet, Trustless Work and AirTM on one port, over HTTP, Stellar with real XDR on the
 * testkit's network model: Horizon at {@code /}, Soroban RPC at {@code /rpc}, friendbot at
 * {@code /friendbot}, Trustless Work at {@code /tw}, test knobs under {@code /admin}; AirTM's
 * Enterprise API v2 at {@code /airtm/v2} (Basic auth with {@link Builder#airtmApiKey} and
 * {@link Builder#airtmApiSecret}), its checkout at {@code /airtm/payin/{id}} and its test controls
 * at {@code /airtm/_sim} (see {@link AirtmFront}). AirTM's state lives in memory only, also when a
 * data directory keeps the network's.
 *
 * <pre>{@code
 * try (StellarSimulator sim = StellarSimulator.builder().port(0).ledgerInterval(Duration.ZERO).start()) {
 *   Server horizon = new Server(sim.baseUrl());
 *   SorobanServer rpc = new SorobanServer(sim.baseUrl() + "/rpc");
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops the server and the ledger ticker.
 */
public final class StellarSimulator implements AutoCloseable {
  /** Circle's USDC issuer on testnet. */
  public static final String TESTNET_USDC_ISSUER = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5";
  /** Trustless Work's fee address, fixed in [A] contracts. */
  public static final String TRUSTLESS_WORK_FEE_ADDRESS = "GBWWSOATPLIC72ZBOIM7WJCT7VCAHNWW4QUBZ2H4FORMCCIUM5ZVKSZN";
  public static final String TESTNET_PASSPHRASE = "Test SDF Network ; September 2015";

  static {
    // The JDK server writes a response's headers and body as separate segments; with Nagle's
    // algorithm on, the body waits for the client's delayed ACK (about 40 ms on Linux), so every
    // request on a kept-alive connection cost 40 ms. Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** How many submissions {@link #submissions()} keeps (the newest). */
  static final int SUBMISSIONS_KEPT = 1_000;

  /**
   * A transaction envelope as it reached Horizon's {@code POST /transactions} or RPC's
   * {@code sendTransaction}, before any fault knob acted on it; {@code at} is the network clock's
   * time of arrival.
   */
  public record SubmittedEnvelope(String hash, String envelope, Instant at) {
  }

  private final SimulatedNetwork network;
  private final XdrCodec codec;
  private final Faults faults = new Faults();
  private final Deque<SubmittedEnvelope> submissions = new ArrayDeque<>();
  private final HttpServer server;
  private final ExecutorService executor;
  private final Duration submitTimeout;
  private final String twApiKey;
  private final String twFeeAddress;
  private final AirtmWebhooks airtmWebhooks;
  private final AirtmEnterprise airtm;
  private final AirtmFaults airtmFaults = new AirtmFaults();
  private volatile boolean closed;

  private StellarSimulator(Builder b) throws IOException {
    // AirTM first: a bad setting (e.g. a webhook secret that is not whsec_ base64) fails before anything runs
    this.airtmWebhooks = new AirtmWebhooks(b.clock);
    airtmWebhooks.register(b.airtmWebhookUrl, b.airtmWebhookSecret);
    airtmWebhooks.retrySchedule(b.airtmWebhookSchedule);
    airtmWebhooks.timeout(b.airtmWebhookTimeout);
    this.airtm = new AirtmEnterprise(b.clock, b.airtmApiKey, airtmWebhooks);
    airtm.payinFeePercent(b.airtmPayinFeePercent);
    airtm.payoutCompletionDelay(b.airtmPayoutCompletionDelay);
    SimulatedNetwork.Builder model = SimulatedNetwork.builder().clock(b.clock).passphrase(b.passphrase)
        .usdc("USDC", b.usdcIssuer).serviceFee(TRUSTLESS_WORK_FEE_ADDRESS, b.serviceFeeBps).variant(b.variant)
        .minResourceFee(RpcFront.MIN_RESOURCE_FEE).codec(new XdrCodec(b.passphrase));
    Path stateFile = null;
    if (b.dataDir != null) {
      Files.createDirectories(b.dataDir);
      stateFile = b.dataDir.resolve("network.bin");
      if (Files.exists(stateFile)) {
        model.load(stateFile);
      }
    }
    this.network = model.build();
    if (stateFile != null) {
      network.persistTo(stateFile);
    }
    this.codec = new XdrCodec(network.passphrase());
    this.submitTimeout = b.submitTimeout;
    this.twApiKey = b.twApiKey;
    this.twFeeAddress = TRUSTLESS_WORK_FEE_ADDRESS;
    if (b.ledgerInterval.isZero()) {
      network.setAutoClose(true);
    } else {
      network.startClosing(b.ledgerInterval);
    }
    HorizonFront horizon = new HorizonFront(this);
    RpcFront rpc = new RpcFront(this);
    AdminFront admin = new AdminFront(this, horizon);
    TrustlessFront trustless = new TrustlessFront(this);
    AirtmFront airtmFront = new AirtmFront(airtm, airtmWebhooks, airtmFaults, b.airtmApiKey, b.airtmApiSecret);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "stellar-simulator-http");
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 256);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      Http http = new Http(exchange);
      try {
        String path = http.path();
        boolean admin1 = path.startsWith("/admin/") || path.startsWith("/friendbot");
        boolean tw = path.startsWith("/tw/") || path.equals("/tw");
        boolean airtmPath = path.startsWith(AirtmFront.PREFIX + "/") || path.equals(AirtmFront.PREFIX);
        if (!admin1 && !tw && !airtmPath) {
          pause(faults.delayMillis());
        }
        boolean handled = airtmPath ? airtmFront.handle(http)
            : tw ? trustless.handle(http)
            : admin1 ? admin.handle(http)
            : rpc.handle(http) || horizon.handle(http);
        if (!handled && !http.answered()) {
          HorizonFront.notFound(http);
        }
      } catch (RuntimeException | IOException e) {
        if (!http.answered()) {
          ObjectNode node = Http.object();
          node.put("status", 500);
          node.put("message", "simulator error: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
          try {
            http.json(500, node);
          } catch (IOException ignored) {
            // the client is gone
          }
        }
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  private static void pause(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings; the defaults are those of the environment variables of {@link SimulatorMain}. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8000;
    private Path dataDir;
    private Duration ledgerInterval = Duration.ofSeconds(1);
    private String twApiKey = "simulator-key";
    private String passphrase = TESTNET_PASSPHRASE;
    private String usdcIssuer = TESTNET_USDC_ISSUER;
    private int serviceFeeBps = 30;
    private SimulatedNetwork.Variant variant = SimulatedNetwork.Variant.B;
    private Duration submitTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private String airtmApiKey = "sim-airtm-key";
    private String airtmApiSecret = "sim-airtm-secret";
    private String airtmWebhookUrl;
    private String airtmWebhookSecret;
    private List<Duration> airtmWebhookSchedule = AirtmWebhooks.DEFAULT_SCHEDULE;
    private Duration airtmWebhookTimeout = AirtmWebhooks.DEFAULT_TIMEOUT;
    private java.math.BigDecimal airtmPayinFeePercent = java.math.BigDecimal.ZERO;
    private Duration airtmPayoutCompletionDelay = Duration.ZERO;

    /** Port to listen on (0: any free port, see {@link #port()}). */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    /** Where the state is kept across restarts (null: in memory only). */
    public Builder dataDir(Path value) {
      this.dataDir = value;
      return this;
    }

    /** How often a ledger closes; zero closes one on every submit. */
    public Builder ledgerInterval(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("ledger interval must not be negative");
      }
      this.ledgerInterval = value;
      return this;
    }

    /** The one API key Trustless Work accepts. */
    public Builder twApiKey(String value) {
      this.twApiKey = value;
      return this;
    }

    public Builder passphrase(String value) {
      this.passphrase = value;
      return this;
    }

    public Builder usdcIssuer(String value) {
      this.usdcIssuer = value;
      return this;
    }

    /** Trustless Work's fee on payouts, basis points (30 as the real service). */
    public Builder serviceFeeBps(int value) {
      this.serviceFeeBps = value;
      return this;
    }

    /** The escrow contract build deployed by default ([B]). */
    public Builder variant(SimulatedNetwork.Variant value) {
      this.variant = value;
      return this;
    }

    /** How long Horizon's submit waits for inclusion before answering 504 (30 s as Horizon). */
    public Builder submitTimeout(Duration value) {
      this.submitTimeout = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** The AirTM API key the Basic credentials must carry ({@code sim-airtm-key}). */
    public Builder airtmApiKey(String value) {
      this.airtmApiKey = requireText(value, "airtmApiKey");
      return this;
    }

    /** The AirTM API secret the Basic credentials must carry ({@code sim-airtm-secret}). */
    public Builder airtmApiSecret(String value) {
      this.airtmApiSecret = requireText(value, "airtmApiSecret");
      return this;
    }

    /** Where AirTM webhooks go (null: nowhere until registered through {@code /airtm/_sim/webhooks}). */
    public Builder airtmWebhookUrl(String value) {
      this.airtmWebhookUrl = value;
      return this;
    }

    /** The Svix secret ({@code whsec_...}) webhooks are signed with (null: a fresh one). */
    public Builder airtmWebhookSecret(String value) {
      this.airtmWebhookSecret = value;
      return this;
    }

    /** Delays before a webhook's first attempt and between retries ({@link AirtmWebhooks#DEFAULT_SCHEDULE}). */
    public Builder airtmWebhookSchedule(List<Duration> value) {
      this.airtmWebhookSchedule = List.copyOf(value);
      return this;
    }

    /** How long a webhook receiver may take to answer (15 s). */
    public Builder airtmWebhookTimeout(Duration value) {
      this.airtmWebhookTimeout = value;
      return this;
    }

    /** AirTM's fee on pay-ins in percent (0). */
    public Builder airtmPayinFeePercent(java.math.BigDecimal value) {
      this.airtmPayinFeePercent = value;
      return this;
    }

    /** How long a committed payout to a ready recipient takes to complete (0: at once). */
    public Builder airtmPayoutCompletionDelay(Duration value) {
      this.airtmPayoutCompletionDelay = value;
      return this;
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    public StellarSimulator start() {
      try {
        return new StellarSimulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the simulator", e);
      }
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * {@code http://127.0.0.1:<port>}: Horizon's URL; RPC is at {@code /rpc}, Trustless Work at
   * {@code /tw}. (An IP literal: resolving {@code localhost} can cost seconds on some hosts.)
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code <baseUrl>/airtm/v2}: AirTM's API base URL (the {@code AIRTM_API_URL} override of spec/06 §2). */
  public String airtmApiUrl() {
    return baseUrl() + AirtmFront.PREFIX + "/v2";
  }

  /** {@code <baseUrl>/airtm/payin/{id}}: the checkout URL template ({@code AIRTM_CHECKOUT_URL_TEMPLATE}). */
  public String airtmCheckoutUrlTemplate() {
    return baseUrl() + AirtmFront.PREFIX + "/payin/{id}";
  }

  /** The simulated AirTM enterprise: balance, users, pay-ins, payouts and their test controls. */
  public AirtmEnterprise airtm() {
    return airtm;
  }

  /** AirTM's webhook sender: registration, retry schedule, knobs, deliveries. */
  public AirtmWebhooks airtmWebhooks() {
    return airtmWebhooks;
  }

  /** The AirTM API's fault knobs. */
  public AirtmFaults airtmFaults() {
    return airtmFaults;
  }

  /** The network model, for knobs and assertions. */
  public SimulatedNetwork network() {
    return network;
  }

  /** The HTTP fronts' fault knobs. */
  public Faults faults() {
    return faults;
  }

  /**
   * Every envelope posted for submission, oldest first (the newest {@value #SUBMISSIONS_KEPT}),
   * whatever answer it got: what a client sent, as opposed to what the chain applied.
   */
  public List<SubmittedEnvelope> submissions() {
    synchronized (submissions) {
      return List.copyOf(submissions);
    }
  }

  /** Records an envelope that reached a submit endpoint (one whose hash could be read). */
  void submitted(String hash, String envelope) {
    synchronized (submissions) {
      if (submissions.size() == SUBMISSIONS_KEPT) {
        submissions.removeFirst();
      }
      submissions.addLast(new SubmittedEnvelope(hash, envelope, network.clock().instant()));
    }
  }

  XdrCodec codec() {
    return codec;
  }

  Duration submitTimeout() {
    return submitTimeout;
  }

  String twApiKey() {
    return twApiKey;
  }

  String twFeeAddress() {
    return twFeeAddress;
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    network.stopClosing();
    airtmWebhooks.close();
    airtm.close();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
