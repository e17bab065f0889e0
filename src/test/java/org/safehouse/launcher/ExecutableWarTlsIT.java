package org.safehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.deploy.ChatScenario;
import org.safehouse.deploy.ContainerProcess;
import org.safehouse.deploy.Distributions;
import org.safehouse.deploy.FreePorts;
import org.safehouse.deploy.TlsProbe;

/**
 * {@code java -jar safehouse.war} with TLS, as a person self-hosting would run it: the first start generates a
 * certificate, later starts reuse it, the fingerprint options agree with what a client sees, plain HTTP redirects,
 * and every broken certificate or unsafe config stops start-up with one clear line and no stack trace.
 */
class ExecutableWarTlsIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Safehouse listening on https://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern FINGERPRINT = Pattern.compile("fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    @TempDir
    static Path shared;
    /** A copy of the WAR, so a rebuild during the run cannot pull it away from under the processes. */
    static Path war;
    @TempDir
    Path temp;
    private final List<ContainerProcess> started = new ArrayList<>();

    @BeforeAll
    static void copyWar() throws Exception {
        war = Files.copy(Distributions.war(), shared.resolve("safehouse.war"));
    }

    @AfterEach
    void stopEverything() {
        started.forEach(ContainerProcess::close);
    }

    private ContainerProcess java(String name, String... arguments) {
        List<String> command = new ArrayList<>(List.of(ContainerProcess.java(), "-jar", war.toString()));
        command.addAll(List.of(arguments));
        ContainerProcess process = ContainerProcess.start(name, command, temp, Map.of("SAFEHOUSE_CONFIG", ""),
                temp.resolve(name + ".log"), List.of());
        started.add(process);
        return process;
    }

    /** Runs to completion; returns the exit status, output checked to hold no stack trace. */
    private Result run(String name, String... arguments) {
        ContainerProcess process = java(name, arguments);
        int status = process.awaitExit(START);
        String output = process.output();
        assertFalse(output.contains("\tat ") || output.contains("Exception in thread"), "a stack trace:\n" + output);
        return new Result(status, output);
    }

    private record Result(int status, String output) {
    }

    private Path config(String json) throws Exception {
        return Files.writeString(temp.resolve("config.json"), json);
    }

    @Test
    void firstStartGeneratesTheCertificateLaterStartsReuseItAndTheOptionsAgree() throws Exception {
        int redirectPort = FreePorts.pick(1)[0];
        Path config = config("{\"SSL\": true, \"server_port\": 0, \"http_redirect\": true, \"http_port\": "
                + redirectPort + "}");
        ContainerProcess first = java("first-start", "--config", config.toString());
        int port = Integer.parseInt(first.awaitOutput(LISTENING, START).group(1));
        String printed = first.awaitOutput(FINGERPRINT, START).group(1);

        Path data = temp.resolve("safehouse-data");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("key.pem"))));
        TlsMaterial stored = new SelfSignedCertificateStore(data).load();
        assertEquals(stored.fingerprint(), printed);
        assertEquals(printed, TlsProbe.servedFingerprint(port), "the printed fingerprint is what clients see");

        HttpClient client = trusting(stored.certificate());
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals(List.of("max-age=31536000"), page.headers().allValues("Strict-Transport-Security"));
        HttpResponse<String> redirect = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + redirectPort + "/index.html?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, redirect.statusCode());
        assertEquals(List.of("https://127.0.0.1:" + port + "/index.html?x=1"), redirect.headers().allValues("Location"));
        assertEquals(List.of(), redirect.headers().allValues("Strict-Transport-Security"));
        ChatScenario.run(URI.create("wss://127.0.0.1:" + port + "/chat"), client, "launcher-wss");
        assertNull(TlsProbe.handshake(trustingContext(stored.certificate()), port, "TLSv1.2", TlsProbe.CBC_SUITE));
        first.close();

        ContainerProcess second = java("second-start", "--config", config.toString());
        assertEquals(printed, second.awaitOutput(FINGERPRINT, START).group(1), "reused on the next start");
        second.awaitOutput(LISTENING, START);
        second.close();

        Result print = run("print", "--config", config.toString(), "--print-fingerprint");
        assertEquals(0, print.status(), print.output());
        assertTrue(print.output().contains(printed), print.output());

        Result replace = run("replace", "--config", config.toString(), "--replace-certificate");
        assertEquals(0, replace.status(), replace.output());
        String replaced = new SelfSignedCertificateStore(data).load().fingerprint();
        assertNotEquals(printed, replaced);
        assertTrue(replace.output().contains(replaced), replace.output());
        assertTrue(run("print-again", "--config", config.toString(), "--print-fingerprint").output()
                .contains(replaced));
    }

    @Test
    void aPkcs12KeystoreIsServedAndAKeyReadableByOthersIsWarnedAbout() throws Exception {
        TlsMaterial material = new SelfSignedCertificateStore(temp.resolve("made")).replace("localhost");
        Path keyStore = temp.resolve("server.p12");
        material.writePkcs12(keyStore, "keystore password".toCharArray());
        Files.setPosixFilePermissions(keyStore, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = config("{\"SSL\": true, \"server_port\": 0, \"SSL_Keystore\": \"server.p12\", "
                + "\"SSL_Keystore_Password\": \"keystore password\"}");
        ContainerProcess server = java("keystore", "--config", config.toString());
        int port = Integer.parseInt(server.awaitOutput(LISTENING, START).group(1));
        assertEquals(material.fingerprint(), TlsProbe.servedFingerprint(port));
        assertTrue(server.output().contains("WARNING: " + keyStore + ": this private key file is readable by other "
                + "users"), server.output());

        Result wrongPassword = run("wrong-password", "--config", config("{\"SSL\": true, \"SSL_Keystore\": "
                + "\"server.p12\", \"SSL_Keystore_Password\": \"not it\"}").toString());
        assertEquals(2, wrongPassword.status());
        assertTrue(wrongPassword.output().contains("safehouse: cannot start: " + keyStore), wrongPassword.output());

        Result replaceRefused = run("replace-refused", "--config", config.toString(), "--replace-certificate");
        assertEquals(2, replaceRefused.status());
        assertTrue(replaceRefused.output().contains("only replaces the self-signed certificate"));
    }

    @Test
    void brokenCertificatesStopStartUpNamingTheFile() throws Exception {
        Instant threeYearsAgo = Instant.now().minus(Duration.ofDays(3 * 365));
        SelfSignedCertificateStore expired = new SelfSignedCertificateStore(temp.resolve("expired"),
                Clock.fixed(threeYearsAgo, ZoneOffset.UTC));
        expired.replace("localhost");
        SelfSignedCertificateStore other = new SelfSignedCertificateStore(temp.resolve("other"));
        other.replace("localhost");

        Result expiredRun = run("expired", "--config", config("{\"SSL\": true, \"SSL_Cert\": \"expired/cert.pem\", "
                + "\"SSL_Key\": \"expired/key.pem\"}").toString());
        assertEquals(2, expiredRun.status());
        assertTrue(expiredRun.output().contains("safehouse: cannot start: " + expired.certificateFile()
                + ": certificate 'CN="), expiredRun.output());
        assertTrue(expiredRun.output().contains("expired on"), expiredRun.output());

        Result mismatched = run("mismatched", "--config", config("{\"SSL\": true, \"SSL_Cert\": \"expired/cert.pem\", "
                + "\"SSL_Key\": \"other/key.pem\"}").toString());
        assertEquals(2, mismatched.status());
        assertTrue(mismatched.output().contains(other.privateKeyFile() + ": "), mismatched.output());

        Result missing = run("missing", "--config", config("{\"SSL\": true, \"SSL_Cert\": \"nowhere/cert.pem\", "
                + "\"SSL_Key\": \"other/key.pem\"}").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.output().contains(temp.resolve("nowhere/cert.pem").toString()), missing.output());

        Result nothingYet = run("nothing-yet", "--config", config("{\"SSL\": true, \"data_dir\": \"empty\"}")
                .toString(), "--print-fingerprint");
        assertEquals(2, nothingYet.status());
        assertTrue(nothingYet.output().contains("no self-signed certificate yet"), nothingYet.output());
        assertFalse(Files.exists(temp.resolve("empty/cert.pem")), "printing must not generate");
    }

    @Test
    void theSecuritySelfCheckRefusesTheExampleAndWarnsAboutPlainHttpBeyondLoopback() throws Exception {
        Path example = Files.copy(Path.of("config.json.example"), temp.resolve("config.json"));
        // Refused before anything listens, so the wildcard address is never bound.
        Result refused = run("example", "--config", example.toString(), "--host", "0.0.0.0", "--port", "0");
        assertEquals(2, refused.status(), refused.output());
        assertTrue(refused.output().contains("WARNING: listening on 0.0.0.0, beyond this machine, WITHOUT TLS"),
                refused.output());
        assertTrue(refused.output().contains("cannot start, the security self-check refuses: room \"family\" has "
                + "the password \"change me\""), refused.output());
    }

    @Test
    void usageListsTheNewOptions() {
        Result help = run("help", "--help");
        assertEquals(0, help.status());
        assertTrue(help.output().contains("--print-fingerprint") && help.output().contains("--replace-certificate"));
        Result both = run("both", "--print-fingerprint", "--replace-certificate");
        assertEquals(2, both.status());
    }

    private static SSLContext trustingContext(X509Certificate certificate) throws Exception {
        java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpClient trusting(X509Certificate certificate) throws Exception {
        return HttpClient.newBuilder().sslContext(trustingContext(certificate))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
