package com.offerhub.orchestrator.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.CreateOrderRequest;
import com.offerhub.orchestrator.KeyRotationProgress;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.OrderSnapshot;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.model.OrderStatus;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.storage.Storage;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import com.offerhub.orchestrator.testkit.Concurrently;
import com.offerhub.orchestrator.testkit.ReferenceWalletFormat;
import com.offerhub.orchestrator.testkit.TestEngine;
import com.offerhub.orchestrator.testkit.network.StrKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Online rotation of the wallet encryption key and migration of the reference implementation's
 * stored secrets (spec/04 §3.3-3.5, issue 9 item 6) for any {@link Storage}: sagas sign while the
 * background job re-encrypts, a re-encryption never overwrites a concurrent one, legacy rows move to
 * the current version, and a secret that is not its wallet's is neither used nor laundered.
 */
public abstract class KeyRotationScenarios {
  private static final int ACCOUNT = 6 << 3;
  private static final int SEED = 18 << 3;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<Storage> opened = new ArrayList<>();

  /** A fresh, empty storage. */
  protected abstract Storage newStorage();

  /** Another storage on the same database as {@code first} (its own pool), or {@code first} itself. */
  protected abstract Storage sameDatabase(Storage first);

  @AfterEach
  void closeStorages() {
    opened.forEach(Storage::close);
    opened.clear();
  }

  private TestEngine newTest(WalletKeyCipher cipher) {
    Storage storage = newStorage();
    opened.add(storage);
    return TestEngine.builder().storage(storage).keyCipher(cipher).build();
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  /**
   * v1 in use with orders waiting; v2 rolled out as current with v1 still readable. Eight orders are
   * funded and released on eight threads while a ninth runs the re-encryption job in batches of one,
   * and every saga step also runs a batch first, so signatures alternate between rows sealed with v1
   * and rows already moved to v2. Every saga completes; afterwards only v2 is in use, every wallet
   * opens with v2 alone (to its own public key) and an engine configured without v1 still trades.
   */
  @Test
  void rotatingWhileOrdersAreFundedAndReleasedCompletesEverySagaAndLeavesOnlyTheNewKeyInUse() throws Exception {
    byte[] v1 = randomKey();
    byte[] v2 = randomKey();
    TestEngine test = newTest(AesGcmWalletKeyCipher.builder().key(1, v1).current(1).build());
    List<User> buyers = new ArrayList<>();
    List<User> sellers = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      buyers.add(test.fundedUser("buyer-" + i, "30.00"));
      sellers.add(test.user("seller-" + i));
    }
    for (int i = 0; i < 8; i++) {
      String id = test.engine().orders().create(CreateOrderRequest.of(buyers.get(i % 4).id(), sellers.get(i % 4).id(),
          "5.00", "work " + i)).order().id();
      test.engine().orders().reserve(id);
      test.engine().orders().createEscrow(id);
      orders.add(id);
    }
    assertEquals(Map.of("v1", 9L), test.engine().wallets().keyRotation().walletsByKeyVersion());

    OrchestratorEngine engine = test.restartWith(AesGcmWalletKeyCipher.builder().key(1, v1).key(2, v2).current(2)
        .build());
    engine.orders().fundEscrow(orders.get(0));
    assertEquals(OrderStatus.IN_PROGRESS, settle(test, engine, orders.get(0), OrderStatus.IN_PROGRESS));
    assertEquals(Map.of("v1", 9L), engine.wallets().keyRotation().walletsByKeyVersion(),
        "the rolled-out engine signed with a v1 row before any re-encryption");
    engine.setSagaStepHook((saga, step, next) -> engine.wallets().reencryptSecrets(1));
    AtomicInteger tradersDone = new AtomicInteger();
    AtomicInteger moved = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    List<OrderStatus> finals = Concurrently.run(orders.size() + 1, Duration.ofSeconds(120), () -> {
      int index = next.getAndIncrement();
      if (index == orders.size()) {
        while (tradersDone.get() < orders.size() || !engine.wallets().keyRotation().complete()) {
          moved.addAndGet(engine.wallets().reencryptSecrets(1));
          Thread.sleep(1);
        }
        return null;
      }
      try {
        String id = orders.get(index);
        if (index > 0) {
          engine.orders().fundEscrow(id);
          settle(test, engine, id, OrderStatus.IN_PROGRESS);
        }
        engine.orders().release(id);
        return settle(test, engine, id, OrderStatus.CLOSED);
      } finally {
        tradersDone.incrementAndGet();
      }
    });
    assertEquals(java.util.Collections.nCopies(orders.size(), OrderStatus.CLOSED), finals.stream()
        .filter(java.util.Objects::nonNull).toList());
    KeyRotationProgress progress = engine.wallets().keyRotation();
    assertEquals(Map.of("v2", 9L), progress.walletsByKeyVersion(), progress.toString());
    assertTrue(progress.complete());
    assertFalse(progress.inUse("v1"));

    AesGcmWalletKeyCipher onlyV2 = AesGcmWalletKeyCipher.builder().key(2, v2).current(2).build();
    assertEveryWalletOpensToItsOwnKey(test, onlyV2);
    OrchestratorEngine withoutV1 = test.restartWith(onlyV2);
    OrderSnapshot order = test.fundedOrder(buyers.get(0), sellers.get(0), "2.00");
    withoutV1.orders().release(order.order().id());
    assertEquals(OrderStatus.CLOSED, settle(test, withoutV1, order.order().id(), OrderStatus.CLOSED));
    assertTrue(withoutV1.ledger().verify().isClean());
    assertEquals(List.of(), test.booksVersusChain());
  }

