package io.newswatch.cli;

import io.newswatch.rules.Aliases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic rule sets for benchmarks, built like the shipped rules so that they cost what real
 * rules cost: a top-level OR of alias groups {@code NEAR}/{@code BEFORE} alias groups, a nested
 * {@code BEFORE}, OR groups of words, phrases and wildcards, phrases on their own, and two or three
 * {@code AND NOT} clauses (context words near a wildcard, exact phrases, a "today in history" group).
 * Rules are spread over 24 news topics, so a document about one topic matches a few percent of
 * them, as a real rule set with rules on many subjects would.
 *
 * <p>Deterministic for a given count and seed, so runs on different machines compare. The alias
 * groups are named {@code gen_*} and stand beside the shipped ones without clashing.
 *
 * @param aliasGroups the alias groups the queries use
 * @param queries     rule id ({@code gen-00001}...) to query text
 */
public record GeneratedRules(Map<String, List<String>> aliasGroups, Map<String, String> queries) {

    /** A news topic: words for things (single words or wildcards, fit for NEAR) and exact phrases. */
    private record Topic(String name, List<String> things, List<String> phrases) {
        static Topic of(String name, String things, String phrases) {
            return new Topic(name, List.of(things.split(" ")), List.of(phrases.split(", ")));
        }
    }

    private static final List<Topic> TOPICS = List.of(
            Topic.of("military", "troops* soldiers army navy warships* missiles* drones* artillery tanks brigade battalion marines*",
                    "air defence, ballistic missile, military exercise, armed forces, combat troops"),
            Topic.of("diplomacy", "summit envoy* ambassador* talks delegation* minister* treaty accord embassy alliance diplomats*",
                    "foreign minister, peace talks, state visit, strategic partnership, joint statement"),
            Topic.of("elections", "election* ballot* vote* voters candidate* polls campaign* turnout referendum parliament*",
                    "polling stations, election commission, exit poll, opposition leader, second round"),
            Topic.of("energy", "oil gas pipeline* refiner* crude lng opec barrels fuel electricity",
                    "oil prices, gas supplies, power grid, energy security, price cap"),
            Topic.of("finance", "bank* lender* bonds shares stocks investors inflation rates currency markets",
                    "interest rates, central bank, stock market, bond yields, credit rating"),
            Topic.of("trade", "tariff* exports* imports* trade customs quotas shipments* goods embargo sanctions*",
                    "trade deal, trade war, supply chain, export controls, free trade"),
            Topic.of("health", "vaccine* virus* outbreak* hospital* patients measles infection* doctors epidemic*",
                    "public health, health ministry, intensive care, world health organization"),
            Topic.of("climate", "emissions carbon climate warming heatwave* drought* glacier* renewable*",
                    "climate change, net zero, fossil fuels, greenhouse gases, sea levels"),
            Topic.of("disasters", "flood* earthquake* hurricane* wildfire* storm* landslide* evacuat* rescuers survivors",
                    "death toll, state of emergency, relief supplies, search and rescue"),
            Topic.of("crime", "police arrest* suspect* murder* fraud smuggl* gang* trafficking detectives",
                    "organised crime, drug cartel, money laundering, police said"),
            Topic.of("courts", "court* judge* trial* verdict* lawsuit* prosecutor* appeal* ruling jury",
                    "supreme court, high court, class action, pleaded guilty"),
            Topic.of("technology", "software chips semiconductor* startup* algorithm* cyber* hackers data smartphone*",
                    "artificial intelligence, data breach, cloud computing, social media"),
            Topic.of("labour", "strike* union* workers wages layoffs unemployment jobs walkout* employers",
                    "minimum wage, collective bargaining, trade union, job cuts"),
            Topic.of("migration", "migrants refugees asylum border* deportation* smugglers camps crossings",
                    "asylum seekers, border crossings, migrant boats, refugee camp"),
            Topic.of("nuclear", "nuclear uranium enrichment reactor* warhead* iaea plutonium centrifuges",
                    "nuclear programme, nuclear weapons, enriched uranium, nuclear talks"),
            Topic.of("terrorism", "militants insurgents jihadist* bombing* extremist* hostages gunmen",
                    "suicide bomber, terror attack, armed group, islamic state"),
            Topic.of("protests", "protest* demonstrat* rally rallies crowds clashes riot* marchers",
                    "tear gas, rubber bullets, anti-government protests, riot police"),
            Topic.of("space", "rocket* satellite* orbit* astronaut* nasa lunar spacecraft spaceport",
                    "space station, launch pad, low earth orbit, space agency"),
            Topic.of("agriculture", "farmers harvest* grain wheat crops fertiliser* livestock famine",
                    "food prices, food security, grain exports, black sea"),
            Topic.of("shipping", "tanker* vessel* port* cargo freight container* strait shipping",
                    "red sea, suez canal, shipping lanes, shadow fleet"),
            Topic.of("aviation", "airline* flights aircraft airport* pilots passengers boeing airbus",
                    "air traffic, emergency landing, flight cancellations, no-fly zone"),
            Topic.of("corporate", "merger* acquisition* takeover* shareholders profit* revenue* earnings ceo",
                    "chief executive, quarterly results, hostile bid, share price"),
            Topic.of("education", "schools students teachers universit* pupils exams tuition campus*",
                    "school closures, student loans, exam results"),
            Topic.of("sport", "match league striker goalkeeper tournament* championship* coach* stadium*",
                    "premier league, world cup, final whistle, transfer window"));

