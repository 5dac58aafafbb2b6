using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>The organisers' start page: the next round, participants by status, the last round and email health, with links to each.</summary>
internal sealed class IndexModel(OrganiserOverview overview) : PageModel
{
    public string Email => User.Email() ?? "";

    public string Role => User.FindFirstValue(ClaimTypes.Role) ?? "";

    public Overview Figures { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Figures = await overview.ReadAsync(cancellationToken);
}
