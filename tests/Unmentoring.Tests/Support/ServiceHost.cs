using Microsoft.Extensions.DependencyInjection;
using Unmentoring.Cli;
using Unmentoring.Participants;
using Unmentoring.Rounds;

namespace Unmentoring.Tests.Support;

/// <summary>
/// The service's own container, built as a command builds it, on a test database: real stores, real
/// composer, real rules. Nothing is started (no scheduler, no dispatcher) unless a test starts it.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly CommandHost _host;

    private ServiceHost(CommandHost host, TestDatabase database, CliContext context)
    {
        _host = host;
        Database = database;
        Context = context;
    }

    public TestDatabase Database { get; }

    public CliContext Context { get; }

    public IServiceProvider Services => _host.Services;

    public T Get<T>()
        where T : notnull => _host.Get<T>();

    public RoundService Rounds => Get<RoundService>();

    public RoundReports Reports => Get<RoundReports>();

    public ParticipantStore Participants => Get<ParticipantStore>();

    public static async Task<ServiceHost> StartAsync(string provider, TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider, time);
        var all = database.Settings;
        all["Unmentoring:PublicBaseUrl"] = "https://unmentoring.example.org";
        all["Unmentoring:Roles:Scheduler"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var context = new CliContext(new StringWriter(), new StringWriter(), all, time ?? TimeProvider.System);
        return new ServiceHost(await CommandHost.OpenAsync(context, default), database, context);
    }

    /// <summary>Adds confirmed, active participants, each from their own organisation unless told otherwise.</summary>
    public async Task<List<Participant>> AddPeopleAsync(int count, Func<int, Participant, Participant>? shape = null, string prefix = "person")
    {
        var people = new List<Participant>();
        for (var i = 0; i < count; i++)
        {
            var person = new Participant
            {
                PublicId = "",
                Email = $"{prefix}{i}@org{i}.example",
                Name = $"Person {i}",
                Organisation = $"Organisation {i}",
                Role = "Officer",
                Intro = "I work on local services.",
                Status = ParticipantStatus.Active,
                ConsentBasis = "form",
                ConsentTextVersion = "test",
                ConsentAt = DateTime.UtcNow,
                ConfirmedAt = DateTime.UtcNow,
            };
            people.Add(await Participants.AddAsync(shape is null ? person : shape(i, person)));
        }

        return people;
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Database.DisposeAsync();
    }
}
