package io.newswatch.console;

import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.SearchPage;
import io.newswatch.archive.SearchRequest;
import io.newswatch.archive.TimeParameter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search page: a query in the rule language over the archive, its hits with the matched words
 * highlighted, hits per day, and paging by cursor; a query that does not parse is shown with a
 * mark at the column the parser names.
 */
@Path("/console/search")
@Produces(MediaType.TEXT_HTML)
public class SearchConsole {
    static final int PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    static final List<Integer> PAGE_SIZES = List.of(10, 20, 50, 100);

    @Inject ArchiveService archive;
    @Inject Clock clock;
    /** CPU time the page spends counting before it says "at least" ({@code NEWSWATCH_CONSOLE_SEARCH_COUNT_BUDGET}). */
    Duration countBudget = DEFAULT_COUNT_BUDGET;
    static final Duration DEFAULT_COUNT_BUDGET = Duration.ofMillis(50);

    @Inject
    void budget(SearchBudget budget) {
        this.countBudget = budget.count();
        this.cheap = budget.count();
    }
    @Inject @Location("console/search.html") Template page;

    /** The query with the character the parser stopped at; {@code column} is 1-based. */
    @TemplateData
    public record QueryError(String message, String parameter, int column, String before, String at, String after) {}

    @GET
    public String search(@QueryParam("q") String q, @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("source") String source, @QueryParam("order") String order,
                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                         @QueryParam("count") String count) throws IOException {
        return render(new Form(q, from, to, source, order, Form.pageSize(limit), cursor, "exact".equals(count)), archive.searcher()).render();
    }

    /** What the form holds; blank means not given. */
    @TemplateData
    public record Form(String q, String from, String to, String source, String order, int limit, String cursor, boolean exact) {
        /** With the console's short count budget. */
        public Form(String q, String from, String to, String source, String order, int limit, String cursor) {
            this(q, from, to, source, order, limit, cursor, false);
        }

        public Form {
            q = blankToEmpty(q);
            from = blankToEmpty(from);
            to = blankToEmpty(to);
            source = blankToEmpty(source);
            order = "score".equals(blankToEmpty(order)) ? "score" : "newest";
            cursor = blankToEmpty(cursor);
            limit = limit < 1 || limit > MAX_PAGE_SIZE ? PAGE_SIZE : limit;
        }

        /** The page size asked for: 1 to 100, else the default 20. */
        static int pageSize(String text) {
            try {
                return text == null ? PAGE_SIZE : Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return PAGE_SIZE;
            }
        }

        private static String blankToEmpty(String s) {
            return s == null ? "" : s.strip();
        }

        /** This page again, counted within the archive's own budget ({@code count=exact}). */
        public String exactHref() {
            String here = href(cursor.isEmpty() ? null : cursor);
            return here + (here.indexOf('?') < 0 ? "?" : "&") + "count=exact";
        }

