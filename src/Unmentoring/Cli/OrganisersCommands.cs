using System.CommandLine;
using Unmentoring.Mail;
using Unmentoring.Organisers;

namespace Unmentoring.Cli;

internal sealed class OrganisersAddCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["organisers", "add"];

    public override string Summary => "Let someone sign in to the organisers' pages (or change their name or role).";

    public override string Description => """
        Adds an email address to the organisers' list, so that it can sign in at /organise. An organiser
        may change rules, rounds and participants; a viewer sees everything and changes nothing. Adding an
        address already on the list changes its role (and its name, if given). Example:
          unmentoring organisers add ada@council.example.gov.uk --name "Ada Lovelace" --role organiser
        """;

    public override string Epilogue => "Exit codes: 0 added or changed, 2 the address or role is not valid.";

    private readonly Argument<string> _email = new("EMAIL")
    {
        Description = "The organiser's email address.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string> _name = new("--name")
    {
        HelpName = "NAME",
        Description = "The name shown on the pages and in the sign-in email.",
    };

    private readonly Option<string> _role = new("--role")
    {
        HelpName = "organiser|viewer",
        Description = "organiser (the default) may change things; viewer only looks.",
    };

    private readonly Option<string> _by = CliValues.By("adding them");

    public override IReadOnlyList<Symbol> Parameters => [_email, _name, _role, _by];

    private const string NeedsOneAddress = "organisers add needs one email address, e.g. 'unmentoring organisers add ada@council.example.gov.uk'.";

    public override string UnexpectedArgument(string word) => NeedsOneAddress;

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var email = args.GetValue(_email)?.Trim() ?? throw new CliUsageException(NeedsOneAddress);
        if (!EmailAddress.IsValid(email))
        {
            throw new CliUsageException($"'{email}' is not an email address; write it as name@example.org.");
        }

        var role = args.GetValue(_role) ?? OrganiserRoles.Organiser;
        if (!OrganiserRoles.IsKnown(role))
        {
            throw new CliUsageException($"The option --role must be organiser or viewer, not '{role}'.");
        }

        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var added = await host.Get<OrganiserList>().AddOrUpdateAsync(email, args.GetValue(_name), role, args.GetValue(_by) ?? "cli:" + Environment.UserName, cancellationToken);
        await context.Output.WriteLineAsync(added
            ? $"Added {OrganiserList.Normalise(email)} as {role}. They can sign in at /organise/sign-in."
            : $"{OrganiserList.Normalise(email)} was already on the list; their role is now {role}.");
        return ExitCodes.Ok;
    }
}

internal sealed class OrganisersListCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["organisers", "list"];

    public override string Summary => "List who may sign in to the organisers' pages.";

    public override string Description => "Prints every address on the organisers' list with its role and name, one a line, tab-separated.";

    public override string UnexpectedArgument(string word) => $"organisers list takes no arguments, but was given '{word}'.";

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        var all = await host.Get<OrganiserList>().AllAsync(cancellationToken);
        if (all.Count == 0)
        {
            await context.Error.WriteLineAsync("Nobody is on the organisers' list yet. Add the first with 'unmentoring organisers add EMAIL'.");
        }

        foreach (var organiser in all)
        {
            await context.Output.WriteLineAsync($"{organiser.Email}\t{organiser.Role}\t{organiser.Name}");
        }

        return ExitCodes.Ok;
    }
}

internal sealed class OrganisersRemoveCommand : CliCommand
{
    public override IReadOnlyList<string> Path => ["organisers", "remove"];

    public override string Summary => "Stop someone signing in to the organisers' pages.";

    public override string Description => """
        Takes an email address off the organisers' list. A session they have open ends at its next request,
        and codes or links already sent to them no longer sign in.
        """;

    public override string Epilogue => "Exit codes: 0 removed, 2 the address was not on the list.";

    private readonly Argument<string> _email = new("EMAIL")
    {
        Description = "The organiser's email address.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string> _by = CliValues.By("removing them");

    public override IReadOnlyList<Symbol> Parameters => [_email, _by];

    private const string NeedsOneAddress = "organisers remove needs one email address, e.g. 'unmentoring organisers remove ada@council.example.gov.uk'.";

    public override string UnexpectedArgument(string word) => NeedsOneAddress;

    public override async Task<int> RunAsync(ParseResult args, CliContext context, CancellationToken cancellationToken)
    {
        var email = args.GetValue(_email)?.Trim() ?? throw new CliUsageException(NeedsOneAddress);
        using var host = await CommandHost.OpenAsync(context, cancellationToken);
        if (!await host.Get<OrganiserList>().RemoveAsync(email, args.GetValue(_by) ?? "cli:" + Environment.UserName, cancellationToken))
        {
            await context.Error.WriteLineAsync($"{OrganiserList.Normalise(email)} is not on the organisers' list; 'unmentoring organisers list' shows who is.");
            return ExitCodes.BadInput;
        }

        await context.Output.WriteLineAsync($"Removed {OrganiserList.Normalise(email)}.");
        return ExitCodes.Ok;
    }
}
