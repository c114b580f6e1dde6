package io.newswatch.delivery.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressGuardTest {
    final AddressGuard guard = new AddressGuard(List.of());

    @Test
    void refusesLoopbackPrivateAndLinkLocalLiterals() throws Exception {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "10.0.0.5", "172.16.4.4", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "0.0.0.0", "100.64.0.1", "[::1]", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1",
                "::ffff:10.1.1.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "224.0.0.1")) {
            assertTrue(guard.refusal(host).isPresent(), host + " should be refused");
        }
    }

    @Test
    void allowsPublicAddresses() throws Exception {
        for (String host : List.of("93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "[2001:4860:4860::8888]")) {
            assertEquals(Optional.empty(), guard.refusal(host), host);
        }
    }

    @Test
    void theRefusalSaysWhatAndHowToAllowIt() throws Exception {
        String reason = guard.refusal("169.254.169.254").orElseThrow();
        assertTrue(reason.contains("link-local"), reason);
        assertTrue(reason.contains("newswatch.notify.webhook-allowed-addresses"), reason);
    }

    @Test
    void theAllowListAdmitsExactAddressesAndRanges() throws Exception {
        var allowing = new AddressGuard(List.of("127.0.0.1", "10.2.0.0/16", "fd12::/16"));
        assertEquals(Optional.empty(), allowing.refusal("127.0.0.1"));
        assertTrue(allowing.refusal("127.0.0.2").isPresent());
        assertEquals(Optional.empty(), allowing.refusal("10.2.255.1"));
        assertTrue(allowing.refusal("10.3.0.1").isPresent());
        assertEquals(Optional.empty(), allowing.refusal("fd12:3::1"));
    }

    @Test
    void everyResolvedAddressIsChecked() throws Exception {
        Map<String, String[]> dns = Map.of("mixed.example.org", new String[] {"93.184.215.14", "10.0.0.7"},
                "public.example.org", new String[] {"93.184.215.14", "2606:4700::1111"});
        var resolving = new AddressGuard(List.of(), host -> {
            String[] addresses = dns.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] result = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                result[i] = InetAddress.getByName(addresses[i]);
            }
            return result;
        });
        assertTrue(resolving.refusal("mixed.example.org").orElseThrow().contains("10.0.0.7"));
        assertEquals(Optional.empty(), resolving.refusal("public.example.org"));
        assertThrows(UnknownHostException.class, () -> resolving.refusal("gone.example.org"));
    }

    @Test
    void localhostByNameIsRefused() throws Exception {
        assertTrue(guard.refusal("localhost").isPresent());
    }

    @Test
    void aBadAllowListEntryIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AddressGuard(List.of("intranet.example.org")));
        assertTrue(e.getMessage().contains("'intranet.example.org' is not an IP address or CIDR range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard(List.of("10.0.0.0/33")));
    }
}
