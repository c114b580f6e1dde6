package io.newswatch.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every recipient of {@code rules/_recipients.yml}, in file order, and how rules are routed to them. */
public final class Recipients {
    public static final Recipients NONE = new Recipients(List.of());

    private final Map<String, Recipient> byName;

    public Recipients(List<? extends Recipient> recipients) {
        Map<String, Recipient> map = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            if (map.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("recipient '" + r.name() + "' is named twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The names a rule's {@code notify:} list may use; the rule loader reports any other name as an error. */
    public Set<String> names() {
        return byName.keySet();
    }

    public Optional<Recipient> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Recipient> all() {
        return List.copyOf(byName.values());
    }

    public List<Recipient> defaults() {
        return byName.values().stream().filter(Recipient::isDefault).toList();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /**
     * Who a rule notifies: the recipients its {@code notify:} list names, or the default recipients
     * when the list is empty (or null). Names not in the file are skipped here, because the rule
     * loader already rejects them with the rule's file and line; duplicates are listed once.
     */
    public List<Recipient> recipientsFor(List<String> notifyNames) {
        if (notifyNames == null || notifyNames.isEmpty()) {
            return defaults();
        }
        List<Recipient> result = new ArrayList<>();
        for (String name : new LinkedHashSet<>(notifyNames)) {
            Recipient r = byName.get(name);
            if (r != null) {
                result.add(r);
            }
        }
        return result;
    }

    /** The names of {@code notifyNames} that no recipient has, for a clear message. */
    public List<String> unknown(List<String> notifyNames) {
        if (notifyNames == null) {
            return List.of();
        }
        return notifyNames.stream().filter(n -> !byName.containsKey(n)).distinct().toList();
    }

    @Override
    public String toString() {
        return "Recipients" + byName.keySet();
    }
}