  /**
   * Rows migrated from the reference (its hex iv:tag:ct layout, recorded as {@code legacy} or with
   * no version at all) sign sagas as they are, then the job moves them to the current version; an
   * engine configured without the legacy key afterwards still opens and signs with every wallet.
   */
  @Test
  void legacyRowsFromTheReferenceSignAsTheyAreAndMigrateToTheCurrentVersion() {
    byte[] v1 = randomKey();
    byte[] legacy = randomKey();
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.builder().key(1, v1).current(1).legacyKey(legacy).build();
    TestEngine test = newTest(cipher);
    User buyer = test.fundedUser("legacy-buyer", "20.00");
    User seller = test.user("legacy-seller");
    toLegacy(test, cipher, legacy, buyer, AesGcmWalletKeyCipher.LEGACY);
    toLegacy(test, cipher, legacy, seller, null);
    assertEquals(Map.of("v1", 1L, "legacy", 1L, WalletRepository.UNRECORDED_KEY_VERSION, 1L),
        test.engine().wallets().keyRotation().walletsByKeyVersion());

    OrderSnapshot first = test.fundedOrder(buyer, seller, "4.00");
    test.engine().orders().release(first.order().id());
    assertEquals(OrderStatus.CLOSED, settle(test, test.engine(), first.order().id(), OrderStatus.CLOSED),
        "the buyer's and seller's legacy-format keys signed fund, milestone and approval steps");

    int moved = 0;
    for (int i = 0; i < 10 && !test.engine().wallets().keyRotation().complete(); i++) {
      moved += test.engine().wallets().reencryptSecrets(1);
    }
    assertEquals(2, moved);
    assertEquals(Map.of("v1", 3L), test.engine().wallets().keyRotation().walletsByKeyVersion());
    for (User user : List.of(buyer, seller)) {
      Wallet wallet = test.engine().wallets().get(user.id());
      assertTrue(wallet.secretEncrypted().startsWith("v1:"), wallet.toString());
    }

    AesGcmWalletKeyCipher withoutLegacy = AesGcmWalletKeyCipher.builder().key(1, v1).current(1).build();
    assertEveryWalletOpensToItsOwnKey(test, withoutLegacy);
    OrchestratorEngine after = test.restartWith(withoutLegacy);
    OrderSnapshot second = test.fundedOrder(buyer, seller, "3.00");
    after.orders().release(second.order().id());
    assertEquals(OrderStatus.CLOSED, settle(test, after, second.order().id(), OrderStatus.CLOSED));
    assertEquals(List.of(), test.booksVersusChain());
  }

