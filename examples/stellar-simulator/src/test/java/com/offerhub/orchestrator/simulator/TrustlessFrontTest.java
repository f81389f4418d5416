package com.offerhub.orchestrator.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.testkit.network.EscrowArgs;
import com.offerhub.orchestrator.testkit.network.EscrowView;
import com.offerhub.orchestrator.testkit.network.SimulatedNetwork;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stellar.sdk.FeeBumpTransaction;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.KeyPair;
import org.stellar.sdk.Transaction;
import org.stellar.sdk.TransactionBuilder;
import org.stellar.sdk.responses.SubmitTransactionResponse;
import org.stellar.sdk.responses.sorobanrpc.GetTransactionResponse;
import org.stellar.sdk.scval.Scv;
import org.stellar.sdk.xdr.SCVal;

/** Trustless Work at /tw over HTTP: unsigned XDR, signing with the SDK, submission through /tw or RPC. */
class TrustlessFrontTest {
  private static final String KEY = "simulator-key";

  /** The parties of one escrow: the platform signs deploys and resolves, the buyer holds no XLM of its own. */
  private static final class Parties {
    final Sim sim;
    final KeyPair platform;
    final KeyPair buyer;
    final KeyPair seller;

    Parties(Sim sim) throws Exception {
      this.sim = sim;
      platform = sim.withTrustline();
      buyer = sim.sponsoredWallet(platform);
      seller = sim.withTrustline();
      sim.deposit(buyer, "100");
    }

    String deployBody(String amount, String platformFee) {
      return "{\"signer\":\"" + platform.getAccountId() + "\",\"engagementId\":\"ord_1\",\"title\":\"Logo\","
          + "\"description\":\"A logo\",\"roles\":{\"approver\":\"" + buyer.getAccountId() + "\",\"serviceProvider\":\""
          + seller.getAccountId() + "\",\"platformAddress\":\"" + platform.getAccountId() + "\",\"releaseSigner\":\""
          + buyer.getAccountId() + "\",\"disputeResolver\":\"" + platform.getAccountId() + "\",\"receiver\":\""
          + seller.getAccountId() + "\"},\"amount\":" + amount + ",\"platformFee\":" + platformFee
          + ",\"milestones\":[{\"description\":\"Logo\"}],\"trustline\":{\"address\":\""
          + StellarSimulator.TESTNET_USDC_ISSUER + "\",\"symbol\":\"USDC\"}}";
    }

    /** Deploys through /tw (signed by the platform, sent through send-transaction); returns the contract id. */
    String deploy(String amount, String platformFee) throws Exception {
      Transaction unsigned = unsigned(sim.post("/tw/deployer/single-release", deployBody(amount, platformFee), KEY));
      assertEquals(platform.getAccountId(), unsigned.getSourceAccount());
      assertEquals(100_000, unsigned.getFee());
      assertTrue(unsigned.getPreconditions().getTimeBounds().getMaxTime().longValue() > 0);
      InvokeHostFunctionOperation op = (InvokeHostFunctionOperation) unsigned.getOperations()[0];
      String function = op.getHostFunction().getInvokeContract().getFunctionName().getSCSymbol().toString();
      assertEquals(sim.simulator.network().defaultVariant() == SimulatedNetwork.Variant.A ? "deploy"
          : "tw_new_single_release_escrow", function);
      JsonNode sent = send(unsigned, platform);
      String contract = sent.get("contractId").asText();
      assertTrue(contract.startsWith("C"));
      assertEquals("ord_1", sent.get("escrow").get("engagementId").asText());
      return contract;
    }

    /** Funds from the buyer, who holds no XLM: the platform pays by fee-bump, sent straight to Soroban RPC. */
    void fund(String contract, String amount) throws Exception {
      Transaction unsigned = unsigned(sim.post("/tw/escrow/single-release/fund-escrow", "{\"contractId\":\""
          + contract + "\",\"signer\":\"" + buyer.getAccountId() + "\",\"amount\":" + amount + "}", KEY));
      unsigned.sign(buyer);
      FeeBumpTransaction bump = new FeeBumpTransaction.Builder(unsigned).setFeeAccount(platform.getAccountId())
          .setBaseFee(unsigned.getFee()).build();
      bump.sign(platform);
      JsonNode sent = sim.rpcSend(bump.toEnvelopeXdrBase64());
      assertEquals("PENDING", sent.get("status").asText(), sent.toString());
      assertEquals(bump.hashHex(), sent.get("hash").asText());
      assertEquals(GetTransactionResponse.GetTransactionStatus.SUCCESS, sim.rpc.getTransaction(bump.hashHex())
          .getStatus());
    }