        public String href(String nextCursor) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("q", q);
            params.put("from", from);
            params.put("to", to);
            params.put("source", source);
            params.put("order", order);
            params.put("limit", limit == PAGE_SIZE ? null : Integer.toString(limit));
            params.put("cursor", nextCursor);
            StringBuilder out = new StringBuilder("/console/search");
            char sep = '?';
            for (var e : params.entrySet()) {
                if (e.getValue() != null && !e.getValue().isEmpty()) {
                    out.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                    sep = '&';
                }
            }
            return out.toString();
        }
    }

    /** The page for a form, searching with {@code archive} (empty when this instance has none). */
    TemplateInstance render(Form form, Optional<ArchiveSearcher> archive) throws IOException {
        TemplateInstance view = page.data("form", form).data("pageSizes", PAGE_SIZES).data("customLimit", !PAGE_SIZES.contains(form.limit())).data("error", null).data("result", null).data("unavailable", false);
        if (form.q().isEmpty()) {
            return view;
        }
        ArchiveSearcher searcher = archive.orElse(null);
        if (searcher == null) {
            return view.data("unavailable", true);
        }
        try {
            Instant now = clock.instant();
            SearchRequest request = new SearchRequest(form.q(), TimeParameter.parse("from", form.from(), now),
                    TimeParameter.parse("to", form.to(), now), form.source().isEmpty() ? null : form.source(), null,
                    form.order().equals("score") ? SearchRequest.Order.SCORE : SearchRequest.Order.NEWEST, form.limit(),
                    form.cursor().isEmpty() ? null : form.cursor());
            // The console counts within its own short budget; "count exactly" uses the archive's (NEWSWATCH_ARCHIVE_SEARCH_COUNT_BUDGET).
            SearchPage found = form.exact() ? searcher.search(request, exactBudget(searcher)) : newestFirst(searcher, request, now);
            return view.data("result", new Result(found.total(), found.totalExact(),
                    found.countedFrom() == null ? null : found.countedFrom().toString(), found.hits().stream().map(Views::hit).toList(),
                    Views.dayChart("Hits", found.perDay()),
                    found.nextCursor() == null ? null : form.href(found.nextCursor()),
                    form.cursor().isEmpty() ? null : form.href(null)));
        } catch (ArchiveRequestException e) {
            return view.data("error", error(form.q(), e));
        }
    }

    /** The least CPU time *Count exactly* counts for (more when the archive's own budget is larger). */
    static final Duration EXACT_COUNT_BUDGET = Duration.ofSeconds(2);

    /** *Count exactly*: the archive's count budget ({@code NEWSWATCH_ARCHIVE_SEARCH_COUNT_BUDGET}), at least {@link #EXACT_COUNT_BUDGET}. */
    static Duration exactBudget(ArchiveSearcher searcher) {
        return searcher.countBudget().compareTo(EXACT_COUNT_BUDGET) > 0 ? searcher.countBudget() : EXACT_COUNT_BUDGET;
    }

    /** The newest day, looked at first by a newest-first page (see {@link #newestFirst}). */
    static final Duration RECENT = Duration.ofDays(1);
    /** A search of the newest day that costs less CPU than this is cheap: the whole range is searched too. */
    Duration cheap = DEFAULT_COUNT_BUDGET;

    /**
     * A page within the console's count budget. Newest first, the newest day is searched first: when it holds a
     * full page of matches, those are the newest matches of the whole range (every match outside it is older), so
     * the page is exact; the total is then "at least" (counted from the day's start). An expensive query (a whole
     * rule's) thus builds its scorers only on the archive's recent segments. A cheap query, a day with fewer
     * matches than a page, or a range within the day is searched over the whole range as asked.
     */
    SearchPage newestFirst(ArchiveSearcher searcher, SearchRequest request, Instant now) throws ArchiveRequestException, IOException {
        Instant start = (request.to() != null ? request.to() : now).minus(RECENT);
        if (request.order() != SearchRequest.Order.NEWEST || (request.from() != null && !request.from().isBefore(start))) {
            return searcher.search(request, countBudget);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        SearchPage recent = searcher.search(new SearchRequest(request.query(), start, request.to(), request.source(), request.rule(),
                request.order(), request.limit(), request.cursor(), request.story()), countBudget);
        long spent = threads.getCurrentThreadCpuTime() - before;
        if (recent.hits().size() < request.limit() || spent < cheap.toNanos()) {
            return searcher.search(request, countBudget);
        }
        return new SearchPage(recent.total(), recent.hits(), recent.perDay(), recent.nextCursor(), false,
                recent.totalExact() ? start : recent.countedFrom());
    }

    /** A page of results; {@code next} and {@code first} are links, null when there is no such page. */
    @TemplateData
    public record Result(long total, boolean totalExact, String countedFrom, List<Views.HitRow> hits, Views.Chart perDay, String next, String first) {}

    static QueryError error(String query, ArchiveRequestException e) {
        int offset = e.offset();
        if (offset < 0 || !"q".equals(e.parameter())) {
            return new QueryError(e.getMessage(), e.parameter(), 0, "", "", "");
        }
        int at = Math.min(offset, query.length());
        int end = Math.min(query.length(), at + 1);
        String mark = at < query.length() ? query.substring(at, end) : " ";
        return new QueryError(e.getMessage(), e.parameter(), at + 1, query.substring(0, at), mark, query.substring(end));
    }
}
