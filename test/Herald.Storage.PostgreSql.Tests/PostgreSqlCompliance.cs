using Herald.Storage.Compliance;

namespace Herald.Storage.PostgreSql.Tests;

// One line per suite: the PostgreSQL backend enrols in every compliance suite.
public sealed class PostgreSqlResourceStoreCompliance(PostgresFixture pg) : ResourceStoreCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => pg.CreateStoreAsync(clock); }

public sealed class PostgreSqlChangeLogCompliance(PostgresFixture pg) : ChangeLogCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => pg.CreateStoreAsync(clock); }

public sealed class PostgreSqlHistoryCompliance(PostgresFixture pg) : HistoryCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => pg.CreateStoreAsync(clock); }

public sealed class PostgreSqlSearchCompliance(PostgresFixture pg) : SearchCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => pg.CreateStoreAsync(clock); }

public sealed class PostgreSqlSearchAgreementCompliance(PostgresFixture pg) : SearchAgreementCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => pg.CreateStoreAsync(clock); }

public sealed class PostgreSqlSubscriptionEventStoreCompliance(PostgresFixture pg) : SubscriptionEventStoreCompliance { protected override Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null) => pg.CreateStoreAsync(clock); }
