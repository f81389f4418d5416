package com.offerhub.orchestrator.model;

import com.offerhub.orchestrator.ErrorCode;
import com.offerhub.orchestrator.OrchestratorException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Builds transition tables and enforces them; an illegal move raises {@code INVALID_STATE}. */
public final class Transitions {
  private Transitions() {}

  /**
   * Checks that {@code from -> to} is allowed, else throws {@code INVALID_STATE} naming the
   * aggregate, its id, both states and the allowed successors.
   */
  public static <S extends Enum<S> & LifecycleState<S>> S require(String aggregate, String id, S from, S to) {
    if (!from.canMoveTo(to)) {
      throw illegal(aggregate, id, from, to);
    }
    return to;
  }

  public static <S extends Enum<S> & LifecycleState<S>> OrchestratorException illegal(
      String aggregate, String id, S from, S to) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("currentState", from.name());
    details.put("targetState", to.name());
    details.put("allowedTransitions", from.successors().stream().map(Enum::name).sorted().toList());
    return new OrchestratorException(ErrorCode.INVALID_STATE,
        "Cannot move " + aggregate + " " + id + " from " + from + " to " + to, details);
  }

  @SafeVarargs
  static <S extends Enum<S>> Map<S, Set<S>> table(Class<S> type, Map.Entry<S, Set<S>>... entries) {
    EnumMap<S, Set<S>> map = new EnumMap<>(type);
    for (S state : type.getEnumConstants()) {
      map.put(state, Set.of());
    }
    for (Map.Entry<S, Set<S>> entry : entries) {
      map.put(entry.getKey(), Set.copyOf(entry.getValue()));
    }
    return map;
  }
}
