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
 * A Stellar testnet and Trustless Work on one port, over HTTP with real XDR, on the testkit's
 * network model: Horizon at {@code /}, Soroban RPC at {@code /rpc}, friendbot at
 * {@code /friendbot}, Trustless Work at {@code /tw}, test knobs under {@code /admin}.
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
  private volatile boolean closed;

  private StellarSimulator(Builder b) throws IOException {
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
        if (!admin1 && !tw) {
          pause(faults.delayMillis());
        }
        boolean handled = tw ? trustless.handle(http)
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
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
