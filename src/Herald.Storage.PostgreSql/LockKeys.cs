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
    /// order (docs/adr/0003-postgresql-change-log-order.md).
    /// </summary>
    public static readonly long ChangeLog = Hash("herald|change_log");

    public static long Resource(ResourceKey key) => Hash($"resource|{key.Tenant}|{key.Type}|{key.Id}");

    /// <summary>
    /// One key per (tenant, type): every write of the type holds it shared, a conditional create
    /// holds it exclusive. So an If-None-Exist condition is evaluated while no other write of the
    /// type can commit, whatever that write is (a plain create with the same identifier included).
    /// </summary>
    public static long Type(ResourceKey key) => Hash($"type|{key.Tenant}|{key.Type}");

    private static long Hash(string text) =>
        BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
