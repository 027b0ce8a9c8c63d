using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Tests.Contract;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's what-if pages on a real local host: candidate errors, a start on a stored version, its result and a cell.</summary>
public sealed class WhatIfPagesTests() : LocalHostPageTest("memory")
{
    [Fact]
    public async Task StartWhatIfCandidate_InvalidCandidate_Returns400WithEveryJsonPathAndStartsNothing()
    {
        var json = JsonNode.Parse(DefinitionPagesTests.Candidate(2))!;
        json["tiers"]![0]!["minRevenue"] = -1;
        json["competencies"]![1]!["levels"]!["expert"]!["minAccreditedPeople"] = 0;
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/whatif");

        var (response, html) = await browser.PostAsync("/staff/whatif/candidate", browser.Token, ("json", json.ToJsonString()));
        var (unknown, unknownHtml) = await browser.PostAsync("/staff/whatif/start", browser.Token, ("version", "partner-program-2026@v9"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>tiers[0].minRevenue</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>competencies[1].levels.expert.minAccreditedPeople</code>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Version: choose a stored version from the list.", unknownHtml, StringComparison.Ordinal);
        var runs = Host.Services.GetRequiredService<IWorkflowRunRepository>();
        Assert.Empty((await runs.ListAsync(WorkflowRunKind.WhatIf, 10, null)).Items);
    }

    [Fact]
    public async Task StartWhatIf_StoredVersion_LeadsToTheRunWhoseResultPageShowsTheReportsMatrix()
    {
        for (var i = 0; i < 6; i++)
        {
            await LocalHostContract.NewPartnerAsync(Host);
        }

        await Host.Services.GetRequiredService<IProgramDefinitionRepository>().StoreVersionAsync(ProgramDefinitionLoader.LoadOrThrow(DefinitionPagesTests.Candidate(2)), "test", DateTimeOffset.UtcNow);
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        var (page, pageHtml) = await browser.GetAsync("/staff/whatif?version=partner-program-2026@v2");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("value=\"partner-program-2026@v2\" selected", pageHtml, StringComparison.Ordinal);

        var (started, _) = await browser.PostAsync("/staff/whatif/start", browser.Token, ("version", "partner-program-2026@v2"));

        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/staff/runs/whatif/whatif-", location, StringComparison.Ordinal);
        var instanceId = location[(location.LastIndexOf('/') + 1)..];
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonElement run;
        do
        {
            await Task.Delay(250);
            run = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/staff/runs/whatif/{instanceId}");
        }
        while (run.GetProperty("status").GetString() != "Completed" && DateTime.UtcNow < deadline);

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        var (runPage, runHtml) = await browser.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, runPage.StatusCode);
        Assert.Contains($"href=\"/staff/whatif/{instanceId}\"", runHtml, StringComparison.Ordinal);
        var summary = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/staff/runs/whatif/{instanceId}/reports/summary.json");
        var (result, resultHtml) = await browser.GetAsync($"/staff/whatif/{instanceId}");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("<svg class=\"chart matrix\" role=\"img\"", resultHtml, StringComparison.Ordinal);
        var registered = summary.GetProperty("matrix")[0];
        Assert.Equal("registered", registered.GetProperty("currentTier").GetString());
        Assert.Equal(6, summary.GetProperty("partners").GetInt32());
        var count = registered.GetProperty("registered").GetInt32();
        Assert.Contains($"aria-label=\"{count} partners from Registered to Registered\">{count}</a>", resultHtml, StringComparison.Ordinal);

        var (cell, cellHtml) = await browser.GetAsync($"/staff/whatif/{instanceId}/cells/registered/registered");
        var (badCell, _) = await browser.GetAsync($"/staff/whatif/{instanceId}/cells/registered/diamond");
        var (noResult, _) = await browser.GetAsync("/staff/whatif/whatif-nope");
        Assert.Equal(HttpStatusCode.OK, cell.StatusCode);
        Assert.Equal(count, System.Text.RegularExpressions.Regex.Count(cellHtml, "<a href=\"/partner/"));
        Assert.Equal(HttpStatusCode.NotFound, badCell.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noResult.StatusCode);
    }
}
