package io.newswatch.delivery.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keeps webhooks from being pointed at the daemon's own network (server-side request forgery):
 * a target whose host resolves to a loopback, private, link-local or otherwise internal address
 * is refused unless that address is in the allow-list. Every resolved address is checked (a host
 * with one public and one private address is refused), and the check runs right before each
 * request. The JVM caches the lookup (30 s by default), so the connection that follows uses the
 * addresses just checked rather than a second, possibly rebound, DNS answer.
 */
public final class AddressGuard {

    /** Host name to addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private record Restricted(Range range, String kind) {}

    private static final List<Restricted> RESTRICTED = List.of(
            range("0.0.0.0/8", "'this network'"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("fc00::/7", "private (unique local)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    private final List<Range> allowed;
    private final Resolver resolver;

    /**
     * @param allowed addresses or CIDR ranges permitted although restricted, e.g. {@code 127.0.0.1}, {@code 10.2.0.0/16}
     * @throws IllegalArgumentException naming the first entry that is not an address or range
     */
    public AddressGuard(List<String> allowed, Resolver resolver) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : allowed) {
            if (!entry.isBlank()) {
                ranges.add(parseRange(entry.strip()));
            }
        }
        this.allowed = List.copyOf(ranges);
        this.resolver = resolver;
    }

    public AddressGuard(List<String> allowed) {
        this(allowed, InetAddress::getAllByName);
    }

    /**
     * Resolves {@code host} and checks every address.
     *
     * @return why the host is refused, or empty when it may be contacted
     * @throws UnknownHostException when the host does not resolve (worth retrying: DNS may recover)
     */
    public Optional<String> refusal(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(bare);
        for (InetAddress address : addresses) {
            Optional<String> kind = restriction(address);
            if (kind.isPresent() && allowed.stream().noneMatch(r -> r.contains(address))) {
                return Optional.of(host + " resolves to " + address.getHostAddress() + ", a " + kind.get()
                        + " address; add it to newswatch.notify.webhook-allowed-addresses to permit it");
            }
        }
        return Optional.empty();
    }

    /** Which restricted kind the address is, if any; IPv6 forms embedding an IPv4 address are judged by that address. */
    static Optional<String> restriction(InetAddress address) {
        InetAddress judged = embeddedIpv4(address).orElse(address);
        for (Restricted restricted : RESTRICTED) {
            if (restricted.range().contains(judged)) {
                return Optional.of(restricted.kind());
            }
        }
        if (judged.isAnyLocalAddress() || judged.isLoopbackAddress() || judged.isLinkLocalAddress() || judged.isSiteLocalAddress()
                || judged.isMulticastAddress()) {
            return Optional.of("internal");
        }
        return Optional.empty();
    }

    /** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        boolean firstTenZero = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
        if (firstTenZero && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0 && (b[12] | b[13] | b[14]) != 0))) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8])) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6);
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Restricted range(String cidr, String kind) {
        return new Restricted(parseRange(cidr), kind);
    }

    private static Range parseRange(String text) {
        String what = "'" + text + "' is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)";
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        if (!addressText.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException(what);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(addressText);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what);
        }
        byte[] bytes = address.getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException(what);
            }
        }
        return new Range(bytes, prefix);
    }
}
