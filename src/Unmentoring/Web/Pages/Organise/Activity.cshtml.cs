using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>Who did what and when, newest first, a page at a time.</summary>
internal sealed class ActivityModel(OrganiserActivity activity) : PageModel
{
    public ActivityPage Activity { get; private set; } = null!;

    public async Task OnGetAsync(int pageNumber = 1, CancellationToken cancellationToken = default) =>
        Activity = await activity.PageAsync(pageNumber, cancellationToken);
}
