package com.offerhub.orchestrator;

import com.offerhub.orchestrator.internal.Check;
import com.offerhub.orchestrator.internal.EngineContext;
import com.offerhub.orchestrator.internal.Payloads;
import com.offerhub.orchestrator.internal.WalletActivation;
import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.User;
import com.offerhub.orchestrator.model.UserStatus;
import com.offerhub.orchestrator.model.UserType;
import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.payment.ProviderAccount;
import com.offerhub.orchestrator.spi.payment.ProviderException;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.List;
import java.util.Optional;

/** Users and their invisible wallets. Thread-safe. */
public final class UserOperations {
  private final EngineContext engine;
  private final RequestContext ctx;
  private final WalletActivation activation;

  UserOperations(EngineContext engine, RequestContext ctx, WalletActivation activation) {
    this.engine = engine;
    this.ctx = ctx;
    this.activation = activation;
  }

  /**
   * Creates a user with a zero balance and an invisible wallet, or returns the existing user with the
   * same {@code externalUserId} unchanged (BR-23). The wallet's account is then activated on chain;
   * if that fails it is retried by {@link WalletOperations#activatePending()}.
   */
  public User create(CreateUserRequest request) {
    Check.notNull("request", request);
    String externalId = Check.text("externalUserId", request.externalUserId(), Check.MAX_ID);
    String email = Check.email(request.email());
    UserType type = request.type() == null ? UserType.BOTH : request.type();
    KeyPair keys = engine.chain.newKeyPair();
    boolean[] created = {false};
    Wallet[] wallet = {null};
    User user = engine.tx.command(ctx, "users.create", request, scope -> {
      created[0] = false;
      Optional<User> existing = scope.session.users().findByExternalId(externalId);
      if (existing.isPresent()) {
        return existing.get();
      }
      User fresh = new User(engine.ids.next("usr_"), externalId, email, type, UserStatus.ACTIVE, null, null, null,
          scope.now, scope.now);
      scope.session.users().insert(fresh);
      scope.session.balances().create(fresh.id(), scope.now);
      String walletId = engine.ids.next("wal_");
      String sealed = engine.cipher.encrypt(walletId, keys.secret());
      Wallet newWallet = new Wallet(walletId, fresh.id(), keys.publicKey(), sealed, engine.cipher.keyVersionOf(sealed),
          WalletStatus.PENDING_ACTIVATION, true, scope.now, scope.now);
      scope.session.wallets().insert(newWallet);
      scope.audit("USER_CREATED", "user", fresh.id(), fresh.id(), java.util.Map.of(),
          Payloads.audit("externalUserId", externalId, "walletId", walletId, "publicKey", keys.publicKey()));
      scope.event("user.created", "User", fresh.id(), fresh.id(), Payloads.of("userId", fresh.id(),
          "externalUserId", externalId, "email", email, "type", type, "status", UserStatus.ACTIVE));
      created[0] = true;
      wallet[0] = newWallet;
      return fresh;
    }).result();
    keys.secret().close();
    if (created[0]) {
      activation.tryActivate(wallet[0]);
    }
    return user;
  }

  /**
   * Links the user's account at the fiat provider (spec/02 op 11, spec/06 §7), found by e-mail. A
   * user already linked gets the current link back unchanged, without asking the provider. Otherwise
   * the provider is asked (outside any transaction) and the account must exist, be active and
   * verified, else {@code AIRTM_USER_INVALID} with {@code details.failureReason} one of
   * {@code USER_NOT_FOUND}, {@code USER_INACTIVE}, {@code USER_NOT_VERIFIED}, and nothing changes.
   * The first link stores the account id and e-mail (payouts are addressed to it) and emits
   * {@code user.airtm_linked}.
   *
   * @throws OrchestratorException PROVIDER_NOT_CONFIGURED, USER_NOT_FOUND, AIRTM_USER_INVALID, or
   *     PROVIDER_ERROR when the provider could not be asked
   */
  public User linkAirtm(String userId, String email) {
    Check.id("userId", userId);
    String address = Check.email(Check.text("email", email, 254));
    if (engine.provider == null) {
      throw new OrchestratorException(ErrorCode.PROVIDER_NOT_CONFIGURED, "No fiat payment provider is configured");
    }
    User before = get(userId);
    if (before.airtmUserId() != null) {
      return before;
    }
    ProviderAccount account = eligibleAccount(engine, address);
    return engine.tx.command(ctx, "users.linkAirtm", userId + "|" + address, scope -> {
      User user = scope.session.users().lock(userId).orElseThrow(() -> notFound(userId));
      if (user.airtmUserId() != null) {
        return user;
      }
      User linked = new User(user.id(), user.externalUserId(), user.email(), user.type(), user.status(), account.id(),
          account.email(), scope.now, user.createdAt(), scope.now);
      scope.session.users().update(linked);
      scope.audit("AIRTM_LINKED", "user", userId, userId, java.util.Map.of(), Payloads.audit("airtmUserId",
          account.id()));
      scope.event("user.airtm_linked", "User", userId, userId, Payloads.of("userId", userId, "airtmUserId",
          account.id(), "linkedAt", scope.now));
      return linked;
    }).result();
  }

  /**
   * The provider's account under {@code email} if it may be linked and paid, asked outside any
   * transaction.
   *
   * @throws OrchestratorException AIRTM_USER_INVALID (details.failureReason) or PROVIDER_ERROR
   */
  static ProviderAccount eligibleAccount(EngineContext engine, String email) {
    Optional<ProviderAccount> found;
    try {
      found = engine.provider.findAccount(email);
    } catch (ProviderException e) {
      throw new OrchestratorException(ErrorCode.PROVIDER_ERROR, "Provider error: " + e.getMessage(),
          java.util.Map.of(), e);
    }
    String reason = found.isEmpty() ? "USER_NOT_FOUND" : found.get().ineligibility().orElse(null);
    if (reason != null) {
      String text = switch (reason) {
        case "USER_NOT_FOUND" -> "Email not registered in Airtm";
        case "USER_INACTIVE" -> "Airtm user account is inactive";
        case "USER_NOT_VERIFIED" -> "Airtm user has not completed KYC verification";
        default -> "Airtm verification failed";
      };
      throw new OrchestratorException(ErrorCode.AIRTM_USER_INVALID, "Airtm user not eligible: " + text,
          java.util.Map.of("failureReason", reason));
    }
    return found.get();
  }

  public Optional<User> find(String userId) {
    Check.id("userId", userId);
    return engine.tx.read(scope -> scope.session.users().find(userId));
  }

  /** @throws OrchestratorException USER_NOT_FOUND */
  public User get(String userId) {
    return find(userId).orElseThrow(() -> notFound(userId));
  }

  public List<User> list(int offset, int limit) {
    Check.offset(offset);
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.users().list(offset, limit));
  }

  /** As {@link #list}, after {@code after} (null: from the newest) rather than an offset. */
  public List<User> listAfter(Keyset after, int limit) {
    Check.limit(limit);
    return engine.tx.read(scope -> scope.session.users().listAfter(after, limit));
  }

  /** The user's balance; zero for a user without one (spec/02 op 12). */
  public Balance balance(String userId) {
    Check.id("userId", userId);
    return engine.tx.read(scope -> scope.session.balances().find(userId))
        .orElseGet(() -> Balance.zero(userId, engine.now()));
  }

  static OrchestratorException notFound(String userId) {
    return new OrchestratorException(ErrorCode.USER_NOT_FOUND, "User " + userId + " not found");
  }
}
