package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.testkit.network.EscrowView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stellar.sdk.Account;
import org.stellar.sdk.Auth;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.PrepareTransactionException;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.TransactionBuilderAccount;
import org.stellar.sdk.responses.sorobanrpc.GetTransactionResponse;
import org.stellar.sdk.responses.sorobanrpc.SendTransactionResponse;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;
import org.stellar.sdk.xdr.SorobanAuthorizationEntry;
import org.stellar.sdk.xdr.SorobanCredentialsType;
import org.stellar.sdk.xdr.TransactionMeta;
import org.stellar.sdk.xdr.TransactionResult;
import org.stellar.sdk.xdr.TransactionResultCode;

/** Soroban RPC over HTTP, driven by the SDK's SorobanServer. */
class RpcFrontTest {

  @Test
  void healthNetworkLatestLedgerAndAccountsAnswerAsTheSdkExpects() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair a = sim.funded();
      assertEquals("healthy", sim.rpc.getHealth().getStatus());
      assertEquals(Sim.NETWORK.getNetworkPassphrase(), sim.rpc.getNetwork().getPassphrase());
      assertEquals(sim.simulator.network().ledger(), sim.rpc.getLatestLedger().getSequence().longValue());
      TransactionBuilderAccount account = sim.rpc.getAccount(a.getAccountId());
      assertEquals(sim.horizon.accounts().account(a.getAccountId()).getSequenceNumber(), account.getSequenceNumber());
      assertThrows(org.stellar.sdk.AccountNotFoundException.class,
          () -> sim.rpc.getAccount(KeyPair.random().getAccountId()));
      assertEquals(GetTransactionResponse.GetTransactionStatus.NOT_FOUND,
          sim.rpc.getTransaction("ab".repeat(32)).getStatus());
    }
  }

  /**
   * The platform authorises a deploy through address credentials signed with the SDK's
   * {@code Auth.authorizeEntry} while a channel account is the transaction's source: the call
   * lands, its return value is the new contract's address.
   */
  @Test
  void aDeployAuthorisedByAddressCredentialsOnAChannelAccountReturnsTheContractAddress() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair platform = sim.withTrustline();
      KeyPair channel = sim.funded();
      KeyPair buyer = sim.withTrustline();
      KeyPair seller = sim.withTrustline();
      InvokeHostFunctionOperation deploy = Escrows.deploy(sim.simulator.network(), platform, buyer, seller, platform,
          "1000000000");
      Transaction prepared = prepare(sim, channel, deploy);
      InvokeHostFunctionOperation op = (InvokeHostFunctionOperation) prepared.getOperations()[0];
      assertEquals(1, op.getAuth().size());
      SorobanAuthorizationEntry entry = op.getAuth().get(0);
      assertEquals(SorobanCredentialsType.SOROBAN_CREDENTIALS_ADDRESS, entry.getCredentials().getDiscriminant(),
          "the platform is not the source: simulation asks for its address credentials");
      long validUntil = sim.rpc.getLatestLedger().getSequence() + 100;
      SorobanAuthorizationEntry signed = Auth.authorizeEntry(entry, platform, validUntil, Sim.NETWORK);
      Transaction tx = withAuth(sim, channel, prepared, op, signed);
      tx.sign(channel);
      SendTransactionResponse sent = sim.rpc.sendTransaction(tx);
      assertEquals(SendTransactionResponse.SendTransactionStatus.PENDING, sent.getStatus());
      GetTransactionResponse got = sim.rpc.getTransaction(sent.getHash());
      assertEquals(GetTransactionResponse.GetTransactionStatus.SUCCESS, got.getStatus());
      SCVal returned = TransactionMeta.fromXdrBase64(got.getResultMetaXdr()).getV3().getSorobanMeta().getReturnValue();
      String contract = Scv.fromAddress(returned).toString();
      assertTrue(contract.startsWith("C"), contract);
      EscrowView escrow = sim.simulator.network().escrow(contract);
      assertNotNull(escrow);
      assertEquals(platform.getAccountId(), escrow.deployer());
      assertEquals(got.getLedger(), sim.simulator.network().record(sent.getHash()).ledger());
      assertTrue(sim.horizon.transactions().transaction(sent.getHash()).getSuccessful(), "Horizon indexes it too");
    }
  }

  @Test
  void addressCredentialsWithABadSignatureOrForOtherArgumentsAreRefused() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair platform = sim.withTrustline();
      KeyPair channel = sim.funded();
      KeyPair buyer = sim.withTrustline();
      KeyPair seller = sim.withTrustline();
      long validUntil = sim.rpc.getLatestLedger().getSequence() + 100;

      Transaction prepared = prepare(sim, channel, Escrows.deploy(sim.simulator.network(), platform, buyer, seller,
          platform, "1000000000"));
      InvokeHostFunctionOperation op = (InvokeHostFunctionOperation) prepared.getOperations()[0];
      SorobanAuthorizationEntry forged = Auth.authorizeEntry(op.getAuth().get(0), platform, validUntil, Sim.NETWORK);
      byte[] signature = forged.getCredentials().getAddress().getSignature().getVec().getSCVec()[0].getMap()
          .getSCMap()[1].getVal().getBytes().getSCBytes();
      signature[0] ^= 1;
      Transaction wrongKey = withAuth(sim, channel, prepared, op, forged);
      wrongKey.sign(channel);
      assertFailed(sim, sim.rpc.sendTransaction(wrongKey));

      Transaction other = prepare(sim, channel, Escrows.deploy(sim.simulator.network(), platform, buyer, seller,
          platform, "1000000000"));
      InvokeHostFunctionOperation otherOp = (InvokeHostFunctionOperation) other.getOperations()[0];
      SorobanAuthorizationEntry signed = Auth.authorizeEntry(otherOp.getAuth().get(0), platform, validUntil,
          Sim.NETWORK);
      InvokeHostFunctionOperation tampered = Escrows.deploy(sim.simulator.network(), platform, buyer, channel,
          platform, "1000000000");
      Transaction swapped = withAuth(sim, channel, other, tampered, signed);
      swapped.sign(channel);
      assertFailed(sim, sim.rpc.sendTransaction(swapped));
      assertTrue(sim.simulator.network().escrows().isEmpty(), "no escrow was deployed");
    }
  }

  private static void assertFailed(Sim sim, SendTransactionResponse sent) throws Exception {
    assertEquals(SendTransactionResponse.SendTransactionStatus.PENDING, sent.getStatus());
    GetTransactionResponse got = sim.rpc.getTransaction(sent.getHash());
    assertEquals(GetTransactionResponse.GetTransactionStatus.FAILED, got.getStatus());
    TransactionResult result = TransactionResult.fromXdrBase64(got.getResultXdr());
    assertEquals(TransactionResultCode.txFAILED, result.getResult().getDiscriminant());
  }

  @Test
  void anInvalidTransactionIsAnErrorWithItsResultAndAResendIsADuplicate() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair platform = sim.withTrustline();
      KeyPair buyer = sim.withTrustline();
      KeyPair seller = sim.withTrustline();
      Transaction prepared = prepare(sim, platform, Escrows.deploy(sim.simulator.network(), platform, buyer, seller,
          platform, "1000000000"));
      assertEquals(SorobanCredentialsType.SOROBAN_CREDENTIALS_SOURCE_ACCOUNT, ((InvokeHostFunctionOperation)
          prepared.getOperations()[0]).getAuth().get(0).getCredentials().getDiscriminant(),
          "the signer is the source: source-account credentials");
      assertEquals(100 + RpcFront.MIN_RESOURCE_FEE, prepared.getFee());
      Transaction unsigned = prepared;
      SendTransactionResponse refused = sim.rpc.sendTransaction(unsigned);
      assertEquals(SendTransactionResponse.SendTransactionStatus.ERROR, refused.getStatus());
      assertEquals(TransactionResultCode.txBAD_AUTH,
          TransactionResult.fromXdrBase64(refused.getErrorResultXdr()).getResult().getDiscriminant());
      prepared.sign(platform);
      SendTransactionResponse sent = sim.rpc.sendTransaction(prepared);
      assertEquals(SendTransactionResponse.SendTransactionStatus.PENDING, sent.getStatus());
      assertEquals(SendTransactionResponse.SendTransactionStatus.DUPLICATE, sim.rpc.sendTransaction(prepared).getStatus());
      assertEquals(GetTransactionResponse.GetTransactionStatus.SUCCESS, sim.rpc.getTransaction(sent.getHash()).getStatus());
    }
  }

  @Test
  void simulationReportsTheContractsRefusal() throws Exception {
    try (Sim sim = Sim.instant()) {
      KeyPair platform = sim.withTrustline();
      KeyPair buyer = sim.withTrustline();
      InvokeHostFunctionOperation deploy = Escrows.deploy(sim.simulator.network(), platform, buyer, platform, platform,
          "0");
      TransactionBuilderAccount account = sim.rpc.getAccount(platform.getAccountId());
      Transaction tx = new TransactionBuilder(account, Sim.NETWORK).setBaseFee(100).setTimeout(300)
          .addOperation(deploy).build();
      PrepareTransactionException refused = assertThrows(PrepareTransactionException.class,
          () -> sim.rpc.prepareTransaction(tx));
      String error = refused.getSimulateTransactionResponse().getError();
      assertTrue(error.contains("#1") && error.contains("Amount cannot be equal to or less than zero"), error);
      assertNull(refused.getSimulateTransactionResponse().getTransactionData());
    }
  }

  static Transaction prepare(Sim sim, KeyPair source, InvokeHostFunctionOperation op) throws Exception {
    TransactionBuilderAccount account = sim.rpc.getAccount(source.getAccountId());
    Transaction tx = new TransactionBuilder(account, Sim.NETWORK).setBaseFee(100).setTimeout(300).addOperation(op)
        .build();
    return sim.rpc.prepareTransaction(tx);
  }

  /** The prepared transaction again with {@code op} (arguments and auth as given). */
  static Transaction withAuth(Sim sim, KeyPair source, Transaction prepared, InvokeHostFunctionOperation op,
      SorobanAuthorizationEntry auth) {
    InvokeHostFunctionOperation authorised = op.toBuilder().auth(List.of(auth)).build();
    return new TransactionBuilder(new Account(source.getAccountId(), prepared.getSequenceNumber() - 1), Sim.NETWORK)
        .setBaseFee(prepared.getFee()).addPreconditions(prepared.getPreconditions())
        .setSorobanData(prepared.getSorobanData()).addOperation(authorised).build();
  }
}