    /** Verbs of doing, announcing and reacting; each action group is a random subset. */
    private static final List<String> ACTIONS = List.of(("deploy* send sent dispatch* announc* approv* reject* sign* launch* ban* "
            + "impos* lift* cut rais* warn* investigat* arrest* suspend* block* threaten* confirm* deny denied expand* "
            + "halt* resum* accus* order* agree* propos* condemn* support* oppos* increas* reduc* boost* seiz* charg* "
            + "vote elect* fund* invest* withdraw* attack* strike kill* injur* move arrive").split(" "));

    /** Words that mark a text as fiction, entertainment or history rather than news. */
    private static final List<String> CONTEXT = List.of(("movie* film novel game* museum exhibition quiz fiction podcast "
            + "recipe* horoscope* crossword sponsored obituary anniversary sequel trailer").split(" "));

    private static final List<String> CONTEXT_PHRASES = List.of("video game", "box office", "board game", "book review",
            "years ago", "fan fiction", "costume drama", "theme park");

    private static final List<String> DEMONYMS = List.of(("american british french german russian ukrainian chinese korean "
            + "japanese indian pakistani iranian israeli turkish syrian iraqi saudi egyptian polish italian spanish dutch "
            + "swedish norwegian finnish australian canadian mexican brazilian nigerian kenyan ethiopian sudanese western "
            + "european nato eu").split(" "));

    private static final List<String> HISTORY = List.of("today in history", "this day in history", "on this day in",
            "on this date in");

    private static final int ACTION_GROUPS = 12;
    private static final int CONTEXT_GROUPS = 4;

    public GeneratedRules {
        aliasGroups = Map.copyOf(aliasGroups);
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    }

    /** {@code count} rules with ids {@code gen-00000}, {@code gen-00001}, ... */
    public static GeneratedRules of(int count, long seed) {
        if (count < 0 || count > 99_999) {
            throw new IllegalArgumentException("between 0 and 99,999 generated rules, got " + count);
        }
        Random random = new Random(seed);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Topic topic : TOPICS) {
            groups.put("gen_" + topic.name() + "_things", topic.things());
            groups.put("gen_" + topic.name() + "_phrases", topic.phrases());
        }
        for (int i = 0; i < ACTION_GROUPS; i++) {
            groups.put("gen_act_" + i, sample(random, ACTIONS, 12 + random.nextInt(9)));
        }
        for (int i = 0; i < CONTEXT_GROUPS; i++) {
            groups.put("gen_ctx_" + i, sample(random, CONTEXT, 8 + random.nextInt(5)));
        }
        groups.put("gen_demonyms", DEMONYMS);
        groups.put("gen_history", HISTORY);

