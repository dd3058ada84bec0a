using System.Net;
using System.Net.Sockets;
using Herald.Core.Errors;

namespace Herald.Subscriptions.Channels.RestHook;

/// <summary>
/// The SSRF guard: a rest-hook endpoint must be http(s) and, unless allowed, must not resolve to
/// a loopback, private or link-local address — otherwise any client could make Herald call into
/// the network it runs in.
/// </summary>
public static class EndpointGuard
{
    public static Uri Check(string? endpoint, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw FhirException.BadRequest("A rest-hook Subscription needs channel.endpoint: the absolute http(s) URL to POST notifications to.");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw FhirException.BadRequest($"channel.endpoint '{endpoint}' must be an absolute http or https URL.");
        }

        if (allowPrivate)
        {
            return uri;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : Dns.GetHostAddresses(uri.DnsSafeHost);
        }
        catch (SocketException)
        {
            throw FhirException.BadRequest($"channel.endpoint host '{uri.Host}' cannot be resolved.");
        }

        if (addresses.Length == 0 || addresses.Any(IsPrivate))
        {
            throw FhirException.BadRequest(
                $"channel.endpoint '{endpoint}' resolves to a loopback, private or link-local address; such endpoints are refused unless the server runs with --allow-private-endpoints.");
        }

        return uri;
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] == 0;
    }
}
