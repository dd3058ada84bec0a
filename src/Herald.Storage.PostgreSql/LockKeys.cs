using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Herald.Core.Storage;

namespace Herald.Storage.PostgreSql;

/// <summary>
/// 64-bit keys for <c>pg_advisory_xact_lock</c>. They are computed here rather than with
/// <c>hashtext</c> in SQL so the writer can sort them and always lock in one global order,
/// which rules out deadlocks between Herald writers. A hash collision only makes two
/// unrelated writes wait for each other; it never lets two writes of one resource overlap.
/// </summary>
internal static class LockKeys
{
    /// <summary>Held while the schema is migrated.</summary>
    public static readonly long Migration = Hash("herald|migration");

    /// <summary>
    /// Held from the change_log append to commit, so sequence allocation order equals commit
    /// order (docs/adr/0001-postgresql-change-log-order.md).
    /// </summary>
    public static readonly long ChangeLog = Hash("herald|change_log");

    public static long Resource(ResourceKey key) => Hash($"resource|{key.Tenant}|{key.Type}|{key.Id}");

    /// <summary>
    /// One key per (tenant, type, condition), so concurrent conditional creates with the same
    /// If-None-Exist query run one after the other and the later ones see the first's result.
    /// </summary>
    public static long IfNoneExist(ResourceKey key, IReadOnlyList<TokenCondition> conditions)
    {
        var text = new StringBuilder("if-none-exist|").Append(key.Tenant).Append('|').Append(key.Type);
        foreach (var condition in conditions.OrderBy(c => c.Parameter, StringComparer.Ordinal))
        {
            text.Append('&').Append(condition.Parameter).Append('=');
            var values = condition.Values
                .Select(v => (v.SystemGiven ? (v.System ?? string.Empty) + "|" : string.Empty) + v.Code)
                .Order(StringComparer.Ordinal);
            text.AppendJoin(',', values);
        }

        return Hash(text.ToString());
    }

    private static long Hash(string text) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
