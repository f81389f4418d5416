package com.offerhub.orchestrator.spi.storage;

import com.offerhub.orchestrator.model.ApiKey;
import java.util.List;
import java.util.Optional;

/** API keys; {@code hashedKey} is unique. */
public interface ApiKeyRepository {
  void insert(ApiKey key);

  Optional<ApiKey> find(String id);

  void update(ApiKey key);

  /** Keys newest first, revoked ones included. */
  List<ApiKey> list(int offset, int limit);

  /** Keys newest first, after {@code after} (null: from the newest), at most {@code limit}. */
  List<ApiKey> listAfter(Keyset after, int limit);
}
