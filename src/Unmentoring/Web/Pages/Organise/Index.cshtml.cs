using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Unmentoring.Organisers;

namespace Unmentoring.Web.Pages.Organise;

/// <summary>The organisers' start page.</summary>
public sealed class IndexModel : PageModel
{
    public string Email => User.Email() ?? "";

    public string Role => User.FindFirstValue(ClaimTypes.Role) ?? "";
}
