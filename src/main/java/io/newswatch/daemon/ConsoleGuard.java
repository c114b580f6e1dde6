package io.newswatch.daemon;

import io.newswatch.console.ConsoleAccess;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Applies {@link ConsoleAccess} to every console page and {@code /api} request; health and metrics stay open. */
public class ConsoleGuard {
    /** Looked up per request: filters are created before runtime configuration exists. */
    @Inject Provider<ConsoleAccess> access;

    @ServerRequestFilter(preMatching = true)
    public Response guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!ConsoleAccess.isProtected(path)) {
            return null;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            origin = request.getHeaderString("Referer");
        }
        ConsoleAccess.Decision decision = access.get().decide(request.getMethod(),
                request.getHeaderString(HttpHeaders.AUTHORIZATION), origin, request.getHeaderString(HttpHeaders.HOST));
        if (decision.allowed()) {
            return null;
        }
        Response.ResponseBuilder response = Response.status(decision.status()).type(MediaType.TEXT_PLAIN_TYPE)
                .entity(decision.message() + "\n");
        if (decision.challenge()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"newswatch\", charset=\"UTF-8\"");
        }
        return response.build();
    }
}
