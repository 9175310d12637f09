package org.pbxauth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real nginx (the Debian package) terminating TLS in front of a test's pbx-auth, as an
 * operator runs it: a throwaway certificate for {@code localhost} made by openssl, nginx on a
 * free port, proxying to pbx-auth from the source address {@code 127.0.0.2} (the test lists it
 * in {@code trusted-proxies}; the test's own direct requests come from 127.0.0.1). Two server
 * blocks: one sends {@code X-Forwarded-*}, the other RFC 7239's {@code Forwarded}.
 */
final class TlsProxy implements AutoCloseable {
    static final String PROXY_ADDRESS = "127.0.0.2";

    private final Process nginx;
    private final int xForwardedPort;
    private final int forwardedPort;
    private final SSLContext trust;

    private TlsProxy(Process nginx, int xForwardedPort, int forwardedPort, SSLContext trust) {
        this.nginx = nginx;
        this.xForwardedPort = xForwardedPort;
        this.forwardedPort = forwardedPort;
        this.trust = trust;
    }

    static TlsProxy start(Path dir, int upstreamPort) throws Exception {
        Files.createDirectories(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost");
        int xPort = freePort();
        int fPort = freePort();
        String location = "proxy_pass http://127.0.0.1:" + upstreamPort + ";\n"
                + "      proxy_bind " + PROXY_ADDRESS + ";\n"
                + "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Connection \"\";\n";
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                + "error_log " + dir.resolve("error.log") + " warn;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 128; }\n"
                + "http {\n  access_log off;\n"
                + "  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + "  ssl_certificate " + cert + ";\n  ssl_certificate_key " + key + ";\n"
                // The README's X-Forwarded-* block: the Host without its port, the port apart.
                + "  server {\n    listen 127.0.0.1:" + xPort + " ssl;\n    server_name localhost;\n"
                + "    location / {\n      " + location
                + "      proxy_set_header Host $host;\n"
                + "      proxy_set_header X-Forwarded-Proto $scheme;\n"
                + "      proxy_set_header X-Forwarded-Port $server_port;\n"
                + "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }\n  }\n"
                // The README's Forwarded block (RFC 7239): host quoted, it carries a port.
                + "  server {\n    listen 127.0.0.1:" + fPort + " ssl;\n    server_name localhost;\n"
                + "    location / {\n      " + location
                + "      proxy_set_header Host $http_host;\n"
                + "      proxy_set_header Forwarded \"for=$remote_addr;proto=$scheme;host=\\\"$http_host\\\"\";\n"
                + "    }\n  }\n}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder(nginxBinary(), "-p", dir.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        TlsProxy proxy = new TlsProxy(p, xPort, fPort, trusting(cert));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!listening(xPort) || !listening(fPort)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                proxy.close();
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            Thread.sleep(50);
        }
        return proxy;
    }

    /** https://localhost:PORT of the X-Forwarded-* block. */
    String xForwardedBase() {
        return "https://localhost:" + xForwardedPort;
    }

    /** https://localhost:PORT of the Forwarded block. */
    String forwardedBase() {
        return "https://localhost:" + forwardedPort;
    }

    /** Trusts the throwaway certificate, and only it. */
    SSLContext trust() {
        return trust;
    }

    @Override
    public void close() throws InterruptedException {
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
    }

    private static String nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx"; // on the PATH, or the test fails saying it could not run nginx (.ci/run installs it)
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("proxy", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
