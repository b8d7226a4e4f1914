package io.samsa.kafka.embedded;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away TLS material for tests, made with the JDK's {@code keytool} (no extra library, nothing checked in):
 * a test CA; broker certificates signed by it (one naming {@code localhost} and {@code 127.0.0.1}, one naming
 * another host, for host name verification tests); a client certificate for mutual TLS; a trust store with the
 * CA; and an unrelated CA's trust store, for "untrusted certificate" tests. All stores are PKCS12 (the trust
 * store and the client key store also as JKS), with the one password {@link #PASSWORD}; certificates are valid
 * for 30 days. The client's certificate chain and key are also available as PEM, the key encrypted or not.
 *
 * <p>All keytool commands run in one forked JVM that calls keytool's main class in-process: a JVM start for each
 * of the twenty-odd commands would make this slow on a small, loaded machine. {@link #generate} once per test
 * class.
 */
public final class TestCertificates {
    /** The password of every store and key (test material only). */
    public static final String PASSWORD = "test-store-pass";
    /** The password of the key in {@link #clientKeystoreJks()}, unlike its store's (test material only). */
    public static final String JKS_KEY_PASSWORD = "test-jks-key-pass";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** The CA's certificate, PEM. */
    public Path caCertificatePem() {
        return dir.resolve("ca.crt");
    }

    /** Trust store (PKCS12) holding the test CA. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The same trust store as JKS. */
    public Path truststoreJks() {
        return dir.resolve("truststore.jks");
    }

    /** A trust store with an unrelated CA: the brokers' certificates do not verify against it. */
    public Path untrustedTruststore() {
        return dir.resolve("other-truststore.p12");
    }

    /** The broker key store: certificate for {@code localhost} and {@code 127.0.0.1}, signed by the test CA. */
    public Path brokerKeystore() {
        return dir.resolve("broker.p12");
    }

    /** A broker key store whose certificate names only {@code wrong-host.invalid}, signed by the test CA. */
    public Path wrongHostBrokerKeystore() {
        return dir.resolve("broker-wronghost.p12");
    }

    /** The client key store: {@code CN=samsa-client}, signed by the test CA (for mutual TLS). */
    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    /**
     * The client key store as JKS, for clients that still use that format: the same certificate and key as
     * {@link #clientKeystore()}, the store's password {@link #PASSWORD}, the key's own password
     * {@link #JKS_KEY_PASSWORD} (so that {@code ssl.key.password} matters).
     */
    public Path clientKeystoreJks() {
        return dir.resolve("client.jks");
    }

    /** The client's certificate chain (client certificate first, then the CA), PEM. */
    public String clientCertificateChainPem() {
        KeyStore.PrivateKeyEntry entry = clientEntry();
        StringBuilder sb = new StringBuilder();
        try {
            for (Certificate c : entry.getCertificateChain()) {
                sb.append(pem("CERTIFICATE", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new KafkaEmbeddedException("cannot encode the client certificate chain: " + e, e);
        }
        return sb.toString();
    }

    /**
     * The client's private key as PKCS#8 PEM: "PRIVATE KEY" when {@code password} is null, otherwise an
     * "ENCRYPTED PRIVATE KEY" made with the JDK: PBES2, PBKDF2-HMAC-SHA256 (10,000 iterations, random salt) and
     * AES-256-CBC, the scheme {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes.
     */
    public String clientPrivateKeyPem(String password) {
        PrivateKey key = clientEntry().getPrivateKey();
        if (password == null) {
            return pem("PRIVATE KEY", key.getEncoded());
        }
        try {
            SecureRandom random = new SecureRandom();
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            random.nextBytes(salt);
            random.nextBytes(iv);
            String alg = "PBEWithHmacSHA256AndAES_256";
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(alg)
                    .generateSecret(new PBEKeySpec(password.toCharArray())),
                    new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
            byte[] encrypted = cipher.doFinal(key.getEncoded());
            // EncryptedPrivateKeyInfo cannot name "PBEWithHmacSHA256AndAES_256" (JDK 17); the same parameters
            // re-read as "PBES2" encode as the standard PBES2 AlgorithmIdentifier.
            AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
            pbes2.init(cipher.getParameters().getEncoded());
            return pem("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new KafkaEmbeddedException("cannot encrypt the client key: " + e, e);
        }
    }

    private KeyStore.PrivateKeyEntry clientEntry() {
        try (InputStream in = Files.newInputStream(clientKeystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return (KeyStore.PrivateKeyEntry) ks.getEntry("client",
                    new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        } catch (GeneralSecurityException | IOException e) {
            throw new KafkaEmbeddedException("cannot read " + clientKeystore() + ": " + e, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The principal Kafka derives from the client certificate. */
    public static String clientPrincipal() {
        return "User:CN=samsa-client,OU=test,O=samsa";
    }

    public Path directory() {
        return dir;
    }

    /**
     * Generates everything under {@code dir} (created if needed).
     *
     * @throws KafkaEmbeddedException if keytool is missing or fails (with its output)
     */
    public static TestCertificates generate(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KafkaEmbeddedException("cannot create " + dir + ": " + e, e);
        }
        String classpath;
        try {
            classpath = Path.of(TestCertificates.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new KafkaEmbeddedException("cannot locate the classes of " + TestCertificates.class, e);
        }
        List<String> command = List.of(Forks.javaExecutable(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-exports", "java.base/sun.security.tools.keytool=ALL-UNNAMED", "-cp", classpath,
                TestCertificates.class.getName(), dir.toAbsolutePath().toString());
        run(command, dir, "generating test certificates");
        return new TestCertificates(dir);
    }

    /** The fork: generates everything in the directory given, with keytool in-process. */
    public static void main(String[] args) {
        generateHere(Path.of(args[0]));
    }

    private static void generateHere(Path dir) {
        TestCertificates t = new TestCertificates(dir);
        t.makeCa("ca", "CN=Samsa Test CA,O=samsa");
        t.makeCa("other-ca", "CN=Some Other CA,O=elsewhere");
        t.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD,
                "-file", "ca.crt");
        t.keytool("-exportcert", "-rfc", "-alias", "other-ca", "-keystore", "other-ca.p12", "-storepass", PASSWORD,
                "-file", "other-ca.crt");
        for (String type : List.of("PKCS12", "JKS")) {
            t.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore",
                    "truststore." + (type.equals("JKS") ? "jks" : "p12"), "-storetype", type, "-storepass", PASSWORD);
        }
        t.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "other-ca.crt", "-keystore",
                "other-truststore.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        t.makeSigned("broker", "CN=localhost,OU=test,O=samsa", "SAN=dns:localhost,ip:127.0.0.1");
        t.makeSigned("broker-wronghost", "CN=wrong-host.invalid,OU=test,O=samsa", "SAN=dns:wrong-host.invalid");
        t.makeSigned("client", "CN=samsa-client,OU=test,O=samsa", null);
        t.keytool("-importkeystore", "-noprompt", "-srckeystore", "client.p12", "-srcstoretype", "PKCS12",
                "-srcstorepass", PASSWORD, "-srcalias", "client", "-srckeypass", PASSWORD,
                "-destkeystore", "client.jks", "-deststoretype", "JKS", "-deststorepass", PASSWORD,
                "-destalias", "client", "-destkeypass", JKS_KEY_PASSWORD);
    }

    private void makeCa(String alias, String dname) {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "bc:c", "-validity", "30", "-keystore", alias + ".p12", "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    private void makeSigned(String name, String dname, String san) {
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "30", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", PASSWORD, "-file", name + ".csr");
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12",
                "-storepass", PASSWORD, "-infile", name + ".csr", "-outfile", name + ".crt", "-validity", "30"));
        if (san != null) {
            sign.add("-ext");
            sign.add(san);
        }
        keytool(sign.toArray(new String[0]));
        // The CA first, so that the signed certificate can be imported as a reply with its chain.
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt", "-keystore", store,
                "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", name + ".crt", "-keystore", store,
                "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    /** Runs keytool's main class in this (forked) JVM; it exits the JVM with a non-zero status on failure. */
    private void keytool(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        // keytool resolves relative file names against user.dir, which is the fork's working directory.
        System.out.println("keytool " + args[0] + " " + (args.length > 2 ? args[2] : ""));
        try {
            Class.forName("sun.security.tools.keytool.Main").getMethod("main", String[].class)
                    .invoke(null, (Object) all.toArray(new String[0]));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run keytool in-process: " + e, e);
        }
    }

    private static void run(List<String> command, Path dir, String what) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new KafkaEmbeddedException(what + " did not finish in 300 s");
            }
            if (p.exitValue() != 0) {
                throw new KafkaEmbeddedException(what + " failed with status " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).replace(PASSWORD, "***")
                        .replace(JKS_KEY_PASSWORD, "***"));
            }
        } catch (IOException e) {
            throw new KafkaEmbeddedException("cannot run " + command.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaEmbeddedException("interrupted while " + what, e);
        }
    }
}
