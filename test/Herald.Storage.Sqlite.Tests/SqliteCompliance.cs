using Herald.Storage.Compliance;

namespace Herald.Storage.Sqlite.Tests;

// One line per suite: the SQLite backend enrols in every compliance suite.
public sealed class SqliteResourceStoreCompliance : ResourceStoreCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => SqliteStores.CreateAsync(clock); }

public sealed class SqliteChangeLogCompliance : ChangeLogCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => SqliteStores.CreateAsync(clock); }

public sealed class SqliteHistoryCompliance : HistoryCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => SqliteStores.CreateAsync(clock); }

public sealed class SqliteSearchCompliance : SearchCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => SqliteStores.CreateAsync(clock); }

public sealed class SqliteSearchAgreementCompliance : SearchAgreementCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => SqliteStores.CreateAsync(clock); }

public sealed class SqliteSubscriptionEventStoreCompliance : SubscriptionEventStoreCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => SqliteStores.CreateAsync(clock); }
