namespace Herald.Core.Configuration;

/// <summary>Which database Herald stores into. Bound from the <c>Herald</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Herald";

    /// <summary><c>sqlite</c> (default, an embedded file under <see cref="DataDir"/>) or <c>postgres</c>.</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Folder for the embedded database; created when missing.</summary>
    public string DataDir { get; set; } = "./herald-data";

    /// <summary>
    /// Connection string of the database. For SQLite it overrides the file under
    /// <see cref="DataDir"/>; for PostgreSQL it is required.
    /// </summary>
    public string? ConnectionString { get; set; }
}
