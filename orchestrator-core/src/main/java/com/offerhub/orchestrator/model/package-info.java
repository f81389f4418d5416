/** Domain model: values, aggregates as immutable records, and state machines as enums. */
package com.offerhub.orchestrator.model;
