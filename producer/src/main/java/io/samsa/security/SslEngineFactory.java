package io.samsa.security;

import io.samsa.common.config.ConfigException;
import io.samsa.common.config.types.Password;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link SSLContext} once from {@link SslSettings} (so a wrong path or password fails when the
 * producer is created, naming the key) and creates one client-mode {@link SSLEngine} per connection, set up
 * for the broker's host and port (SNI, and host name verification when
 * {@code ssl.endpoint.identification.algorithm=https}).
 *
 * <p>Stores: JKS and PKCS12 files; PEM files ({@code ssl.*.type=PEM} with a location) and inline PEM
 * ({@code ssl.truststore.certificates}, {@code ssl.keystore.certificate.chain} + {@code ssl.keystore.key}),
 * the private key as PKCS#8, encrypted ({@code ssl.key.password}) or not. Thread-safe after construction.
 *
 * <p>The default {@link SslEngineProvider}; {@code ssl.engine.factory.class} replaces it.
 */
public final class SslEngineFactory implements SslEngineProvider {
    private static final Pattern PEM_CERT =
            Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final Pattern PEM_KEY =
            Pattern.compile("-----BEGIN (ENCRYPTED )?PRIVATE KEY-----(.*?)-----END (ENCRYPTED )?PRIVATE KEY-----",
                    Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private final SslSettings settings;
    private final SSLContext context;

    public SslEngineFactory(SslSettings settings) {
        this.settings = settings;
        this.context = buildContext(settings);
    }

    public SslSettings settings() {
        return settings;
    }

    /** A client engine for one connection to {@code host:port}. */
    @Override
    public SSLEngine createClientEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        if (!settings.enabledProtocols().isEmpty()) {
            params.setProtocols(settings.enabledProtocols().toArray(new String[0]));
        }
        if (!settings.cipherSuites().isEmpty()) {
            params.setCipherSuites(settings.cipherSuites().toArray(new String[0]));
        }
        String alg = settings.endpointIdentificationAlgorithm();
        if (alg != null && !alg.isEmpty()) {
            params.setEndpointIdentificationAlgorithm(alg.toUpperCase(Locale.ROOT));
        }
        engine.setSSLParameters(params);
        return engine;
    }

    private static SSLContext buildContext(SslSettings s) {
        KeyManager[] keyManagers = keyManagers(s);
        TrustManager[] trustManagers = trustManagers(s);
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance(s.protocol());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("ssl.protocol", s.protocol(), "this JVM has no SSLContext for it: "
                    + e.getMessage(), e);
        }
        try {
            ctx.init(keyManagers, trustManagers, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot initialise the TLS context: " + e.getMessage(), e);
        }
        SSLEngine probe = ctx.createSSLEngine();
        List<String> supported = List.of(probe.getSupportedProtocols());
        for (String p : s.enabledProtocols()) {
            if (!supported.contains(p)) {
                throw new ConfigException("ssl.enabled.protocols", String.join(",", s.enabledProtocols()), "'" + p
                        + "' is not supported by this JVM (supported: " + supported + ")");
            }
        }
        List<String> suites = List.of(probe.getSupportedCipherSuites());
        for (String c : s.cipherSuites()) {
            if (!suites.contains(c)) {
                throw new ConfigException("ssl.cipher.suites", String.join(",", s.cipherSuites()), "'" + c
                        + "' is not supported by this JVM");
            }
        }
        return ctx;
    }

    // ---- trust -------------------------------------------------------------------------------------------

    private static TrustManager[] trustManagers(SslSettings s) {
        KeyStore store;
        String key;
        if (s.truststoreCertificates() != null && s.truststoreCertificates().value() != null) {
            key = "ssl.truststore.certificates";
            if (s.truststoreLocation() != null) {
                throw new ConfigException("ssl.truststore.certificates and ssl.truststore.location are both set; "
                        + "give the trusted certificates one way");
            }
            store = pemTrustStore(s.truststoreCertificates().value(), key);
        } else if (s.truststoreLocation() != null) {
            key = "ssl.truststore.location";
            if ("PEM".equalsIgnoreCase(s.truststoreType())) {
                store = pemTrustStore(readFile(s.truststoreLocation(), key), key);
            } else {
                store = loadStore(s.truststoreType(), s.truststoreLocation(), s.truststorePassword(), key,
                        "ssl.truststore.password", "ssl.truststore.type");
            }
        } else {
            store = null; // the JDK's default trust (cacerts)
            key = "ssl.trustmanager.algorithm";
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(s.trustManagerAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, null, "cannot build the trust manager ("
                    + s.trustManagerAlgorithm() + "): " + e.getMessage(), e);
        }
    }

