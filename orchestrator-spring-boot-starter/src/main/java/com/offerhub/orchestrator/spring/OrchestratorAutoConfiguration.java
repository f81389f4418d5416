package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.crypto.AesGcmWalletKeyCipher;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.coordination.LeaseService;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.observe.EngineListener;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.storage.Storage;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configures an {@link OrchestratorEngine} from {@code offerhub.*} ({@link OfferhubProperties}):
 * storage on the application's {@code DataSource} (or a pool of its own on
 * {@code offerhub.database.url}, or an in-memory H2 in the sandbox), the chain, escrow and payment
 * adapters of {@code offerhub.mode} and {@code offerhub.payment-provider}, the wallet key cipher,
 * and the background jobs tied to the application's lifecycle ({@link OrchestratorLifecycle}). With
 * the Actuator, a health indicator; with Micrometer, meters. Every bean steps aside for one of the
 * application's own of the same type.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(OrchestratorEngine.class)
@EnableConfigurationProperties(OfferhubProperties.class)
@Import({OfferhubAdapterConfigurations.Sandbox.class, OfferhubAdapterConfigurations.SandboxAirtm.class,
    OfferhubAdapterConfigurations.Live.class, OfferhubAdapterConfigurations.LiveAirtm.class,
    OfferhubHealthConfiguration.class, OfferhubMetricsConfiguration.class})