  /**
   * Two instances run the job on the same rows: the second reads its batch, and before it writes,
   * the first re-encrypts and commits every row. Each of the second's conditional updates then
   * finds another cipher text than it read and changes nothing: the first's rows stand, and open.
   */
  @Test
  void aReencryptionThatLosesToAConcurrentOneNeverOverwritesIt() {
    byte[] v1 = randomKey();
    byte[] v2 = randomKey();
    TestEngine test = newTest(AesGcmWalletKeyCipher.builder().key(1, v1).current(1).build());
    for (int i = 0; i < 3; i++) {
      test.user("user-" + i);
    }
    AesGcmWalletKeyCipher rotated = AesGcmWalletKeyCipher.builder().key(1, v1).key(2, v2).current(2).build();
    InterruptedCipher interrupted = new InterruptedCipher(rotated);
    OrchestratorEngine slow = test.restartWith(interrupted);
    Storage second = sameDatabase(test.storage());
    if (second != test.storage()) {
      opened.add(second);
    }
    OrchestratorEngine fast = test.anotherInstance(second, rotated);
    int[] movedByFast = {0};
    Map<String, String> afterFast = new LinkedHashMap<>();
    interrupted.beforeNextEncrypt = () -> {
      movedByFast[0] = fast.wallets().reencryptSecrets(100);
      afterFast.putAll(secrets(test));
    };
    int movedBySlow = slow.wallets().reencryptSecrets(100);
    assertEquals(4, movedByFast[0], "the first instance moved the platform's and the three users' wallets");
    assertEquals(0, movedBySlow, "every conditional update of the second instance lost");
    assertEquals(afterFast, secrets(test), "the rows hold what the first instance wrote");
    assertEquals(Map.of("v2", 4L), slow.wallets().keyRotation().walletsByKeyVersion());
    assertEveryWalletOpensToItsOwnKey(test, AesGcmWalletKeyCipher.builder().key(2, v2).current(2).build());
  }

  /**
   * A reference-format row holding another wallet's seed decrypts (the format binds nothing), and a
   * tampered one does not: the job re-encrypts neither, leaves both rows as stored, and logs them by
   * wallet id only. Nothing it logs contains a seed, a key in hex or a stored cipher text.
   */
  @Test
  void aSecretThatIsNotTheWalletsOwnIsNeverReencryptedAndNoSecretIsLogged() throws Exception {
    byte[] v1 = randomKey();
    byte[] v2 = randomKey();
    byte[] legacy = randomKey();
    AesGcmWalletKeyCipher cipher = AesGcmWalletKeyCipher.builder().key(1, v1).current(1).legacyKey(legacy).build();
    TestEngine test = newTest(cipher);
    User victim = test.user("victim");
    User other = test.user("other");
    User tampered = test.user("tampered");
    Wallet victimWallet = test.engine().wallets().get(victim.id());
    Wallet otherWallet = test.engine().wallets().get(other.id());
    Wallet tamperedWallet = test.engine().wallets().get(tampered.id());
    List<String> seeds = new ArrayList<>();
    for (Wallet wallet : List.of(victimWallet, otherWallet, tamperedWallet)) {
      try (SecretSeed seed = cipher.decrypt(wallet.id(), wallet.secretEncrypted())) {
        seeds.add(new String(seed.reveal()));
      }
    }
    String swapped = ReferenceWalletFormat.encrypt(legacy, SecretSeed.of(seeds.get(1)));
    String broken = flipLastHexDigit(ReferenceWalletFormat.encrypt(legacy, SecretSeed.of(seeds.get(2))));
    assertTrue(test.storage().<Boolean>inTransaction(s -> s.wallets().replaceSecret(victimWallet.id(),
        victimWallet.secretEncrypted(), swapped, AesGcmWalletKeyCipher.LEGACY)));
    assertTrue(test.storage().<Boolean>inTransaction(s -> s.wallets().replaceSecret(tamperedWallet.id(),
        tamperedWallet.secretEncrypted(), broken, AesGcmWalletKeyCipher.LEGACY)));

    OrchestratorEngine rotated = test.restartWith(AesGcmWalletKeyCipher.builder().key(1, v1).key(2, v2).current(2)
        .legacyKey(legacy).build());
    String logged = captureStandardError(() -> {
      for (int i = 0; i < 12; i++) {
        rotated.wallets().reencryptSecrets(1);
      }
    });
    assertEquals(Map.of("v2", 2L, "legacy", 2L), rotated.wallets().keyRotation().walletsByKeyVersion(),
        "the platform's and the intact user's wallets moved; the two refused rows did not");
    assertEquals(swapped, rotated.wallets().get(victim.id()).secretEncrypted(), "left as stored");
    assertEquals(broken, rotated.wallets().get(tampered.id()).secretEncrypted(), "left as stored");
    assertTrue(logged.contains(victimWallet.id()) && logged.contains(tamperedWallet.id()),
        "each refusal is logged with its wallet id: " + logged);
    List<String> secrets = new ArrayList<>(seeds);
    HexFormat hex = HexFormat.of();
    for (byte[] key : List.of(v1, v2, legacy)) {
      secrets.add(hex.formatHex(key));
      secrets.add(hex.withUpperCase().formatHex(key));
    }
    secrets.add(swapped);
    secrets.add(broken);
    for (String secret : secrets) {
      assertFalse(logged.contains(secret), "a log line holds a secret");
      assertFalse(logged.contains(secret.substring(0, 24)), "a log line holds part of a secret");
    }
  }

