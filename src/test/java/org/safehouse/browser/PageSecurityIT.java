package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page and its files come with the strict Content-Security-Policy and the other protective headers, and the
 * page works under that policy: a real browser loads it, joins and chats without a single policy violation, and
 * the policy really holds (a script element put into the page does not run).
 */
class PageSecurityIT {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.gardenForEachTest();

    @Test
    void thePageAndItsFilesCarryTheSecurityHeaders() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String host = "127.0.0.1:" + server.port();
        String policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws://" + host + " wss://" + host + "; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'none'";
        Map<String, String> cacheControl = Map.of("/", "no-store", "/index.html", "no-store",
                "/js/main.js", "no-cache", "/js/app.js", "no-cache", "/css/app.css", "no-cache",
                "/favicon.svg", "");
        for (var file : cacheControl.entrySet()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + host + file.getKey())).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String what = file.getKey() + ": ";
            assertEquals(200, response.statusCode(), what + "status");
            assertEquals(policy, header(response, "Content-Security-Policy"), what + "Content-Security-Policy");
            assertEquals("nosniff", header(response, "X-Content-Type-Options"), what + "X-Content-Type-Options");
            assertEquals("no-referrer", header(response, "Referrer-Policy"), what + "Referrer-Policy");
            assertEquals("DENY", header(response, "X-Frame-Options"), what + "X-Frame-Options");
            assertEquals(file.getValue(), header(response, "Cache-Control"), what + "Cache-Control");
        }
    }

    @Test
    void thePageRunsUnderThePolicyWithoutViolationsAndThePolicyHolds() {
        try (ChatPage alice = ChatPage.openRecordingPolicyViolations(directory.resolve("profiles"), server.page(),
                "alice")) {
            alice.join("garden", "alice", "tulips in spring");
            alice.send("Hello under a strict policy, see https://example.invalid/tulips");
            alice.awaitMessage("Hello under a strict policy, see https://example.invalid/tulips");
            alice.awaitUsers(List.of("alice"));
            assertEquals(List.of(), alice.policyViolations(), "the page itself needs nothing the policy forbids");

            Object ran = alice.script("""
                    const script = document.createElement('script');
                    script.textContent = 'window.__inlineRan = true';
                    document.body.appendChild(script);
                    const div = document.createElement('div');
                    div.setAttribute('onclick', 'window.__handlerRan = true');
                    document.body.appendChild(div);
                    div.click();
                    return [typeof window.__inlineRan, typeof window.__handlerRan];
                    """);
            assertEquals(List.of("undefined", "undefined"), ran, "inline script and handlers are blocked");
            alice.await("the blocked inline code to be reported", d -> alice.policyViolations().size() == 2);
            assertTrue(alice.policyViolations().stream().allMatch(v -> v.startsWith("script-src")),
                    "reported as script-src: " + alice.policyViolations());

            // 'wasm-unsafe-eval' (for the sealed rooms' Argon2id) lets WebAssembly compile; strings still never run.
            // (in a task of the page's own: the driver's scripts themselves are exempt from the policy)
            alice.script("""
                    setTimeout(() => {
                        try { window.__evaluated = String(eval('21 * 2')); } catch (error) { window.__evaluated = error.name; }
                    }, 0);
                    """);
            alice.await("the page's eval to run or fail", d -> alice.script("return window.__evaluated") != null);
            assertEquals("EvalError", alice.script("return window.__evaluated"), "eval stays blocked");
            Object compiled = alice.driver().executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
                        .then(() => done('compiled'), (error) => done(error.name));
                    """);
            assertEquals("compiled", compiled, "WebAssembly may compile");
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }
}
