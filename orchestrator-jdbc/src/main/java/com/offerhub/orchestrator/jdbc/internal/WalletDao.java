package com.offerhub.orchestrator.jdbc.internal;

import static com.offerhub.orchestrator.jdbc.internal.Sql.instant;

import com.offerhub.orchestrator.model.Wallet;
import com.offerhub.orchestrator.model.WalletStatus;
import com.offerhub.orchestrator.spi.storage.WalletRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code oh_wallets} table. */
@RegisterRowMapper(WalletDao.Mapper.class)
interface WalletDao extends WalletRepository, SqlObject {
  @Override
  @SqlUpdate("INSERT INTO oh_wallets (id, user_id, public_key, secret_encrypted, key_version, status, is_primary, "
      + "created_at, updated_at) VALUES (:id, :userId, :publicKey, :secretEncrypted, :keyVersion, :status, :primary, "
      + ":createdAt, :updatedAt)")
  void insert(@BindMethods Wallet wallet);

  @Override
  @SqlQuery("SELECT * FROM oh_wallets WHERE id = :id")
  Optional<Wallet> find(@Bind("id") String id);

  @Override
  @SqlQuery("SELECT * FROM oh_wallets WHERE user_id = :userId AND is_primary ORDER BY created_at LIMIT 1")
  Optional<Wallet> findPrimary(@Bind("userId") String userId);

  @Override
  @SqlQuery("SELECT * FROM oh_wallets WHERE public_key = :publicKey")
  Optional<Wallet> findByPublicKey(@Bind("publicKey") String publicKey);

  @SqlQuery("SELECT public_key FROM oh_wallets WHERE public_key IN (<publicKeys>)")
  List<String> knownAmong(@BindList("publicKeys") List<String> publicKeys);

  @Override
  default Set<String> knownPublicKeys(Collection<String> publicKeys) {
    Set<String> known = new HashSet<>();
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(publicKeys));
    // chunks keep the statement's parameter count small whatever the caller passes
    for (int from = 0; from < keys.size(); from += 500) {
      known.addAll(knownAmong(keys.subList(from, Math.min(keys.size(), from + 500))));
    }
    return known;
  }

  @Override
  @SqlUpdate("UPDATE oh_wallets SET status = :status, is_primary = :primary, updated_at = :updatedAt WHERE id = :id")
  void update(@BindMethods Wallet wallet);

  @Override
  @SqlQuery("SELECT * FROM oh_wallets WHERE status = :status ORDER BY created_at, id LIMIT :limit")
  List<Wallet> listByStatus(@Bind("status") WalletStatus status, @Bind("limit") int limit);

  @Override
  @SqlUpdate("UPDATE oh_wallets SET secret_encrypted = :newSecret, key_version = :newKeyVersion WHERE id = :id "
      + "AND secret_encrypted = :expectedSecret")
  boolean replaceSecret(@Bind("id") String id, @Bind("expectedSecret") String expectedSecret,
      @Bind("newSecret") String newSecret, @Bind("newKeyVersion") String newKeyVersion);

  @Override
  default List<Wallet> listForReencryption(Set<String> keyVersions, String afterId, int limit) {
    // One branch per version, each a range scan of the (key_version, id) index, so the idle job
    // of every instance costs a few index probes however many wallets there are.
    List<Object> args = new ArrayList<>();
    List<String> branches = new ArrayList<>();
    String after = afterId == null ? "" : " AND id > ?";
    branches.add("(SELECT * FROM oh_wallets WHERE key_version IS NULL AND secret_encrypted IS NOT NULL" + after
        + " ORDER BY id LIMIT ?)");
    addBranchArgs(args, null, afterId, limit);
    for (String version : new TreeSet<>(keyVersions)) {
      branches.add("(SELECT * FROM oh_wallets WHERE key_version = ? AND secret_encrypted IS NOT NULL" + after
          + " ORDER BY id LIMIT ?)");
      addBranchArgs(args, version, afterId, limit);
    }
    args.add(limit);
    return Sql.query(getHandle(), "SELECT * FROM (" + String.join(" UNION ALL ", branches) + ") w ORDER BY id LIMIT ?",
        args.toArray()).map(new Mapper()).list();
  }

  private static void addBranchArgs(List<Object> args, String version, String afterId, int limit) {
    if (version != null) {
      args.add(version);
    }
    if (afterId != null) {
      args.add(afterId);
    }
    args.add(limit);
  }

  @Override
  default Map<String, Long> countByKeyVersion() {
    Map<String, Long> counts = new HashMap<>();
    getHandle().createQuery("SELECT key_version, COUNT(*) AS n FROM oh_wallets WHERE secret_encrypted IS NOT NULL "
        + "GROUP BY key_version").map((rs, ctx) -> {
          String version = rs.getString("key_version");
          counts.put(version == null ? WalletRepository.UNRECORDED_KEY_VERSION : version, rs.getLong("n"));
          return version;
        }).list();
    return counts;
  }

  /** A row of {@code oh_wallets}. */
  final class Mapper implements RowMapper<Wallet> {
    @Override
    public Wallet map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Wallet(rs.getString("id"), rs.getString("user_id"), rs.getString("public_key"),
          rs.getString("secret_encrypted"), rs.getString("key_version"), WalletStatus.valueOf(rs.getString("status")),
          rs.getBoolean("is_primary"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
  }
}
