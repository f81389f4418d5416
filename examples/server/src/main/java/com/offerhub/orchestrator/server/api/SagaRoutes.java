package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.model.Saga;
import com.offerhub.orchestrator.model.SagaState;
import com.offerhub.orchestrator.model.SagaStep;
import com.offerhub.orchestrator.server.http.ApiError;
import com.offerhub.orchestrator.server.http.Call;
import com.offerhub.orchestrator.server.http.Reply;
import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import com.offerhub.orchestrator.server.http.Times;
import com.offerhub.orchestrator.spi.storage.Keyset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-chain sagas, for operators (support scope): list them newest first, optionally of one
 * state; read one; retry a pending one now. An ended saga is never run again (409
 * SAGA_NOT_PENDING).
 */
public final class SagaRoutes {
  private static final List<String> STATES = Arrays.stream(SagaState.values()).map(Enum::name).toList();

  public void register(Router router) {
    router.get("/sagas", Scope.SUPPORT, this::list);
    router.get("/sagas/{sagaId}", Scope.SUPPORT, call -> Reply.standard(200,
        view(call.engine().sagas().get(call.path("sagaId")))));
    router.post("/sagas/{sagaId}/retry", Scope.SUPPORT, call -> Reply.standard(200,
        view(call.ops().sagas().retry(call.path("sagaId")))));
  }

  private Reply list(Call call) {
    String state = call.query("state");
    SagaState filter = null;
    if (state != null) {
      if (!STATES.contains(state)) {
        throw new ApiError(400, "VALIDATION_ERROR", "state must be one of " + STATES, Map.of("parameter", "state",
            "allowed", STATES));
      }
      filter = SagaState.valueOf(state);
    }
    SagaState chosen = filter;
    return Paging.keyset((after, limit) -> call.engine().sagas().list(chosen, after, limit),
        id -> AccountRoutes.found(() -> call.engine().sagas().get(id)), s -> new Keyset(s.createdAt(), s.id()),
        s -> true, Saga::id, call.query("cursor"), call.limit(), SagaRoutes::view);
  }

  /** A saga as the API shows it: no signed envelopes or lease tokens. */
  static Map<String, Object> view(Saga saga) {
    Map<String, Object> v = new LinkedHashMap<>();
    SagaStep current = saga.currentStep();
    v.put("id", saga.id());
    v.put("kind", saga.kind().name());
    v.put("subjectId", saga.subjectId());
    v.put("state", saga.state().name());
    v.put("currentStep", current == null ? null : current.action());
    v.put("failure", saga.failure());
    v.put("nextAttemptAt", Times.iso(saga.nextAttemptAt()));
    v.put("createdAt", Times.iso(saga.createdAt()));
    v.put("updatedAt", Times.iso(saga.updatedAt()));
    return v;
  }
}
