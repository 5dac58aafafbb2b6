using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>
/// The organisers' list: everyone sees it; organisers add and remove people (a viewer's POST is refused
/// before this runs). The same list the 'organisers' verbs change, audited the same way.
/// </summary>
internal sealed class OrganisersModel(OrganiserList organisers) : PageModel
{
    [BindProperty(Name = "email")]
    public string? Email { get; set; }

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "role")]
    public string? Role { get; set; }

    public IReadOnlyList<Organiser> All { get; private set; } = [];

    public string? Done { get; private set; }

    internal FormErrors Errors { get; } = new();

    public bool MayChange => User.IsInRole(OrganiserRoles.Organiser);

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        Done = done;
        All = await organisers.AllAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        Email = ParticipantFormModel.CheckEmail(Errors, Email);
        if (!OrganiserRoles.IsKnown(Role))
        {
            Errors.Add("role", "Select whether they are an organiser or a viewer");
        }

        if (Errors.Any)
        {
            ViewData["HasErrors"] = true;
            All = await organisers.AllAsync(cancellationToken);
            return Page();
        }

        await organisers.AddOrUpdateAsync(Email!, Name, Role!, User.Email()!, cancellationToken);
        return RedirectToPage(new { done = $"{OrganiserList.Normalise(Email!)} can now sign in as {Role}." });
    }

    public async Task<IActionResult> OnPostRemoveAsync(string remove, CancellationToken cancellationToken)
    {
        if (string.Equals(OrganiserList.Normalise(remove ?? ""), User.Email(), StringComparison.Ordinal))
        {
            Errors.Add("remove", "You cannot remove yourself; ask another organiser to do it");
            ViewData["HasErrors"] = true;
            All = await organisers.AllAsync(cancellationToken);
            return Page();
        }

        var removed = await organisers.RemoveAsync(remove ?? "", User.Email()!, cancellationToken);
        return RedirectToPage(new { done = removed ? $"{OrganiserList.Normalise(remove!)} can no longer sign in." : "That address was not on the list." });
    }
}