        Map<String, String> queries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            queries.put(String.format("gen-%05d", i), query(random));
        }
        return new GeneratedRules(groups, queries);
    }

    /**
     * {@code count} rules of the shape Lucene Monitor (Luwak) is built for, with ids {@code luwak-00000}...:
     * an AND of 2-5 required words or exact phrases from one or two topics, a third of them with an
     * {@code AND NOT} word or phrase, no wildcards, no aliases, no {@code NEAR}. They let the
     * presearcher skip most rules, so they measure the engine's fixed costs and compare it with
     * stock Monitor on its home ground.
     */
    public static GeneratedRules luwakStyle(int count, long seed) {
        if (count < 0 || count > 99_999) {
            throw new IllegalArgumentException("between 0 and 99,999 generated rules, got " + count);
        }
        Random random = new Random(seed);
        Map<String, String> queries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Topic topic = pick(random, TOPICS);
            Topic other = chance(random, 60) ? topic : pick(random, TOPICS);
            int required = between(random, 2, 5);
            List<String> clauses = new ArrayList<>();
            while (clauses.size() < required) {
                Topic from = clauses.size() % 2 == 0 ? topic : other;
                String clause = chance(random, 25)
                        ? "\"" + pick(random, from.phrases()) + "\""
                        : plain(pick(random, chance(random, 20) ? ACTIONS : from.things()));
                if (!clauses.contains(clause)) {
                    clauses.add(clause);
                }
            }
            StringBuilder query = new StringBuilder(String.join(" AND ", clauses));
            if (chance(random, 33)) {
                query.append(" AND NOT ").append(chance(random, 50)
                        ? plain(pick(random, CONTEXT))
                        : "\"" + pick(random, CONTEXT_PHRASES) + "\"");
            }
            queries.put(String.format("luwak-%05d", i), query.toString());
        }
        return new GeneratedRules(Map.of(), queries);
    }

    /** A word without its wildcard star; a stem such as {@code evacuat} stays a (rare) word. */
    private static String plain(String word) {
        return word.endsWith("*") ? word.substring(0, word.length() - 1) : word;
    }

    private static String query(Random random) {
        Topic topic = pick(random, TOPICS);
        Topic other = random.nextInt(10) < 3 ? topic : pick(random, TOPICS);
        List<String> any = new ArrayList<>();
        any.add("@gen_" + topic.name() + "_things NEAR/" + between(random, 4, 10) + " @gen_act_" + random.nextInt(ACTION_GROUPS));
        if (chance(random, 60)) {
            any.add("@gen_" + other.name() + "_things NEAR/" + between(random, 4, 10) + " @gen_act_" + random.nextInt(ACTION_GROUPS));
        }
        if (chance(random, 50)) {
            any.add("@gen_demonyms BEFORE/1 (" + pick(random, topic.things()) + " OR " + pick(random, topic.things()) + ")");
        }
        if (chance(random, 70)) {
            any.add("(" + pick(random, topic.things()) + " OR " + pick(random, other.things()) + ") NEAR/" + between(random, 3, 6)
                    + " (" + pick(random, other.things()) + " OR \"" + pick(random, topic.phrases()) + "\" OR " + pick(random, ACTIONS) + ")");
        }
        if (chance(random, 40)) {
            any.add("(" + pick(random, topic.things()) + " BEFORE/1 (" + pick(random, other.things()) + " OR " + pick(random, other.things())
                    + ")) BEFORE/4 @gen_act_" + random.nextInt(ACTION_GROUPS));
        }
        if (chance(random, 60)) {
            any.add("@gen_" + topic.name() + "_phrases");
        }
        if (chance(random, 50)) {
            any.add("\"" + pick(random, other.phrases()) + "\"");
        }
        StringBuilder query = new StringBuilder("(\n  ").append(String.join("\n  OR ", any)).append("\n)");
        query.append("\nAND NOT (").append(wildcard(pick(random, topic.things()))).append(" NEAR/20 @gen_ctx_")
                .append(random.nextInt(CONTEXT_GROUPS)).append(")");
        if (chance(random, 50)) {
            query.append("\nAND NOT (\"").append(pick(random, CONTEXT_PHRASES)).append("\" OR \"")
                    .append(pick(random, CONTEXT_PHRASES)).append("\")");
        }
        query.append("\nAND NOT @gen_history");
        return query.toString();
    }

    /** The aliases to compile the queries with: {@code base} (the shipped groups) plus the generated ones. */
    public Aliases aliases(Aliases base) {
        Map<String, List<String>> all = new LinkedHashMap<>(base.groups());
        all.putAll(aliasGroups);
        return new Aliases(all);
    }

    /**
     * Writes the rules as files into {@code rulesDir}: one {@code <id>.yml} per rule, and the alias
     * groups appended to {@code _aliases.yml} (created when missing), so a directory holding the
     * shipped rules gets both sets. Each rule gets its own alert topic, as a rule without
     * {@code topic:} does in the daemon.
     */
    public void writeTo(Path rulesDir) throws IOException {
        writeTo(rulesDir, null);
    }

    /** As {@link #writeTo(Path)}, but every rule names {@code topic} (when not null) for its alerts. */
    public void writeTo(Path rulesDir, String topic) throws IOException {
        StringBuilder aliases = new StringBuilder("\n# Generated for benchmarks (io.newswatch.cli.GeneratedRules)\n");
        aliasGroups.forEach((name, entries) -> aliases.append(name).append(": [").append(String.join(", ", entries)).append("]\n"));
        Files.writeString(rulesDir.resolve("_aliases.yml"), aliases, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        String[] severities = {"low", "medium", "high"};
        int i = 0;
        for (Map.Entry<String, String> rule : queries.entrySet()) {
            String text = "id: " + rule.getKey() + "\n"
                    + "title: Generated rule " + rule.getKey() + "\n"
                    + "severity: " + severities[i++ % severities.length] + "\n"
                    + (topic == null ? "" : "topic: " + topic + "\n")
                    + "query: |\n  " + rule.getValue().replace("\n", "\n  ") + "\n";
            Files.writeString(rulesDir.resolve(rule.getKey() + ".yml"), text, StandardCharsets.UTF_8);
        }
    }

    private static String wildcard(String word) {
        return word.endsWith("*") ? word : word + "*";
    }

    private static List<String> sample(Random random, List<String> from, int size) {
        List<String> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return List.copyOf(copy.subList(0, Math.min(size, copy.size())));
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static int between(Random random, int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private static boolean chance(Random random, int percent) {
        return random.nextInt(100) < percent;
    }
}
