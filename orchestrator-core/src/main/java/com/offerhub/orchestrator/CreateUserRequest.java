package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.UserType;

/** Input of {@link UserOperations#create}; {@code email} and {@code type} are optional. */
public record CreateUserRequest(String externalUserId, String email, UserType type) {
  public static CreateUserRequest of(String externalUserId) {
    return new CreateUserRequest(externalUserId, null, null);
  }
}