    JsonNode step(String path, String body, KeyPair signer) throws Exception {
      return send(unsigned(sim.post("/tw/escrow/single-release/" + path, body, KEY)), signer);
    }

    /**
     * Signs and sends through /tw/helper/send-transaction; the buyer holds no XLM, so its
     * transactions go as fee-bumps paid by the platform.
     */
    JsonNode send(Transaction unsigned, KeyPair signer) throws Exception {
      unsigned.sign(signer);
      String envelope = unsigned.toEnvelopeXdrBase64();
      if (signer == buyer) {
        FeeBumpTransaction bump = new FeeBumpTransaction.Builder(unsigned).setFeeAccount(platform.getAccountId())
            .setBaseFee(unsigned.getFee()).build();
        bump.sign(platform);
        envelope = bump.toEnvelopeXdrBase64();
      }
      HttpResponse<String> response = sim.post("/tw/helper/send-transaction", "{\"signedXdr\":\"" + envelope
          + "\"}", KEY);
      assertEquals(200, response.statusCode(), response.body());
      JsonNode json = Sim.json(response);
      assertEquals("SUCCESS", json.get("status").asText());
      return json;
    }

    Money usdc(String account) {
      return sim.simulator.network().usdcBalance(account);
    }
  }

  static Transaction unsigned(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    JsonNode json = Sim.json(response);
    assertEquals("SUCCESS", json.get("status").asText());
    return (Transaction) Sim.parse(json.get("unsignedTransaction").asText());
  }

