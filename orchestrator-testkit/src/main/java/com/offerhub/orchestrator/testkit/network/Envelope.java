package com.offerhub.orchestrator.testkit.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process fronts' transaction format (not real XDR): a body of {@code key=value} lines
 * (source, sequence, fee, time bounds, memo, and one {@code op=} line per operation, written as a
 * {@link ScVal} vector); the hash covers the network passphrase and the body; a signed envelope
 * appends one Ed25519 signature. Decoding verifies the signature against the transaction's and
 * the operations' source accounts and yields the model {@link Tx}.
 */
final class Envelope {
  private Envelope() {}

  /** The codec of the in-process fronts. */
  static final TxCodec CODEC = (tx, passphrase) -> {
    String unsigned = unsigned(tx);
    return new TxCodec.Encoded(hash(passphrase, unsigned), unsigned);
  };

  /** The unsigned envelope (base64 of the body) of {@code tx}; signers and hashes are not part of it. */
  static String unsigned(Tx tx) {
    StringBuilder body = new StringBuilder();
    body.append("source=").append(tx.source()).append('\n');
    body.append("seq=").append(tx.sequence()).append('\n');
    body.append("fee=").append(tx.fee()).append('\n');
    body.append("minTime=").append(tx.minTimeMillis()).append('\n');
    body.append("maxTime=").append(tx.maxTimeMillis()).append('\n');
    body.append("memo=").append(tx.memo().kind().name()).append(':')
        .append(Base64.getUrlEncoder().withoutPadding().encodeToString(tx.memo().value().getBytes(StandardCharsets.UTF_8)))
        .append('\n');
    for (Op op : tx.operations()) {
      body.append("op=").append(ScVal.encode(opValue(op))).append('\n');
    }
    return Base64.getEncoder().encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ScVal opValue(Op op) {
    List<ScVal> items = new ArrayList<>();
    ScVal source = op.source() == null ? new ScVal.Void() : ScVal.address(op.source());
    if (op instanceof Op.CreateAccount c) {
      items.addAll(List.of(new ScVal.Sym("createAccount"), source, ScVal.address(c.destination()),
          ScVal.i128(c.startingBalance())));
    } else if (op instanceof Op.Payment p) {
      items.addAll(List.of(new ScVal.Sym("payment"), source, ScVal.address(p.destination()), asset(p.asset()),
          ScVal.i128(p.amount())));
    } else if (op instanceof Op.PathPayment p) {
      items.addAll(List.of(new ScVal.Sym("pathPayment"), source, ScVal.address(p.destination()), asset(p.sendAsset()),
          ScVal.i128(p.sendAmount()), asset(p.destAsset()), ScVal.i128(p.destAmount()), new ScVal.Bool(p.strictSend())));
    } else if (op instanceof Op.ChangeTrust t) {
      items.addAll(List.of(new ScVal.Sym("changeTrust"), source, asset(t.asset()), ScVal.i128(t.limit())));
    } else if (op instanceof Op.BeginSponsoring b) {
      items.addAll(List.of(new ScVal.Sym("beginSponsoring"), source, ScVal.address(b.sponsored())));
    } else if (op instanceof Op.EndSponsoring) {
      items.addAll(List.of(new ScVal.Sym("endSponsoring"), source));
    } else if (op instanceof Op.InvokeContract i) {
      boolean sourceAuth = i.auth().stream().anyMatch(AuthEntry::isSourceAccount);
      items.addAll(List.of(new ScVal.Sym("invoke"), source, ScVal.address(i.contract()), new ScVal.Sym(i.function()),
          new ScVal.Vec(i.args()), new ScVal.Bool(sourceAuth)));
    } else {
      throw new IllegalArgumentException("the in-process format cannot carry " + op);
    }
    return new ScVal.Vec(items);
  }

  private static ScVal asset(Asset asset) {
    return asset.isNative() ? new ScVal.Void()
        : new ScVal.Vec(List.of(ScVal.str(asset.code()), ScVal.address(asset.issuer())));
  }

  static byte[] hashBytes(String passphrase, String unsigned) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((passphrase + "\n").getBytes(StandardCharsets.UTF_8));
      return sha.digest(Base64.getDecoder().decode(unsigned));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hash(String passphrase, String unsigned) {
    return HexFormat.of().formatHex(hashBytes(passphrase, unsigned));
  }

  /** The signed envelope: the unsigned one, a dot, and the signature in base64. */
  static String sign(String unsigned, byte[] seed, String passphrase) {
    return unsigned + "." + Base64.getEncoder().encodeToString(Ed25519Keys.sign(seed, hashBytes(passphrase, unsigned)));
  }

  /**
   * Decodes an envelope (signed or not) into the model transaction. The signature counts for each
   * source account (transaction or operation) whose key verifies it; {@code witness}, when not
   * null, is the public key the in-process adapter saw sign it (no second curve operation).
   */
  static Tx decode(String envelope, String passphrase, byte[] witness) {
    int dot = envelope.indexOf('.');
    String unsigned = dot < 0 ? envelope : envelope.substring(0, dot);
    byte[] signature = dot < 0 ? null : Base64.getDecoder().decode(envelope.substring(dot + 1));
    Map<String, String> fields = new LinkedHashMap<>();
    List<Op> ops = new ArrayList<>();
    String body = new String(Base64.getDecoder().decode(unsigned), StandardCharsets.UTF_8);
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.equals("op")) {
        ops.add(op(ScVal.decode(value)));
      } else {
        fields.put(key, value);
      }
    }
    String memoField = fields.getOrDefault("memo", "NONE:");
    int colon = memoField.indexOf(':');
    Memo memo = new Memo(Memo.Kind.valueOf(memoField.substring(0, colon)),
        new String(Base64.getUrlDecoder().decode(memoField.substring(colon + 1)), StandardCharsets.UTF_8));
    String hash = hash(passphrase, unsigned);
    Tx.Builder builder = Tx.builder().hash(hash).source(fields.get("source"))
        .sequence(Long.parseLong(fields.get("seq"))).fee(Long.parseLong(fields.get("fee")))
        .timeBounds(Long.parseLong(fields.get("minTime")), Long.parseLong(fields.get("maxTime"))).memo(memo)
        .envelope(envelope);
    ops.forEach(builder::op);
    if (signature != null) {
      List<String> candidates = new ArrayList<>();
      candidates.add(fields.get("source"));
      ops.stream().map(Op::source).filter(s -> s != null && !candidates.contains(s)).forEach(candidates::add);
      boolean matched = false;
      for (String candidate : candidates) {
        byte[] key;
        try {
          key = StrKey.decode(StrKey.ACCOUNT, candidate);
        } catch (IllegalArgumentException e) {
          continue;
        }
        boolean valid = witness != null ? Arrays.equals(witness, key)
            : Ed25519Keys.verify(key, hashBytes(passphrase, unsigned), signature);
        if (valid) {
          builder.signer(candidate);
          matched = true;
        }
      }
      if (!matched) {
        builder.extraSignatures(1);
      }
    }
    return builder.build();
  }

  private static Op op(ScVal value) {
    List<ScVal> items = ((ScVal.Vec) value).items();
    String type = ((ScVal.Sym) items.get(0)).value();
    String source = items.get(1) instanceof ScVal.Address a ? a.value() : null;
    return switch (type) {
      case "createAccount" -> new Op.CreateAccount(source, addr(items.get(2)), num(items.get(3)));
      case "payment" -> new Op.Payment(source, addr(items.get(2)), asset(items.get(3)), num(items.get(4)));
      case "pathPayment" -> new Op.PathPayment(source, addr(items.get(2)), asset(items.get(3)), num(items.get(4)),
          asset(items.get(5)), num(items.get(6)), ((ScVal.Bool) items.get(7)).value());
      case "changeTrust" -> new Op.ChangeTrust(source, asset(items.get(2)), num(items.get(3)));
      case "beginSponsoring" -> new Op.BeginSponsoring(source, addr(items.get(2)));
      case "endSponsoring" -> new Op.EndSponsoring(source);
      case "invoke" -> {
        String contract = addr(items.get(2));
        String function = ((ScVal.Sym) items.get(3)).value();
        List<ScVal> args = ((ScVal.Vec) items.get(4)).items();
        List<AuthEntry> auth = ((ScVal.Bool) items.get(5)).value()
            ? List.of(AuthEntry.sourceAccount(new AuthEntry.Invocation(contract, function, args, List.of())))
            : List.of();
        yield new Op.InvokeContract(source, contract, function, args, auth);
      }
      default -> new Op.Unsupported(source, type);
    };
  }

  private static String addr(ScVal value) {
    return ((ScVal.Address) value).value();
  }

  private static long num(ScVal value) {
    return ((ScVal.Int) value).value().longValueExact();
  }

  private static Asset asset(ScVal value) {
    if (value instanceof ScVal.Vec v) {
      return Asset.credit(((ScVal.Str) v.items().get(0)).value(), addr(v.items().get(1)));
    }
    return Asset.NATIVE;
  }
}