    private static KeyStore pemTrustStore(String pem, String key) {
        List<Certificate> certs = parseCertificates(pem, key);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                ks.setCertificateEntry("ca-" + i, certs.get(i));
            }
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(key, null, "cannot build a trust store: " + e.getMessage(), e);
        }
    }

    // ---- keys --------------------------------------------------------------------------------------------

    private static KeyManager[] keyManagers(SslSettings s) {
        KeyStore store;
        char[] keyPassword;
        String key;
        boolean inline = s.keystoreCertificateChain() != null && s.keystoreCertificateChain().value() != null;
        boolean inlineKey = s.keystoreKey() != null && s.keystoreKey().value() != null;
        if (inline != inlineKey) {
            throw new ConfigException("ssl.keystore.certificate.chain and ssl.keystore.key go together: set both "
                    + "(PEM) or neither");
        }
        if (inline) {
            key = "ssl.keystore.key";
            if (s.keystoreLocation() != null) {
                throw new ConfigException("ssl.keystore.key and ssl.keystore.location are both set; give the client "
                        + "key one way");
            }
            keyPassword = NO_PASSWORD;
            store = pemKeyStore(s.keystoreCertificateChain().value(), s.keystoreKey().value(), s.keyPassword(), key,
                    key);
        } else if (s.keystoreLocation() != null) {
            key = "ssl.keystore.location";
            if ("PEM".equalsIgnoreCase(s.keystoreType())) {
                String pem = readFile(s.keystoreLocation(), key);
                keyPassword = NO_PASSWORD;
                store = pemKeyStore(pem, pem, s.keyPassword(), key, key + " (" + s.keystoreLocation() + ")");
            } else {
                store = loadStore(s.keystoreType(), s.keystoreLocation(), s.keystorePassword(), key,
                        "ssl.keystore.password", "ssl.keystore.type");
                Password kp = s.keyPassword() != null ? s.keyPassword() : s.keystorePassword();
                keyPassword = kp == null || kp.value() == null ? NO_PASSWORD : kp.value().toCharArray();
            }
        } else {
            return null; // no client certificate
        }
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(s.keyManagerAlgorithm());
            kmf.init(store, keyPassword);
            return kmf.getKeyManagers();
        } catch (java.security.UnrecoverableKeyException e) {
            // A JKS store opens without its password (only the integrity check is skipped), so a missing or
            // wrong store password can first show up here, when the key is recovered with it.
            boolean keyPasswordSet = s.keyPassword() != null && s.keyPassword().value() != null;
            throw new ConfigException(keyPasswordSet ? "ssl.key.password" : "ssl.keystore.password",
                    Password.HIDDEN, "cannot recover the private key in " + describeKeyLocation(s) + " with "
                    + (keyPasswordSet ? "ssl.key.password" : "ssl.keystore.password (ssl.key.password is not set; "
                    + "set it if the key has its own password)"), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, null, "cannot build the key manager (" + s.keyManagerAlgorithm()
                    + "): " + e.getMessage(), e);
        }
    }

    private static String describeKeyLocation(SslSettings s) {
        return s.keystoreLocation() != null ? s.keystoreLocation() : "ssl.keystore.key";
    }

    /** {@code where} says where the key came from in messages: the config key, with the file when there is one. */
    private static KeyStore pemKeyStore(String chainPem, String keyPem, Password keyPassword, String key,
                                        String where) {
        List<Certificate> chain = parseCertificates(chainPem, key.equals("ssl.keystore.key")
                ? "ssl.keystore.certificate.chain" : key);
        PrivateKey privateKey = parsePrivateKey(keyPem, keyPassword, key, where);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey, NO_PASSWORD, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(key, Password.HIDDEN, "the private key does not go with the certificate "
                    + "chain: " + e.getMessage(), e);
        }
    }

    static List<Certificate> parseCertificates(String pem, String key) {
        List<Certificate> out = new ArrayList<>();
        Matcher m = PEM_CERT.matcher(pem);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                out.add(cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(key, null, "a PEM certificate cannot be decoded: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new ConfigException(key, null, "no '-----BEGIN CERTIFICATE-----' block found");
        }
        return out;
    }

    static PrivateKey parsePrivateKey(String pem, Password password, String key) {
        return parsePrivateKey(pem, password, key, key);
    }

    static PrivateKey parsePrivateKey(String pem, Password password, String key, String where) {
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            throw new ConfigException(key, Password.HIDDEN, "no '-----BEGIN PRIVATE KEY-----' or '-----BEGIN "
                    + "ENCRYPTED PRIVATE KEY-----' block (PKCS#8) found; convert other formats with "
                    + "'openssl pkcs8 -topk8'");
        }
        boolean encrypted = m.group(1) != null;
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, Password.HIDDEN, "the private key is not valid base64");
        }
        KeySpec spec;
        if (encrypted) {
            spec = decryptPrivateKey(der, password, key, where);
        } else {
            spec = new PKCS8EncodedKeySpec(der);
        }
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "DSA", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new ConfigException(key, Password.HIDDEN, "the private key is not an RSA, EC, EdDSA or DSA PKCS#8 key");
    }

    /**
     * Decrypts an "ENCRYPTED PRIVATE KEY" (PKCS#8 {@code EncryptedPrivateKeyInfo}) with {@code ssl.key.password}.
     * PBES2 (PBKDF2 with HMAC-SHA1/224/256/384/512, AES-128/256-CBC: what {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}
     * and the JDK write) and the PBES1/PKCS#12 schemes the JDK knows (e.g. {@code -v1 PBE-SHA1-3DES}). The JDK names
     * a PBES2 key's algorithm "PBES2" and only its parameters name the real cipher
     * ({@code PBEWithHmacSHA256AndAES_256}); a PBES1 key is named by its algorithm. A wrong password shows up as
     * bad padding or as garbage that is not a PKCS#8 key: both name {@code ssl.key.password}; an encryption the
     * JDK lacks (scrypt) names the key's config instead, since no password would help.
     */
    private static KeySpec decryptPrivateKey(byte[] der, Password password, String key, String where) {
        if (password == null || password.value() == null) {
            throw new ConfigException("ssl.key.password", null, "the private key in " + where
                    + " is encrypted (ENCRYPTED PRIVATE KEY): set ssl.key.password to its password");
        }
        EncryptedPrivateKeyInfo info;
        String alg;
        Cipher cipher;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            alg = info.getAlgName();
            if ("PBES2".equalsIgnoreCase(alg) || "1.2.840.113549.1.5.13".equals(alg)) {
                if (info.getAlgParameters() == null) {
                    throw new java.security.NoSuchAlgorithmException("PBES2 without its parameters");
                }
                alg = info.getAlgParameters().toString(); // e.g. PBEWithHmacSHA256AndAES_256
            }
            cipher = Cipher.getInstance(alg);
            SecretKeyFactory skf = SecretKeyFactory.getInstance(alg);
            char[] chars = password.value().toCharArray();
            try {
                cipher.init(Cipher.DECRYPT_MODE, skf.generateSecret(new PBEKeySpec(chars)), info.getAlgParameters());
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        } catch (IOException | GeneralSecurityException e) {
            // The JDK's parser rejects what it cannot read as "PBE parameter parsing error: expecting the object
            // identifier for PBKDF2" (scrypt), or the cipher is missing: not a password problem.
            throw new ConfigException(key, Password.HIDDEN, "the encrypted private key in " + where
                    + " uses an encryption this JVM cannot decrypt (" + e.getMessage() + "); re-encrypt it with PBES2/AES, e.g. "
                    + "'openssl pkcs8 -topk8 -v2 aes-256-cbc'", e);
        }
        try {
            return info.getKeySpec(cipher);
        } catch (GeneralSecurityException e) {
            throw new ConfigException("ssl.key.password", Password.HIDDEN, "cannot decrypt the private key in "
                    + where + " (" + alg + "): wrong password (or a corrupted key)", e);
        }
    }

    private static KeyStore loadStore(String type, String location, Password password, String key,
                                      String passwordKey, String typeKey) {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(typeKey, type, "not a key store type this JVM knows (JKS, PKCS12, PEM)", e);
        }
        char[] pw = password == null || password.value() == null ? null : password.value().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            ks.load(in, pw);
            return ks;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(key, location, "no such file", e);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password")) {
                throw new ConfigException(passwordKey, Password.HIDDEN, "wrong password for " + location, e);
            }
            throw new ConfigException(key, location, "cannot read it as a " + type + " store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot load it as a " + type + " store: " + e.getMessage(), e);
        }
    }

    private static String readFile(String location, String key) {
        try {
            return Files.readString(Path.of(location), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read the PEM file: " + e, e);
        }
    }
}
