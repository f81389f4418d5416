package com.offerhub.orchestrator.jdbc.internal;

import com.offerhub.orchestrator.model.Money;
import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/** Binds {@link Money} as its exact number of stroops (a BIGINT column); null as SQL NULL. */
public final class MoneyArgumentFactory extends AbstractArgumentFactory<Money> {
  public MoneyArgumentFactory() {
    super(Types.BIGINT);
  }

  @Override
  protected Argument build(Money value, ConfigRegistry config) {
    return (position, statement, context) -> statement.setLong(position, value.stroops());
  }
}
