package dev.veto.ledger.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Ed25519 with raw 32-byte keys on top of the JDK's provider. */
final class Ed25519 {
    static final int KEY_SIZE = 32;
    static final int SIGNATURE_SIZE = 64;

    // The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it.
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {}

    /** A fresh random seed. */
    static byte[] newSeed() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            KeyPair kp = g.generateKeyPair();
            return ((EdECPrivateKey) kp.getPrivate()).getBytes().orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    /** The raw public key of a seed. */
    static byte[] publicKey(byte[] seed) {
        try {
            // The JDK derives a public key only while generating a pair; feeding the seed as the
            // generator's randomness yields the pair of that seed (RFC 8032 §5.1.5 uses the 32
            // random bytes as the seed unchanged).
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            byte[] spki = g.generateKeyPair().getPublic().getEncoded();
            return Arrays.copyOfRange(spki, spki.length - KEY_SIZE, spki.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    static byte[] sign(byte[] seed, byte[] message) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != KEY_SIZE || signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_SIZE);
            System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, KEY_SIZE);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // An invalid point or encoding is simply a signature that does not verify.
            return false;
        }
    }

    /** Randomness that returns the given bytes once; used only to derive a key pair from a seed. */
    private static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("expected a request for " + bytes.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
