package com.offerhub.orchestrator.testkit.network;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Trustless Work single-release escrow contract's calling conventions: function names and the
 * {@code escrow} map argument (keys {@code engagement_id}, {@code title}, {@code description},
 * {@code roles}, {@code amount} (i128 stroops), {@code platform_fee} (u32 basis points),
 * {@code milestones}, {@code trustline}). Shared by every front so that what one builds another
 * accepts.
 */
public final class EscrowArgs {
  /** Deploy through the deployer contract, variant [A]. */
  public static final String DEPLOY_A = "deploy";
  /** Deploy through the deployer contract, variant [B]. */
  public static final String DEPLOY_B = "tw_new_single_release_escrow";
  public static final String FUND = "fund_escrow";
  public static final String CHANGE_STATUS = "change_milestone_status";
  public static final String APPROVE = "approve_milestone";
  public static final String RELEASE = "release_funds";
  public static final String DISPUTE = "dispute_escrow";
  public static final String RESOLVE = "resolve_dispute";

  private EscrowArgs() {}

  /** The six roles of an escrow, all account ids. */
  public record Roles(String approver, String serviceProvider, String platformAddress, String releaseSigner,
      String disputeResolver, String receiver) {
    public Roles {
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(serviceProvider, "serviceProvider");
      Objects.requireNonNull(platformAddress, "platformAddress");
      Objects.requireNonNull(releaseSigner, "releaseSigner");
      Objects.requireNonNull(disputeResolver, "disputeResolver");
      Objects.requireNonNull(receiver, "receiver");
    }
  }

  /** A milestone: description, status (empty until changed), evidence (may be null) and approval. */
  public record Milestone(String description, String status, String evidence, boolean approved) {
    public Milestone {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(status, "status");
    }
  }

  /** The escrow properties a deploy carries and {@code fund_escrow} must repeat exactly. */
  public record Properties(String engagementId, String title, String description, Roles roles, long amount,
      long platformFeeBps, List<Milestone> milestones, String trustlineAddress, String trustlineSymbol) {
    public Properties {
      milestones = List.copyOf(milestones);
    }
  }

  /** The {@code escrow} map argument for these properties. */
  public static ScVal.Map escrowMap(Properties p) {
    Map<String, ScVal> roles = new LinkedHashMap<>();
    roles.put("approver", ScVal.address(p.roles().approver()));
    roles.put("service_provider", ScVal.address(p.roles().serviceProvider()));
    roles.put("platform_address", ScVal.address(p.roles().platformAddress()));
    roles.put("release_signer", ScVal.address(p.roles().releaseSigner()));
    roles.put("dispute_resolver", ScVal.address(p.roles().disputeResolver()));
    roles.put("receiver", ScVal.address(p.roles().receiver()));
    List<ScVal> milestones = new ArrayList<>();
    for (Milestone m : p.milestones()) {
      Map<String, ScVal> fields = new LinkedHashMap<>();
      fields.put("description", ScVal.str(m.description()));
      fields.put("status", ScVal.str(m.status()));
      fields.put("approved", new ScVal.Bool(m.approved()));
      milestones.add(ScVal.symbolMap(fields));
    }
    Map<String, ScVal> trustline = new LinkedHashMap<>();
    trustline.put("address", ScVal.address(p.trustlineAddress()));
    trustline.put("symbol", ScVal.str(p.trustlineSymbol()));
    Map<String, ScVal> escrow = new LinkedHashMap<>();
    escrow.put("engagement_id", ScVal.str(p.engagementId()));
    escrow.put("title", ScVal.str(p.title()));
    escrow.put("description", ScVal.str(p.description()));
    escrow.put("roles", ScVal.symbolMap(roles));
    escrow.put("amount", ScVal.i128(p.amount()));
    escrow.put("platform_fee", ScVal.u32(p.platformFeeBps()));
    escrow.put("milestones", new ScVal.Vec(milestones));
    escrow.put("trustline", ScVal.symbolMap(trustline));
    return ScVal.symbolMap(escrow);
  }

  /** The {@code escrow} map of a deployed escrow as it stands now (what {@code fund_escrow} expects). */
  public static ScVal.Map escrowMap(EscrowView view) {
    List<Milestone> milestones = new ArrayList<>();
    for (Milestone m : view.milestones()) {
      milestones.add(new Milestone(m.description(), m.status(), null, m.approved()));
    }
    return escrowMap(new Properties(view.engagementId(), view.title(), view.description(), view.roles(),
        view.amount(), view.platformFeeBps(), milestones, view.trustlineAddress(), view.trustlineSymbol()));
  }

  /** Reads an {@code escrow} map; throws IllegalArgumentException naming the first bad field. */
  public static Properties parse(ScVal value) {
    if (!(value instanceof ScVal.Map map)) {
      throw new IllegalArgumentException("escrow must be a map");
    }
    ScVal rolesValue = map.get("roles");
    if (!(rolesValue instanceof ScVal.Map roles)) {
      throw new IllegalArgumentException("escrow.roles must be a map");
    }
    Roles parsedRoles = new Roles(account(roles, "approver"), account(roles, "service_provider"),
        account(roles, "platform_address"), account(roles, "release_signer"), account(roles, "dispute_resolver"),
        account(roles, "receiver"));
    ScVal milestonesValue = map.get("milestones");
    if (!(milestonesValue instanceof ScVal.Vec milestoneVec)) {
      throw new IllegalArgumentException("escrow.milestones must be a vector");
    }
    List<Milestone> milestones = new ArrayList<>();
    for (ScVal item : milestoneVec.items()) {
      if (!(item instanceof ScVal.Map m)) {
        throw new IllegalArgumentException("escrow.milestones[] must be maps");
      }
      ScVal approved = m.get("approved");
      milestones.add(new Milestone(string(m, "description"), string(m, "status"), null,
          approved instanceof ScVal.Bool b && b.value()));
    }
    ScVal trustlineValue = map.get("trustline");
    if (!(trustlineValue instanceof ScVal.Map trustline)) {
      throw new IllegalArgumentException("escrow.trustline must be a map");
    }
    return new Properties(string(map, "engagement_id"), string(map, "title"), string(map, "description"),
        parsedRoles, integer(map, "amount", ScVal.IntKind.I128).longValueExact(),
        integer(map, "platform_fee", ScVal.IntKind.U32).longValueExact(), milestones, address(trustline, "address"),
        string(trustline, "symbol"));
  }

  private static String string(ScVal.Map map, String key) {
    if (map.get(key) instanceof ScVal.Str s) {
      return s.value();
    }
    throw new IllegalArgumentException(key + " must be a string");
  }

  private static String address(ScVal.Map map, String key) {
    if (map.get(key) instanceof ScVal.Address a) {
      return a.value();
    }
    throw new IllegalArgumentException(key + " must be an address");
  }

  private static String account(ScVal.Map map, String key) {
    String value = address(map, key);
    if (!StrKey.isValid(StrKey.ACCOUNT, value)) {
      throw new IllegalArgumentException("roles." + key + " must be an account address");
    }
    return value;
  }

  private static BigInteger integer(ScVal.Map map, String key, ScVal.IntKind kind) {
    if (map.get(key) instanceof ScVal.Int i && i.kind() == kind) {
      return i.value();
    }
    throw new IllegalArgumentException(key + " must be " + kind.name().toLowerCase(java.util.Locale.ROOT));
  }
}
