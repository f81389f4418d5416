package com.offerhub.orchestrator.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that records the statements the calling thread sends (each execution is one round
 * trip to the database; a commit is one more), for tests that pin how many a command costs.
 */
final class CountingDataSource implements DataSource {
  private final DataSource target;
  private final ThreadLocal<List<String>> recording = new ThreadLocal<>();

  CountingDataSource(DataSource target) {
    this.target = target;
  }

  /** Starts recording this thread's statements (and commits, as {@code "COMMIT"}). */
  void start() {
    recording.set(new ArrayList<>());
  }

  /** Stops recording and returns what this thread sent since {@link #start()}. */
  List<String> stop() {
    List<String> sent = recording.get();
    recording.remove();
    return sent == null ? List.of() : Collections.unmodifiableList(sent);
  }

  private void record(String sql) {
    List<String> sent = recording.get();
    if (sent != null) {
      sent.add(sql);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(target.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(target.getConnection(user, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> {
      Object result = call(connection, method, args);
      String name = method.getName();
      if (name.equals("commit")) {
        record("COMMIT");
      } else if (name.equals("prepareStatement") && result instanceof PreparedStatement prepared) {
        return statement(prepared, (String) args[0], PreparedStatement.class);
      } else if (name.equals("createStatement") && result instanceof Statement plain) {
        return statement(plain, null, Statement.class);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private <S extends Statement> S statement(S statement, String preparedSql, Class<S> type) {
    InvocationHandler handler = (proxy, method, args) -> {
      String name = method.getName();
      if (name.startsWith("execute")) {
        record(preparedSql != null ? preparedSql : args != null && args.length > 0 ? String.valueOf(args[0]) : "?");
      }
      return call(statement, method, args);
    };
    return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("offerhub");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return target.isWrapperFor(iface);
  }
}
