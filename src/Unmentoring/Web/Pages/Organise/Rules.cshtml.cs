using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;
using Unmentoring.Rounds;
using Unmentoring.Storage;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// Every rule with its meaning, edited as one form. Each value is checked by <see cref="SchemeRules.Set"/>,
/// the same check as <c>unmentoring rules set</c>; a change is saved by <see cref="RulesStore.SaveAsync"/> as a
/// new version naming the organiser. "Check the schedule" shows the next run for the values entered, saving nothing.
/// </summary>
internal sealed class RulesModel(RulesStore store, TimeProvider time) : PageModel
{
    public FormErrors Errors { get; } = new();

    /// <summary>The value shown in each field: the stored one, or what the organiser typed.</summary>
    public Dictionary<string, string> Values { get; } = [];

    public RulesVersion Current { get; private set; } = null!;

    public IReadOnlyList<RulesVersion> Versions { get; private set; } = [];

    /// <summary>When the schedule in the form would next run, in its own zone; null when unchecked or invalid.</summary>
    public string? NextRun { get; private set; }

    /// <summary>True after a "check" whose schedule fires again.</summary>
    public bool Checked { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        foreach (var (key, value) in Describe(Current.Rules))
        {
            Values[key] = value;
        }

        NextRun = Next(Current.Rules);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var rules = Read(Current.Rules);
        if (rules is not null)
        {
            NextRun = Next(rules);
            Checked = true;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var rules = Read(Current.Rules);
        if (rules is null)
        {
            return Page();
        }

        if (rules == Current.Rules)
        {
            Saved = $"Nothing changed: those are already the rules (version {Current.Version}).";
            return RedirectToPage();
        }

        var expected = int.TryParse(Request.Form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : Current.Version;
        if (expected != Current.Version)
        {
            Errors.Add(RuleFields.All[0].Key, $"Someone else changed the rules while you were editing (now version {Current.Version}). Check the values and save again.");
            return Page();
        }

        try
        {
            var saved = await store.SaveAsync(rules, User.Email()!, Changes(Current.Rules, rules), expected, cancellationToken);
            Saved = $"Rules version {saved.Version} saved.";
        }
        catch (DbException ex) when (Database.IsUniqueViolation(ex))
        {
            Errors.Add(RuleFields.All[0].Key, "Someone else changed the rules at the same moment. Check the values and save again.");
            await LoadAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage();
    }

    /// <summary>"key=value" for each rule that differs: what a version records as its change, as the command line does.</summary>
    internal static string Changes(SchemeRules before, SchemeRules after)
    {
        var was = Describe(before);
        return string.Join(" ", Describe(after).Where(p => was[p.Key] != p.Value).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>Every rule's value as text, by key.</summary>
    internal static Dictionary<string, string> Describe(SchemeRules rules) => new()
    {
        ["repeatWindowRounds"] = rules.RepeatWindowRounds.ToString(CultureInfo.InvariantCulture),
        ["avoidSameOrganisation"] = YesNo(rules.AvoidSameOrganisation),
        ["oddPolicy"] = rules.OddPolicy,
        ["relaxRepeats"] = YesNo(rules.RelaxRepeats),
        ["scheduleCron"] = rules.ScheduleCron,
        ["timeZone"] = rules.TimeZone,
        ["requireApproval"] = YesNo(rules.RequireApproval),
        ["feedbackAfterDays"] = rules.FeedbackAfterDays.ToString(CultureInfo.InvariantCulture),
        ["feedbackReminderAfterDays"] = rules.FeedbackReminderAfterDays.ToString(CultureInfo.InvariantCulture),
        ["autoPauseAfterSilentRounds"] = rules.AutoPauseAfterSilentRounds.ToString(CultureInfo.InvariantCulture),
    };

    private static string YesNo(bool value) => value ? "true" : "false";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Current = await store.CurrentAsync(cancellationToken);
        Versions = await store.ListAsync(cancellationToken);
    }

    /// <summary>The posted rules, or null with an error for each field that does not fit; the typed values are kept either way.</summary>
    private SchemeRules? Read(SchemeRules current)
    {
        var rules = current;
        foreach (var field in RuleFields.All)
        {
            var value = Request.Form[field.Key].ToString().Trim();
            Values[field.Key] = value;
            if (value.Length == 0)
            {
                Errors.Add(field.Key, field.IsYesNo ? $"Select yes or no for {field.Label.ToLowerInvariant()}" : $"Enter {field.Label.ToLowerInvariant()}");
                continue;
            }

            try
            {
                rules = rules.Set(field.Key, value);
            }
            catch (ArgumentException ex)
            {
                Errors.Add(field.Key, ex.Message);
            }
        }

        return Errors.Any ? null : rules;
    }

    private string? Next(SchemeRules rules)
    {
        var next = RoundScheduling.NextFireAfter(rules, time.GetUtcNow());
        if (next is not { } n)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone);
        return $"{UkDates.Format(TimeZoneInfo.ConvertTime(n, zone), "dddd d MMMM yyyy HH:mm")} ({rules.TimeZone})";
    }
}
