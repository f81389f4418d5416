package com.offerhub.orchestrator.testkit.network;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** Ed25519 with raw 32-byte keys (as Stellar uses them) on the JDK's provider. */
final class Ed25519Keys {
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

  private Ed25519Keys() {}

  /** A fresh key pair as {raw public key, raw seed}. */
  static byte[][] generate() {
    try {
      java.security.KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pub = pair.getPublic().getEncoded();
      byte[] priv = pair.getPrivate().getEncoded();
      return new byte[][] {Arrays.copyOfRange(pub, pub.length - 32, pub.length),
          Arrays.copyOfRange(priv, priv.length - 32, priv.length)};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sign(byte[] seed, byte[] message) {
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX,
          seed)));
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean verify(byte[] publicKey, byte[] message, byte[] sig) {
    try {
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX,
          publicKey)));
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
