package dev.veto.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS listener's key and certificate: a PEM certificate chain with its PKCS#8 PEM key, or a
 * PKCS#12 keystore. {@link #keyStore()} reads them, and says what is wrong (file, form) when it
 * cannot.
 *
 * @param port      the port the TLS listener takes (0 picks a free one)
 * @param cert      PEM certificate chain, the server's certificate first; or null with a keystore
 * @param key       its PEM private key (PKCS#8: {@code BEGIN PRIVATE KEY}); or null with a keystore
 * @param keystore  a PKCS#12 file holding key and chain; or null with PEM files
 * @param password  the keystore's password (empty when it has none)
 */
public record TlsSettings(int port, Path cert, Path key, Path keystore, String password) {
    /** The password of the in-memory keystore made from PEM files. */
    static final String PEM_PASSWORD = "veto";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    public TlsSettings {
        if ((keystore == null) == (cert == null || key == null)) {
            throw new IllegalArgumentException("give either --tls-cert and --tls-key (PEM), or --tls-keystore (PKCS#12)");
        }
        password = password == null ? "" : password;
    }

    /** The key and chain as a keystore, and its password. */
    public KeyStore keyStore() {
        try {
            if (keystore != null) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    ks.load(in, password.toCharArray());
                }
                return ks;
            }
            List<Certificate> chain = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(cert, "CERTIFICATE")) {
                chain.add(cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(cert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
            List<byte[]> keys = blocks(key, "PRIVATE KEY");
            if (keys.size() != 1) {
                throw new IllegalArgumentException(key + " must hold one PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert another form with "
                        + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem`");
            }
            PrivateKey pk = privateKey(keys.get(0), chain.get(0).getPublicKey().getAlgorithm());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("veto", pk, PEM_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the TLS key and certificate (" + (keystore != null ? keystore : cert + ", " + key)
                    + "): " + e.getMessage(), e);
        }
    }

    /** The password of the key in {@link #keyStore()}. */
    String keyPassword() {
        return keystore != null ? password : PEM_PASSWORD;
    }

    private static List<byte[]> blocks(Path file, String type) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            } else if (type.equals("PRIVATE KEY") && m.group(1).endsWith("PRIVATE KEY")) {
                throw new IllegalArgumentException(file + " holds a \"" + m.group(1) + "\"; Veto reads PKCS#8 keys (BEGIN PRIVATE KEY): "
                        + "`openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem`");
            }
        }
        return out;
    }

    private static PrivateKey privateKey(byte[] pkcs8, String algorithm) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }
}
