package org.pbxauth.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from a PEM certificate chain and a PEM private key (PKCS#8, "BEGIN PRIVATE KEY", as
 * openssl genpkey and most ACME clients write it), loaded into an in-memory key store.
 */
public final class Tls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Tls() {}

    public static SslContextFactory.Server contextFactory(Path certFile, Path keyFile) {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)))
                    .toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw new IllegalArgumentException("no certificate in " + certFile);
            }
            PrivateKey key = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("pbx-auth", key, password, chain);
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(store);
            factory.setKeyStorePassword("");
            factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS certificate or key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (GeneralSecurityException ignored) {
                        // try the next algorithm
                    }
                }
                throw new GeneralSecurityException("the key in " + file + " is not RSA, EC or Ed25519");
            }
            if (m.group(1).endsWith("PRIVATE KEY")) {
                throw new GeneralSecurityException(file + " holds a \"" + m.group(1) + "\"; convert it to PKCS#8 with "
                        + "openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
            }
        }
        throw new GeneralSecurityException("no \"BEGIN PRIVATE KEY\" block in " + file);
    }
}
