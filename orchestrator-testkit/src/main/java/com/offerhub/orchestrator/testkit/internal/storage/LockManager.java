package com.offerhub.orchestrator.testkit.internal.storage;

import com.offerhub.orchestrator.spi.storage.StorageException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Named locks held by transactions until they end, like PostgreSQL row locks. A wait longer than
 * the timeout raises a transient {@link StorageException} (deadlock or stuck holder). Thread-safe.
 */
public final class LockManager {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Duration timeout;

  public LockManager(Duration timeout) {
    this.timeout = timeout;
  }

  /** Blocks until {@code name} is held by the calling thread; returns false if it already was. */
  public boolean acquire(String name) {
    ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
    if (lock.isHeldByCurrentThread()) {
      return false;
    }
    try {
      if (!lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StorageException("lock wait timeout on " + name, true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted waiting for " + name, true, e);
    }
    return true;
  }

  /** Takes {@code name} only if free; returns whether the caller now holds it (newly or already). */
  public boolean tryAcquire(String name, java.util.Set<String> held) {
    ReentrantLock lock = locks.computeIfAbsent(name, n -> new ReentrantLock());
    if (lock.isHeldByCurrentThread()) {
      return true;
    }
    if (lock.tryLock()) {
      held.add(name);
      return true;
    }
    return false;
  }

  public void release(String name) {
    ReentrantLock lock = locks.get(name);
    if (lock != null && lock.isHeldByCurrentThread()) {
      lock.unlock();
    }
  }
}
