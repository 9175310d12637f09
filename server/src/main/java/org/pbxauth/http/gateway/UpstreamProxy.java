package org.pbxauth.http.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.proxy.AsyncProxyServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's non-blocking proxy servlet, pointed at the PBX API: bodies stream both ways through
 * small buffers (nothing is held whole), connections to the upstream are pooled and reused, and
 * hop-by-hop headers are dropped as RFC 9110 §7.6.1 says. What we add: the identity headers of
 * the check in place of any {@code X-Pbx-*} the client sent, the client's address and origin as
 * resolved by the trusted-proxy rules (never as the client claims them), and the vendor's JSON
 * for the gateway's own 502/504. The exchange is the {@link Gateway}'s: it ends by completing
 * {@link Exchange#done()}, and Javalin (which started the request) completes the servlet's async
 * cycle after its after-handlers.
 */
final class UpstreamProxy extends AsyncProxyServlet {
    /** The request attribute carrying the checked exchange. */
    static final String EXCHANGE = "pbxauth.gateway.exchange";

    private static final Logger log = LoggerFactory.getLogger(UpstreamProxy.class);

    private final String upstream;
    private final MeterRegistry metrics;
    private final java.util.concurrent.ConcurrentMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    /** One checked request on its way: the URI the check saw is the one the upstream gets. */
    record Exchange(String uri, ApiGate.Identity identity, String clientAddress, String scheme, String host,
                    CompletableFuture<Void> done) {}

    UpstreamProxy(String upstream, MeterRegistry metrics) {
        this.upstream = upstream;
        this.metrics = metrics;
    }

    private static Exchange exchange(HttpServletRequest request) {
        return (Exchange) request.getAttribute(EXCHANGE);
    }

    @Override
    protected String rewriteTarget(HttpServletRequest clientRequest) {
        return upstream + exchange(clientRequest).uri();
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        super.copyRequestHeaders(clientRequest, proxyRequest);
        proxyRequest.headers(headers -> {
            List<String> spoofable = new ArrayList<>();
            for (HttpField f : headers) {
                String name = f.getName();
                // ours to set: the identity, and who and where the client is (RFC 7239 and its X- forms)
                if (ApiGate.isIdentityHeader(name) || name.equalsIgnoreCase("Forwarded")
                        || name.toLowerCase(Locale.ROOT).startsWith("x-forwarded-")) {
                    spoofable.add(name);
                }
            }
            spoofable.forEach(headers::remove);
        });
    }

    @Override
    protected void addXForwardedHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        Exchange e = exchange(clientRequest);
        proxyRequest.headers(headers -> {
            headers.put(HttpHeader.X_FORWARDED_FOR, e.clientAddress());
            headers.put(HttpHeader.X_FORWARDED_PROTO, e.scheme());
            headers.put(HttpHeader.X_FORWARDED_HOST, e.host());
            for (Map.Entry<String, String> h : e.identity().headers().entrySet()) {
                headers.put(h.getKey(), h.getValue());
            }
        });
    }

    @Override
    protected String filterServerResponseHeader(HttpServletRequest clientRequest, Response serverResponse,
                                                String headerName, String headerValue) {
        // the hourly limit's headers are pbx-auth's, already on the response: the upstream's would double them
        return headerName.regionMatches(true, 0, "X-RateLimit-", 0, 12) ? null : headerValue;
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse) {
        count("upstream", serverResponse.getStatus());
        exchange(clientRequest).done().complete(null);
    }

    @Override
    protected int proxyResponseStatus(Throwable failure) {
        // the upstream stayed silent past gateway.timeout (Jetty's idle timeout) or the whole
        // exchange timed out: 504; anything else (refused, reset, bad answer): 502
        return failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException ? 504 : 502;
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse, Throwable failure) {
        log.warn("gateway: {} {} failed upstream: {}", clientRequest.getMethod(), ApiGate.safe(exchange(clientRequest).uri()),
                ApiGate.safe(String.valueOf(failure)));
        super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
    }

    /**
     * The gateway's own failure in the vendor's shape. Once the upstream's answer has begun there
     * is nothing to replace: the connection is cut, so the client sees a broken answer and never
     * a truncated one that looks whole.
     */
    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        String word = status == 504 ? "gateway_timeout" : status == 502 ? "bad_gateway" : "request_failed";
        count("gateway", status);
        try {
            if (proxyResponse.isCommitted()) {
                proxyResponse.sendError(-1); // Jetty: abort the connection
            } else {
                proxyResponse.reset();
                byte[] body = ("{\"status\":\"" + word + "\"}").getBytes(StandardCharsets.UTF_8);
                proxyResponse.setStatus(status);
                proxyResponse.setHeader(ApiGate.STATUS, word);
                proxyResponse.setHeader("Cache-Control", "no-store");
                proxyResponse.setContentType("application/json;charset=UTF-8");
                proxyResponse.setContentLength(body.length);
                proxyResponse.getOutputStream().write(body);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("gateway: no error answer could be written", e);
            try {
                proxyResponse.sendError(-1);
            } catch (IOException | RuntimeException alreadyGone) {
                // the client's connection is closed already
            }
        } finally {
            exchange(clientRequest).done().complete(null);
        }
    }

    private void count(String from, int status) {
        counters.computeIfAbsent(from + ' ' + status, k -> Counter.builder("pbxauth.gateway.responses")
                .description("PBX API answers through the gateway, by who answered and status")
                .tag("from", from).tag("status", Integer.toString(status)).register(metrics)).increment();
    }
}