public class OrchestratorAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorAutoConfiguration.class);
  /** The external user id of the treasury that funds escrows for fiat balances. */
  public static final String TREASURY_EXTERNAL_ID = "offerhub-treasury";

  @Bean
  @ConditionalOnMissingBean
  public Clock offerhubClock() {
    return Clock.systemUTC();
  }

  /**
   * JDBC storage: on a pool of its own when {@code offerhub.database.url} is set, else on the
   * application's {@code DataSource} when it has exactly one, else (sandbox only) on an in-memory H2. Migrated at start
   * unless {@code offerhub.database.migrate=false}; the engine's tables are prefixed {@code oh_} and
   * its schema history is its own.
   */
  @Bean
  @ConditionalOnMissingBean(Storage.class)
  public JdbcStorage offerhubStorage(OfferhubProperties properties, ObjectProvider<DataSource> dataSources,
      ConfigurableListableBeanFactory beanFactory) {
    OfferhubProperties.Database database = properties.getDatabase();
    DataSource dataSource = database.getUrl() != null ? null : dataSources.getIfUnique();
    if (dataSource != null) {
      // the storage's sequencer (and its LISTEN connection) stops before the application's pool closes
      for (String name : beanFactory.getBeanNamesForType(DataSource.class)) {
        beanFactory.registerDependentBean(name, "offerhubStorage");
      }
    }
    JdbcStorage storage;
    if (database.getUrl() != null) {
      storage = JdbcStorage.pooled(database.getUrl(), database.getUsername(), database.getPassword(),
          database.getPoolSize());
    } else if (dataSource != null) {
      requirePostgresModeOnH2(dataSource);
      storage = JdbcStorage.create(dataSource);
    } else if (properties.getMode() == OfferhubProperties.Mode.SANDBOX) {
      storage = JdbcStorage.pooled("jdbc:h2:mem:offerhub-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
          + JdbcStorage.H2_OPTIONS, "sa", "", database.getPoolSize());
    } else {
      throw new OfferhubConfigurationException("offerhub.database.url is required in "
          + properties.getMode().name().toLowerCase(Locale.ROOT) + " mode when the application has no DataSource");
    }
    if (database.isMigrate()) {
      try {
        storage.migrate();
      } catch (RuntimeException e) {
        storage.close();
        throw e;
      }
    }
    return storage;
  }

  /**
   * The engine's schema needs H2 in PostgreSQL mode; an H2 data source made without it (Spring
   * Boot's embedded default) is refused at start rather than failing later on some statement.
   */
  private static void requirePostgresModeOnH2(DataSource dataSource) {
    boolean postgresMode = true;
    try (Connection connection = dataSource.getConnection()) {
      if (connection.getMetaData().getURL().startsWith("jdbc:h2:")) {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'")) {
          postgresMode = rows.next() && "PostgreSQL".equalsIgnoreCase(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the application's DataSource: " + e.getMessage(), e);
    }
    if (!postgresMode) {
      throw new OfferhubConfigurationException("spring.datasource.url is an H2 database without PostgreSQL mode: "
          + "the engine needs H2 with the options of JdbcStorage.H2_OPTIONS, e.g. "
          + "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1" + JdbcStorage.H2_OPTIONS);
    }
  }

  /**
   * The wallet key cipher: {@code offerhub.wallet-encryption-key} as the current version, the older
   * versions and the reference implementation's key readable. The sandbox without a key uses a new
   * random one each run (its wallets then cannot be read by the next run).
   */
  @Bean
  @ConditionalOnMissingBean
  public WalletKeyCipher offerhubWalletKeyCipher(OfferhubProperties properties) {
    String current = properties.getWalletEncryptionKey();
    if (current == null) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      current = HexFormat.of().formatHex(key);
      LOG.info("offerhub.wallet-encryption-key is not set: the sandbox seals wallet keys with a random key of this "
          + "run{}", properties.getDatabase().getUrl() == null ? ""
          : " (wallets stored by an earlier run in " + "offerhub.database.url cannot be opened)");
    }
    int version = properties.getWalletEncryptionKeyVersion();
    AesGcmWalletKeyCipher.Builder cipher = AesGcmWalletKeyCipher.builder().keyHex(version, current).current(version);
    properties.getWalletEncryptionOldKeys().forEach(cipher::keyHex);
    if (properties.getWalletLegacyEncryptionKey() != null) {
      cipher.legacyKeyHex(properties.getWalletLegacyEncryptionKey());
    }
    return cipher.build();
  }

  @Bean
  @ConditionalOnMissingBean
  public EngineConfig offerhubEngineConfig(OfferhubProperties properties) {
    EngineConfig.Treasury treasury = properties.getPaymentProvider() == OfferhubProperties.PaymentProvider.AIRTM
        ? new EngineConfig.Treasury(TREASURY_EXTERNAL_ID, OfferhubProperties.money(
            properties.getAirtm().getTreasuryLowBalance()))
        : null;
    return EngineConfig.defaults().withPlatformFeeBps(properties.getPlatformFeeBps())
        .withSyncWait(properties.getSyncWait()).withEventRetention(properties.getEventRetention())
        .withSagaLease(properties.getSagaLease()).withDepositWatcherLease(properties.getDepositWatcherLease())
        .withTreasury(treasury);
  }

  /**
   * The engine. Its chain and escrow adapters come from the mode's configuration (or the
   * application's own beans); without them start-up names the module to add. Every
   * {@link EngineListener} bean hears it (the meters are one).
   */
  @Bean
  @ConditionalOnMissingBean
  public OrchestratorEngine offerhubEngine(OfferhubProperties properties, Storage storage,
      ObjectProvider<ChainAdapter> chain, ObjectProvider<EscrowGateway> escrow,
      ObjectProvider<PaymentProvider> paymentProvider, ObjectProvider<LeaseService> leases,
      ObjectProvider<EngineListener> listeners, WalletKeyCipher keyCipher, Clock clock, EngineConfig config) {
    ChainAdapter chainAdapter = chain.getIfUnique();
    EscrowGateway escrowGateway = escrow.getIfUnique();
    if (chainAdapter == null || escrowGateway == null) {
      String mode = properties.getMode().name().toLowerCase(Locale.ROOT);
      String module = properties.getMode() == OfferhubProperties.Mode.SANDBOX ? "orchestrator-testkit (the simulated "
          + "network)" : "orchestrator-stellar (Horizon, Soroban RPC and Trustless Work)";
      throw new OfferhubConfigurationException("offerhub.mode=" + mode + " needs com.offerhub.orchestrator:" + module
          + " on the classpath, or a ChainAdapter and an EscrowGateway bean of the application");
    }
    OrchestratorEngine.Builder builder = OrchestratorEngine.builder().storage(storage).chain(chainAdapter)
        .escrow(escrowGateway).keyCipher(keyCipher).clock(clock).config(config)
        .instanceId(properties.getInstanceName() + "-" + UUID.randomUUID());
    PaymentProvider provider = paymentProvider.getIfUnique();
    if (provider != null) {
      builder.paymentProvider(provider);
    } else if (properties.getPaymentProvider() == OfferhubProperties.PaymentProvider.AIRTM) {
      throw new OfferhubConfigurationException("offerhub.payment-provider=airtm needs "
          + "com.offerhub.orchestrator:orchestrator-airtm on the classpath (orchestrator-testkit in the sandbox), or a "
          + "PaymentProvider bean of the application");
    }
    listeners.orderedStream().forEach(builder::listener);
    LeaseService leaseService = leases.getIfUnique();
    if (leaseService != null) {
      builder.leases(leaseService);
    }
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  public OrchestratorLifecycle offerhubLifecycle(OrchestratorEngine engine,
      ObjectProvider<OrchestratorInitializer> initializers, OfferhubProperties properties) {
    return new OrchestratorLifecycle(engine, initializers.orderedStream().toList(), properties);
  }
}
