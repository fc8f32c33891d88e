using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Telephony.Functions.Http;

namespace Telephony.Functions.Security;

/// <summary>
/// Static Web Apps' <c>rolesSource</c> (<c>auth.rolesSource</c> in web/wwwroot/staticwebapp.config.json): called by the
/// platform after each sign-in, it answers the roles the user gets, among them the operator's <c>site:{siteId}</c>
/// roles, which Static Web Apps then forwards to every /api request (docs/security.md).
/// </summary>
public sealed class SignInFunctions(ILogger<SignInFunctions> logger)
{
    [Function(nameof(AssignSignInRoles))]
    public async Task<IActionResult> AssignSignInRoles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sign-in/roles")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync<SignInRolesRequest>(cancellationToken);
        if (!body.IsSuccess)
        {
            return Problems.For(body.Error!, request);
        }

        var roles = SignInRoleMapping.For(body.Value);
        if (!roles.IsSuccess)
        {
            return Problems.For(roles.Error!, request);
        }

        if (roles.Value.RefusedSites > 0)
        {
            logger.LogWarning("Sign-in of {User}: {Count} telephony/site or telephony/organization claim(s) are not ids and give no role", body.Value.UserDetails, roles.Value.RefusedSites);
        }

        logger.LogInformation("Sign-in of {User} through {IdentityProvider}: roles {Roles}", body.Value.UserDetails, body.Value.IdentityProvider, roles.Value.Roles);
        return new JsonBodyResult(new SignInRolesResponse(roles.Value.Roles));
    }
}