  @ParameterizedTest
  @EnumSource(SimulatedNetwork.Variant.class)
  void deployFundChangeStatusApproveReleasePayTheFeesExactly(SimulatedNetwork.Variant variant) throws Exception {
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ZERO).variant(variant))) {
      Parties p = new Parties(sim);
      String contract = p.deploy("100", "5");
      assertEquals(variant, sim.simulator.network().escrow(contract).variant());
      p.fund(contract, "100");
      assertEquals(Money.of(100), p.usdc(contract));
      assertEquals("0.0000000", sim.xlmBalance(p.buyer.getAccountId()), "the buyer never paid a fee");
      p.step("change-milestone-status", "{\"contractId\":\"" + contract + "\",\"milestoneIndex\":\"0\","
          + "\"newStatus\":\"completed\",\"serviceProvider\":\"" + p.seller.getAccountId() + "\"}", p.seller);
      p.step("approve-milestone", "{\"contractId\":\"" + contract + "\",\"milestoneIndex\":\"0\",\"approver\":\""
          + p.buyer.getAccountId() + "\"}", p.buyer);
      p.step("release-funds", "{\"contractId\":\"" + contract + "\",\"releaseSigner\":\""
          + p.buyer.getAccountId() + "\"}", p.buyer);
      assertEquals(Money.parsePositive("94.7"), p.usdc(p.seller.getAccountId()), "100 - 0.3 % - 5 %");
      assertEquals(Money.of(5), p.usdc(p.platform.getAccountId()));
      assertEquals(Money.parsePositive("0.3"), p.usdc(StellarSimulator.TRUSTLESS_WORK_FEE_ADDRESS));
      JsonNode indexed = Sim.json(sim.get("/tw/helper/get-escrow-by-contract-ids?contractIds[]=" + contract
          + "&validateOnChain=true", KEY)).get(0);
      assertTrue(indexed.get("flags").get("released").asBoolean());
      assertEquals("0", indexed.get("balance").asText());
      assertEquals("5", indexed.get("platformFee").asText());
      assertEquals("completed", indexed.get("milestones").get(0).get("status").asText());
    }
  }

  /**
   * spec/05 §5: a 33.3333333 / 66.6666667 split of 100 at 5 % pays out one stroop more than the
   * balance under [A], so the resolve reverts (Trustless Work refuses to build it, and sent anyway
   * it fails on chain); under [B] the fee shares are taken per payee and everything adds up.
   */
  @ParameterizedTest
  @EnumSource(SimulatedNetwork.Variant.class)
  void aSplitThatRevertsUnderAPaysOutUnderB(SimulatedNetwork.Variant variant) throws Exception {
    try (Sim sim = new Sim(StellarSimulator.builder().ledgerInterval(Duration.ZERO).variant(variant))) {
      Parties p = new Parties(sim);
      String contract = p.deploy("100", "5");
      p.fund(contract, "100");
      p.step("dispute-escrow", "{\"contractId\":\"" + contract + "\",\"signer\":\"" + p.buyer.getAccountId() + "\"}",
          p.buyer);
      String body = "{\"contractId\":\"" + contract + "\",\"disputeResolver\":\"" + p.platform.getAccountId()
          + "\",\"distributions\":[{\"address\":\"" + p.seller.getAccountId() + "\",\"amount\":33.3333333},"
          + "{\"address\":\"" + p.buyer.getAccountId() + "\",\"amount\":66.6666667}]}";
      HttpResponse<String> built = sim.post("/tw/escrow/single-release/resolve-dispute", body, KEY);
      if (variant == SimulatedNetwork.Variant.A) {
        assertEquals(400, built.statusCode(), built.body());
        Transaction direct = resolveBuiltByHand(sim, p, contract);
        direct.sign(p.platform);
        SubmitTransactionResponse response = sim.horizon.submitTransaction(direct, true);
        assertEquals(List.of("op_trapped"), response.getExtras().getResultCodes().getOperationsResultCodes(),
            "sent anyway, the resolve reverts on chain");
        EscrowView escrow = sim.simulator.network().escrow(contract);
        assertTrue(escrow.disputed() && !escrow.resolved());
        assertEquals(Money.of(100), p.usdc(contract), "nothing moved");
      } else {
        p.send(unsigned(built), p.platform);
        assertEquals(Money.parsePositive("31.5666668"), p.usdc(p.seller.getAccountId()));
        assertEquals(Money.parsePositive("63.1333334"), p.usdc(p.buyer.getAccountId()));
        assertEquals(Money.parsePositive("4.9999999"), p.usdc(p.platform.getAccountId()));
        assertEquals(Money.parsePositive("0.2999999"), p.usdc(StellarSimulator.TRUSTLESS_WORK_FEE_ADDRESS));
        assertEquals(Money.ZERO, p.usdc(contract));
        assertTrue(sim.simulator.network().escrow(contract).resolved());
      }
    }
  }

  /** The [A] resolve of {@link #aSplitThatRevertsUnderAPaysOutUnderB}, built with the SDK as an adapter would. */
  private static Transaction resolveBuiltByHand(Sim sim, Parties p, String contract) throws Exception {
    java.util.LinkedHashMap<SCVal, SCVal> split = new java.util.LinkedHashMap<>();
    String seller = p.seller.getAccountId();
    String buyer = p.buyer.getAccountId();
    boolean sellerFirst = seller.compareTo(buyer) < 0;
    split.put(Scv.toAddress(sellerFirst ? seller : buyer), Scv.toInt128(java.math.BigInteger.valueOf(
        sellerFirst ? 333_333_333L : 666_666_667L)));
    split.put(Scv.toAddress(sellerFirst ? buyer : seller), Scv.toInt128(java.math.BigInteger.valueOf(
        sellerFirst ? 666_666_667L : 333_333_333L)));
    List<SCVal> args = List.of(Scv.toAddress(p.platform.getAccountId()), Scv.toMap(split));
    InvokeHostFunctionOperation op = InvokeHostFunctionOperation.invokeContractFunctionOperationBuilder(contract,
        EscrowArgs.RESOLVE, args).build();
    com.offerhub.orchestrator.testkit.network.Op.InvokeContract model;
    try {
      model = new com.offerhub.orchestrator.testkit.network.Op.InvokeContract(null, contract, EscrowArgs.RESOLVE,
          XdrCodec.values(args.toArray(new SCVal[0])), List.of());
    } catch (XdrCodec.MalformedException e) {
      throw new AssertionError(e);
    }
    InvokeHostFunctionOperation authorised = op.toBuilder().auth(List.of(XdrCodec.authEntry(model, "", ""))).build();
    return new TransactionBuilder(sim.horizon.accounts().account(p.platform.getAccountId()), Sim.NETWORK)
        .setBaseFee(100_000).setTimeout(300).setSorobanData(XdrCodec.sorobanData(RpcFront.MIN_RESOURCE_FEE))
        .addOperation(authorised).build();
  }

  @Test
  void aWrongOrMissingApiKeyIsUnauthorized() throws Exception {
    try (Sim sim = Sim.instant()) {
      Parties p = new Parties(sim);
      HttpResponse<String> wrong = sim.post("/tw/deployer/single-release", p.deployBody("100", "5"), "other-key");
      assertEquals(401, wrong.statusCode());
      assertEquals("Unauthorized", Sim.json(wrong).get("message").asText());
      assertEquals(401, sim.get("/tw/helper/get-escrows-by-signer?signer=" + p.platform.getAccountId(), null)
          .statusCode());
      assertTrue(sim.simulator.network().escrows().isEmpty());
    }
  }

  @Test
  void roleChecksAndMissingFieldsAreRefusedWhenBuiltWithTheContractsMessage() throws Exception {
    try (Sim sim = Sim.instant()) {
      Parties p = new Parties(sim);
      String contract = p.deploy("100", "5");
      p.fund(contract, "100");
      HttpResponse<String> bySeller = sim.post("/tw/escrow/single-release/approve-milestone", "{\"contractId\":\""
          + contract + "\",\"milestoneIndex\":\"0\",\"approver\":\"" + p.seller.getAccountId() + "\"}", KEY);
      assertEquals(400, bySeller.statusCode());
      assertEquals("Only the approver can change milestone flag", Sim.json(bySeller).get("message").asText());
      HttpResponse<String> byBuyer = sim.post("/tw/escrow/single-release/change-milestone-status", "{\"contractId\":\""
          + contract + "\",\"milestoneIndex\":\"0\",\"newStatus\":\"completed\",\"serviceProvider\":\""
          + p.buyer.getAccountId() + "\"}", KEY);
      assertEquals("Only the service provider can change milestone status", Sim.json(byBuyer).get("message").asText());
      HttpResponse<String> early = sim.post("/tw/escrow/single-release/release-funds", "{\"contractId\":\""
          + contract + "\",\"releaseSigner\":\"" + p.buyer.getAccountId() + "\"}", KEY);
      assertEquals("The escrow must be completed to release earnings", Sim.json(early).get("message").asText());
      HttpResponse<String> resolver = sim.post("/tw/escrow/single-release/dispute-escrow", "{\"contractId\":\""
          + contract + "\",\"signer\":\"" + p.platform.getAccountId() + "\"}", KEY);
      assertEquals("The dispute resolver cannot dispute the escrow.", Sim.json(resolver).get("message").asText());
      HttpResponse<String> missing = sim.post("/tw/escrow/single-release/approve-milestone", "{\"contractId\":\""
          + contract + "\",\"milestoneIndex\":\"0\"}", KEY);
      assertEquals(400, missing.statusCode());
      assertEquals("approver required", Sim.json(missing).get("message").asText());
      HttpResponse<String> overFee = sim.post("/tw/deployer/single-release", p.deployBody("100", "99.5"), KEY);
      assertEquals("The platform fee cannot exceed 99%", Sim.json(overFee).get("message").asText());
    }
  }

  @Test
  void helperReadersAcceptBracketedRepeatedAndCommaSeparatedArrays() throws Exception {
    try (Sim sim = Sim.instant()) {
      Parties p = new Parties(sim);
      String first = p.deploy("100", "5");
      String second = p.deploy("50", "0");
      p.fund(first, "40");
      for (String query : List.of("contractIds[]=" + first + "&contractIds[]=" + second,
          "contractIds%5B%5D=" + first + "&contractIds%5B%5D=" + second,
          "contractIds=" + first + "&contractIds=" + second, "contractIds=" + first + "," + second)) {
        JsonNode found = Sim.json(sim.get("/tw/helper/get-escrow-by-contract-ids?" + query, KEY));
        assertEquals(2, found.size(), query);
      }
      JsonNode balances = Sim.json(sim.get("/tw/helper/get-multiple-escrow-balance?addresses[]=" + first
          + "&addresses[]=" + second, KEY));
      assertEquals("40", balances.get(0).get("balance").asText());
      assertTrue(balances.get(0).get("balance").isNumber());
      assertEquals("0", balances.get(1).get("balance").asText());
      JsonNode bySigner = Sim.json(sim.get("/tw/helper/get-escrows-by-signer?signer=" + p.platform.getAccountId()
          + "&engagementId=ord_1", KEY));
      assertEquals(2, bySigner.size());
      JsonNode byRole = Sim.json(sim.get("/tw/helper/get-escrows-by-role?role=receiver&roleAddress="
          + p.seller.getAccountId() + "&maxAmount=60", KEY));
      assertEquals(1, byRole.size());
      assertEquals(second, byRole.get(0).get("contractId").asText());
      assertEquals(1, byRole.get(0).get("createdAt").get("_seconds").asLong() > 0 ? 1 : 0);
      String hash = sim.simulator.network().escrow(first).deployTransaction();
      assertEquals(200, sim.post("/tw/indexer/update-from-txHash", "{\"txHash\":\"" + hash + "\"}", KEY).statusCode());
    }
  }
}
