package com.offerhub.orchestrator.testkit.network;

import java.io.ByteArrayOutputStream;

/**
 * Stellar's StrKey encoding: a version byte, the payload and a CRC16-XModem checksum (little
 * endian), in RFC 4648 base32 without padding. Accounts start with G, seeds with S, contracts with C.
 */
public final class StrKey {
  static final int ACCOUNT = 6 << 3;
  static final int SEED = 18 << 3;
  static final int CONTRACT = 2 << 3;
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private StrKey() {}

  public static String encode(int version, byte[] payload) {
    byte[] data = new byte[payload.length + 3];
    data[0] = (byte) version;
    System.arraycopy(payload, 0, data, 1, payload.length);
    int crc = crc16(data, payload.length + 1);
    data[payload.length + 1] = (byte) crc;
    data[payload.length + 2] = (byte) (crc >>> 8);
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  /** The 32-byte payload, or throws IllegalArgumentException for a bad version, length or checksum. */
  public static byte[] decode(int version, String text) {
    if (text == null || text.length() != 56) {
      throw new IllegalArgumentException("not a StrKey: wrong length");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (value < 0) {
        throw new IllegalArgumentException("not a StrKey: bad character");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bytes.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    byte[] data = bytes.toByteArray();
    if (data.length != 35 || (data[0] & 0xff) != version) {
      throw new IllegalArgumentException("not a StrKey of the expected kind");
    }
    int crc = crc16(data, 33);
    if ((data[33] & 0xff) != (crc & 0xff) || (data[34] & 0xff) != ((crc >>> 8) & 0xff)) {
      throw new IllegalArgumentException("not a StrKey: bad checksum");
    }
    byte[] payload = new byte[32];
    System.arraycopy(data, 1, payload, 0, 32);
    return payload;
  }

  public static boolean isValid(int version, String text) {
    try {
      decode(version, text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int crc16(byte[] data, int length) {
    int crc = 0;
    for (int i = 0; i < length; i++) {
      crc ^= (data[i] & 0xff) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
    }
    return crc & 0xffff;
  }
}
