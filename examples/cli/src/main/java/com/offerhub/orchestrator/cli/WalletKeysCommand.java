package com.offerhub.orchestrator.cli;

import com.offerhub.orchestrator.KeyRotationProgress;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wallet-keys status|rotate}: how many wallets hold a secret of each key version, and the
 * re-encryption of older ones with the current key ({@code engine.wallets().reencryptSecrets}), in
 * batches with progress. The keys are the server's: {@code WALLET_ENCRYPTION_KEY},
 * {@code WALLET_ENCRYPTION_KEY_VERSION}, {@code WALLET_ENCRYPTION_OLD_KEYS} and
 * {@code WALLET_LEGACY_ENCRYPTION_KEY}, from the environment (or options); none is ever printed.
 */
@Command(name = "wallet-keys", mixinStandardHelpOptions = true,
    description = "Shows which key versions seal the wallet secrets and re-encrypts them with the current key.",
    subcommands = {WalletKeysCommand.Status.class, WalletKeysCommand.Rotate.class})
final class WalletKeysCommand implements Runnable {
  private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: status, rotate");
  }

  /** The wallet keys, as the server takes them. */
  static final class KeyOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--wallet-key", paramLabel = "HEX", description = "The current key, 64 hex (env "
        + "WALLET_ENCRYPTION_KEY, which keeps it out of the process list).")
    String key;

    @Option(names = "--wallet-key-version", paramLabel = "N",
        description = "The current key's version (env WALLET_ENCRYPTION_KEY_VERSION; default 1).")
    String version;

    @Option(names = "--old-keys", paramLabel = "VERSION:HEX,...",
        description = "Older keys still to be read (env WALLET_ENCRYPTION_OLD_KEYS).")
    String oldKeys;

    @Option(names = "--legacy-key", paramLabel = "HEX",
        description = "The reference implementation's key, 64 hex (env WALLET_LEGACY_ENCRYPTION_KEY).")
    String legacyKey;

    AesGcmWalletKeyCipher cipher(CliContext context) {
      String current = context.pick(key, "WALLET_ENCRYPTION_KEY");
      if (current == null || !HEX_KEY.matcher(current.trim()).matches()) {
        throw new ParameterException(spec.commandLine(),
            "the current wallet key is required as 64 hex characters: --wallet-key or WALLET_ENCRYPTION_KEY");
      }
      int currentVersion = version(context.pick(version, "WALLET_ENCRYPTION_KEY_VERSION"), "1",
          "--wallet-key-version");
      AesGcmWalletKeyCipher.Builder cipher = AesGcmWalletKeyCipher.builder().keyHex(currentVersion, current.trim())
          .current(currentVersion);
      String older = context.pick(oldKeys, "WALLET_ENCRYPTION_OLD_KEYS");
      if (older != null) {
        for (String entry : older.split(",")) {
          String[] parts = entry.trim().split(":", 2);
          if (parts.length != 2 || !HEX_KEY.matcher(parts[1].trim()).matches()) {
            throw new ParameterException(spec.commandLine(), "--old-keys / WALLET_ENCRYPTION_OLD_KEYS must be a "
                + "comma-separated list of version:key, each key 64 hex characters");
          }
          int olderVersion = version(parts[0].trim(), null, "--old-keys");
          if (olderVersion == currentVersion) {
            throw new ParameterException(spec.commandLine(),
                "--old-keys names the current version " + currentVersion);
          }
          cipher.keyHex(olderVersion, parts[1].trim());
        }
      }
      String legacy = context.pick(legacyKey, "WALLET_LEGACY_ENCRYPTION_KEY");
      if (legacy != null) {
        if (!HEX_KEY.matcher(legacy.trim()).matches()) {
          throw new ParameterException(spec.commandLine(),
              "--legacy-key / WALLET_LEGACY_ENCRYPTION_KEY must be 64 hex characters");
        }
        cipher.legacyKeyHex(legacy.trim());
      }
      return cipher.build();
    }

    private int version(String text, String fallback, String name) {
      String value = text == null ? fallback : text.trim();
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= 1) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new ParameterException(spec.commandLine(), name + " versions are whole numbers from 1");
    }
  }

  static String describe(KeyRotationProgress progress) {
    return "current key " + progress.currentKeyVersion() + "; wallets by key version "
        + new TreeMap<>(progress.walletsByKeyVersion()) + "; " + progress.remaining() + " to re-encrypt";
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Counts the wallets whose secret each key version seals.")
  static final class Status implements Runnable {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    DatabaseOptions database;
    @Mixin
    KeyOptions keys;

    Status(CliContext context) {
      this.context = context;
    }

    @Override
    public void run() {
      AesGcmWalletKeyCipher cipher = keys.cipher(context);
      KeyRotationProgress progress;
      try (JdbcStorage storage = database.open(context)) {
        progress = OfflineEngine.on(storage, cipher).wallets().keyRotation();
      } catch (CliException | ParameterException e) {
        throw e;
      } catch (RuntimeException e) {
        throw CliException.unavailable("the wallets could not be read: " + Failures.describe(e));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(describe(progress));
      out.flush();
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = {"Re-encrypts every wallet secret sealed with an older key version (or the legacy key) with "
          + "the current key, in batches, printing progress after each. Safe beside running servers: each row "
          + "is replaced only if unchanged since it was read.",
          "Exit code 1 when wallets are left that no configured key opens (each is named in a warning)."})
  static final class Rotate implements Callable<Integer> {
    private final CliContext context;
    @Spec
    CommandSpec spec;
    @Mixin
    DatabaseOptions database;
    @Mixin
    KeyOptions keys;

    @Option(names = "--batch", paramLabel = "N", description = "Wallets per batch, 1 to 10000 (default 500).")
    int batch = 500;

    Rotate(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (batch < 1 || batch > 10_000) {
        throw new ParameterException(spec.commandLine(), "--batch must be between 1 and 10000");
      }
      AesGcmWalletKeyCipher cipher = keys.cipher(context);
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcStorage storage = database.open(context)) {
        OrchestratorEngine engine = OfflineEngine.on(storage, cipher);
        KeyRotationProgress progress = engine.wallets().keyRotation();
        out.println("before: " + describe(progress));
        out.flush();
        long moved = 0;
        int idle = 0;
        while (!progress.complete()) {
          int batchMoved = engine.wallets().reencryptSecrets(batch);
          moved += batchMoved;
          progress = engine.wallets().keyRotation();
          out.println("re-encrypted " + batchMoved + " (" + moved + " in all), " + progress.remaining() + " left");
          out.flush();
          // the walk goes past rows it cannot open: a whole pass that moves nothing means they stay
          idle = batchMoved == 0 ? idle + 1 : 0;
          if (idle > progress.remaining() / batch + 1) {
            break;
          }
        }
        out.println("after: " + describe(progress));
        out.flush();
        if (!progress.complete()) {
          spec.commandLine().getErr().println("error: " + progress.remaining() + " wallet secrets could not be "
              + "re-encrypted with the configured keys (see the warnings naming them)");
          spec.commandLine().getErr().flush();
          return OrchestratorCli.CHECK_FAILED;
        }
        return OrchestratorCli.OK;
      } catch (CliException | ParameterException e) {
        throw e;
      } catch (RuntimeException e) {
        throw CliException.unavailable("the re-encryption stopped: " + Failures.describe(e));
      }
    }
  }
}
