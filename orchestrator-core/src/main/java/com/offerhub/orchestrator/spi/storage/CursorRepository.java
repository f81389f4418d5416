package com.offerhub.orchestrator.spi.storage;

import java.util.Optional;

/** Named positions of background scanners (e.g. the deposit watcher's chain cursor). */
public interface CursorRepository {
  Optional<String> get(String name);

  void put(String name, String value);
}
