using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.SignIn;
using PartnerFunctions.Workflows.StaffConsole;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The site root, sign-in and sign-out pages and the pages' static assets (<see cref="SignInRoutes"/>, <see cref="StaticAssetRoutes"/>). Thin wrappers.</summary>
public static class PagesFunctions
{
    [Function(nameof(StaticAssetRoutes.GetStylesheet))]
    public static Task<IActionResult> GetStylesheet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaticAssetRoutes.Stylesheet)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(StaticAssetRoutes.GetStylesheet, request, null);

    [Function(nameof(StaticAssetRoutes.GetScript))]
    public static Task<IActionResult> GetScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaticAssetRoutes.Script)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(StaticAssetRoutes.GetScript, request, null);

    [Function(nameof(ConsoleRoutes.ShowDashboard))]
    public static Task<IActionResult> ShowDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ConsoleRoutes.Dashboard)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ConsoleRoutes.ShowDashboard, request, null);

    [Function(nameof(SignInRoutes.ShowHome))]
    public static Task<IActionResult> ShowHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SignInRoutes.Root)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.ShowHome, request, null);

    [Function(nameof(SignInRoutes.ShowSignIn))]
    public static Task<IActionResult> ShowSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SignInRoutes.SignIn)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.ShowSignIn, request, null);

    [Function(nameof(SignInRoutes.SignInStaff))]
    public static Task<IActionResult> SignInStaff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SignInRoutes.Staff)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.SignInStaff, request, null);

    [Function(nameof(SignInRoutes.SignInPartnerKey))]
    public static Task<IActionResult> SignInPartnerKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SignInRoutes.PartnerKey)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.SignInPartnerKey, request, null);

    [Function(nameof(SignInRoutes.RequestSignInLink))]
    public static Task<IActionResult> RequestSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SignInRoutes.LinkRequest)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.RequestSignInLink, request, null);

    [Function(nameof(SignInRoutes.ShowSignInLink))]
    public static Task<IActionResult> ShowSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SignInRoutes.Link)] HttpRequest request,
        string linkId) =>
        FunctionRoute.InvokeAsync(SignInRoutes.ShowSignInLink, request, null, ("linkId", linkId));

    [Function(nameof(SignInRoutes.UseSignInLink))]
    public static Task<IActionResult> UseSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SignInRoutes.Link)] HttpRequest request,
        string linkId) =>
        FunctionRoute.InvokeAsync(SignInRoutes.UseSignInLink, request, null, ("linkId", linkId));

    [Function(nameof(SignInRoutes.ShowMicrosoftSignIn))]
    public static Task<IActionResult> ShowMicrosoftSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SignInRoutes.Microsoft)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.ShowMicrosoftSignIn, request, null);

    [Function(nameof(SignInRoutes.SignInMicrosoft))]
    public static Task<IActionResult> SignInMicrosoft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SignInRoutes.Microsoft)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.SignInMicrosoft, request, null);

    [Function(nameof(SignInRoutes.SignOutSession))]
    public static Task<IActionResult> SignOutSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SignInRoutes.SignOut)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(SignInRoutes.SignOutSession, request, null);
}
