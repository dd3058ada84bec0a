using Herald.Server;

return HeraldCommandLine.Build().Parse(args).Invoke();

/// <summary>Entry point; partial so WebApplicationFactory can find it.</summary>
public partial class Program;