  // ---- helpers ----

  /** Waits for background work to bring the order to {@code target}; returns the status reached. */
  private static OrderStatus settle(TestEngine test, OrchestratorEngine engine, String orderId, OrderStatus target) {
    for (int i = 0; i < 100 && engine.orders().get(orderId).order().status() != target; i++) {
      test.clock().advance(Duration.ofSeconds(1));
      engine.runPendingWork();
    }
    return engine.orders().get(orderId).order().status();
  }

  /** Every wallet's secret, by wallet id. */
  private static Map<String, String> secrets(TestEngine test) {
    Map<String, String> out = new LinkedHashMap<>();
    for (User user : test.engine().users().list(0, 100)) {
      Wallet wallet = test.engine().wallets().get(user.id());
      out.put(wallet.id(), wallet.secretEncrypted());
    }
    return out;
  }

  private static void assertEveryWalletOpensToItsOwnKey(TestEngine test, WalletKeyCipher cipher) {
    List<User> users = test.engine().users().list(0, 100);
    assertFalse(users.isEmpty());
    for (User user : users) {
      Wallet wallet = test.engine().wallets().get(user.id());
      try (SecretSeed seed = cipher.decrypt(wallet.id(), wallet.secretEncrypted())) {
        assertEquals(wallet.publicKey(), publicKeyOf(seed), "the secret of " + wallet.id() + " is its own");
      }
    }
  }

  private static String publicKeyOf(SecretSeed seed) {
    byte[] raw = StrKey.decode(SEED, new String(seed.reveal()));
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(raw, 0, publicKey, 0);
    return StrKey.encode(ACCOUNT, publicKey);
  }

  /** Stores the user's seed as the reference would have, recorded under {@code keyVersion} (null: none). */
  private static void toLegacy(TestEngine test, WalletKeyCipher cipher, byte[] legacyKey, User user,
      String keyVersion) {
    Wallet wallet = test.engine().wallets().get(user.id());
    String legacyText;
    try (SecretSeed seed = cipher.decrypt(wallet.id(), wallet.secretEncrypted())) {
      legacyText = ReferenceWalletFormat.encrypt(legacyKey, seed);
    }
    assertTrue(test.storage().<Boolean>inTransaction(s -> s.wallets().replaceSecret(wallet.id(), wallet.secretEncrypted(),
        legacyText, keyVersion)));
  }

  private static String flipLastHexDigit(String text) {
    char last = text.charAt(text.length() - 1);
    return text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0');
  }

  /** What the logging backend (slf4j-simple, writing to the current System.err) printed meanwhile. */
  private static String captureStandardError(Runnable work) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** The cipher of an instance that is overtaken: just before its next encryption, something else runs. */
  private static final class InterruptedCipher implements WalletKeyCipher {
    private final WalletKeyCipher delegate;
    volatile Runnable beforeNextEncrypt;

    InterruptedCipher(WalletKeyCipher delegate) {
      this.delegate = delegate;
    }

    @Override
    public String encrypt(String walletId, SecretSeed secret) {
      Runnable interruption = beforeNextEncrypt;
      beforeNextEncrypt = null;
      if (interruption != null) {
        interruption.run();
      }
      return delegate.encrypt(walletId, secret);
    }

    @Override
    public SecretSeed decrypt(String walletId, String cipherText) {
      return delegate.decrypt(walletId, cipherText);
    }

    @Override
    public String currentKeyVersion() {
      return delegate.currentKeyVersion();
    }

    @Override
    public Set<String> olderKeyVersions() {
      return delegate.olderKeyVersions();
    }

    @Override
    public String keyVersionOf(String cipherText) {
      return delegate.keyVersionOf(cipherText);
    }
  }
}
