using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Unmentoring.Organisers;

/// <summary>
/// In the organisers' folder, a request that can change something (any method but GET and HEAD) from a
/// signed-in person without the organiser role is refused with 403, before antiforgery or the handler run.
/// Pages open to everyone (sign-in) and pages marked <see cref="ViewersMayPostAttribute"/> (sign-out) are
/// exempt; a request without a session has already been refused by the folder's policy.
/// </summary>
internal sealed class ChangesNeedOrganiserFilter : IAuthorizationFilter, IOrderedFilter
{
    /// <summary>After the folder's policy (which answers 401 without a session), before antiforgery (1000).</summary>
    public int Order => 100;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var metadata = context.ActionDescriptor.EndpointMetadata;
        var exempt = HttpMethods.IsGet(http.Request.Method)
            || HttpMethods.IsHead(http.Request.Method)
            || metadata.OfType<IAllowAnonymous>().Any()
            || metadata.OfType<ViewersMayPostAttribute>().Any();
        if (!exempt && http.User.Identity?.IsAuthenticated == true && !http.User.IsInRole(OrganiserRoles.Organiser))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
        }
    }
}

/// <summary>A page whose POST changes only the person's own session (sign-out), so a viewer may send it.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ViewersMayPostAttribute : Attribute;
