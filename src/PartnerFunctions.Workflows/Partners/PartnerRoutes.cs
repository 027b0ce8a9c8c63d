using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>The partner profile and evidence routes (under /api) and the partner's pages: templates and table entries.</summary>
public static class PartnerRoutes
{
    public const string Partner = "partners/{partnerId}";
    public const string Evaluation = "partners/{partnerId}/evaluation";
    public const string Decisions = "partners/{partnerId}/decisions";
    public const string MigrationPreview = "partners/{partnerId}/migration-preview";
    public const string Person = "partners/{partnerId}/people/{personId}";
    public const string Revenue = "partners/{partnerId}/revenue/{lineId}";
    public const string Reference = "partners/{partnerId}/references/{referenceId}";
    public const string ReferenceDocuments = "partners/{partnerId}/references/{referenceId}/documents";
    public const string SearchIndexRebuild = "staff/search-index/rebuild";

    /// <summary>The partner's own page (from the site root).</summary>
    public const string ProgramPage = "partner/{partnerId}";

    /// <summary>The partner's evidence page and its forms (from the site root).</summary>
    public const string EvidencePage = "partner/{partnerId}/evidence";
    public const string EvidencePeoplePage = "partner/{partnerId}/evidence/people";
    public const string EvidenceRevenuePage = "partner/{partnerId}/evidence/revenue";
    public const string EvidenceReferencesPage = "partner/{partnerId}/evidence/references";
    public const string EvidenceDocumentsPage = "partner/{partnerId}/evidence/references/{referenceId}/documents";
    public const string EvidenceDocumentPage = "partner/{partnerId}/evidence/references/{referenceId}/documents/{documentId}";

    /// <summary>The console's partner search (from the site root).</summary>
    public const string SearchPage = "staff/partners";

    /// <summary>The console's partner page and its forms (from the site root).</summary>
    public const string DetailPage = "staff/partners/{partnerId}";
    public const string CredentialsPage = "staff/partners/{partnerId}/credentials";
    public const string RevokeCredentialPage = "staff/partners/{partnerId}/credentials/{credentialId}/revoke";
    public const string DocumentPage = "staff/partners/{partnerId}/references/{referenceId}/documents/{documentId}";

    private const string Tag = "partners";

    public static readonly ApiRoute PutPartner = new(
        nameof(PutPartner), "PUT", Partner, RouteAudience.PartnerOwn, Tag, "Register a partner or update its details",
        call => call.Service<PartnerHandlers>().PutPartnerAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute GetPartner = new(
        nameof(GetPartner), "GET", Partner, RouteAudience.PartnerOwn, Tag, "Read a partner's profile and what it holds",
        call => call.Service<PartnerHandlers>().GetPartnerAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute PutPerson = new(
        nameof(PutPerson), "PUT", Person, RouteAudience.PartnerOwn, Tag, "Create or replace a person and their accreditations",
        call => call.Service<PartnerEvidenceHandlers>().PutPersonAsync(call.Request, call.Value("partnerId"), call.Value("personId"), call.CancellationToken));

    public static readonly ApiRoute PutRevenue = new(
        nameof(PutRevenue), "PUT", Revenue, RouteAudience.PartnerOwn, Tag, "Create or replace a monthly revenue line",
        call => call.Service<PartnerEvidenceHandlers>().PutRevenueAsync(call.Request, call.Value("partnerId"), call.Value("lineId"), call.CancellationToken));

    public static readonly ApiRoute PutReference = new(
        nameof(PutReference), "PUT", Reference, RouteAudience.PartnerOwn, Tag, "Submit or update a customer reference",
        call => call.Service<PartnerEvidenceHandlers>().PutReferenceAsync(call.Request, call.Value("partnerId"), call.Value("referenceId"), call.CancellationToken));

    public static readonly ApiRoute PostReferenceDocument = new(
        nameof(PostReferenceDocument), "POST", ReferenceDocuments, RouteAudience.PartnerOwn, Tag, "Upload an evidence document for a reference",
        call => call.Service<PartnerEvidenceHandlers>().PostReferenceDocumentAsync(call.Request, call.Value("partnerId"), call.Value("referenceId"), call.CancellationToken));

    public static readonly ApiRoute GetEvaluation = new(
        nameof(GetEvaluation), "GET", Evaluation, RouteAudience.PartnerOwn, Tag, "Evaluate the partner now under the active definition",
        call => call.Service<PartnerHandlers>().GetEvaluationAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute GetDecisions = new(
        nameof(GetDecisions), "GET", Decisions, RouteAudience.PartnerOwn, Tag, "List the partner's tier decisions, newest first",
        call => call.Service<PartnerHandlers>().GetDecisionsAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute GetMigrationPreview = new(
        nameof(GetMigrationPreview), "GET", MigrationPreview, RouteAudience.PartnerOwn, Tag, "Preview the partner's migration to the new program",
        call => call.Service<PartnerHandlers>().GetMigrationPreviewAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute RebuildSearchIndex = new(
        nameof(RebuildSearchIndex), "POST", SearchIndexRebuild, RouteAudience.Staff, Tag, "Repair the partner search index from the partners table",
        call => call.Service<PartnerSearchHandlers>().RebuildAsync(call.CancellationToken));

    /// <summary>This feature's entries of the route table.</summary>
    public static readonly ApiRoute ShowPartnerProgram = new(
        nameof(ShowPartnerProgram), "GET", ProgramPage, RouteAudience.PartnerPage, Tag, "Partner page: my program",
        call => call.Service<PartnerPageHandlers>().ProgramAsync(call));

    public static readonly ApiRoute ShowPartnerEvidence = new(
        nameof(ShowPartnerEvidence), "GET", EvidencePage, RouteAudience.PartnerPage, Tag, "Partner page: my evidence (people, revenue, references)",
        call => call.Service<PartnerEvidencePageHandlers>().ShowAsync(call));

    public static readonly ApiRoute SavePartnerPersonPage = new(
        nameof(SavePartnerPersonPage), "POST", EvidencePeoplePage, RouteAudience.PartnerPage, Tag, "Partner page: add or change a person and their accreditations",
        call => call.Service<PartnerEvidencePageHandlers>().SavePersonAsync(call));

    public static readonly ApiRoute SavePartnerRevenuePage = new(
        nameof(SavePartnerRevenuePage), "POST", EvidenceRevenuePage, RouteAudience.PartnerPage, Tag, "Partner page: add or change a monthly revenue line",
        call => call.Service<PartnerEvidencePageHandlers>().SaveRevenueAsync(call));

    public static readonly ApiRoute SavePartnerReferencePage = new(
        nameof(SavePartnerReferencePage), "POST", EvidenceReferencesPage, RouteAudience.PartnerPage, Tag, "Partner page: submit or change a customer reference",
        call => call.Service<PartnerEvidencePageHandlers>().SaveReferenceAsync(call));

    public static readonly ApiRoute UploadPartnerDocumentPage = new(
        nameof(UploadPartnerDocumentPage), "POST", EvidenceDocumentsPage, RouteAudience.PartnerPage, Tag, "Partner page: upload an evidence document for a reference",
        call => call.Service<PartnerEvidencePageHandlers>().UploadDocumentAsync(call));

    public static readonly ApiRoute ShowPartnerDocumentPage = new(
        nameof(ShowPartnerDocumentPage), "GET", EvidenceDocumentPage, RouteAudience.PartnerPage, Tag, "Partner page: a document the partner sent for a reference, inline",
        call => call.Service<ReferenceDocumentHandlers>().ShowAsync(call));

    public static readonly ApiRoute ShowPartnerSearch = new(
        nameof(ShowPartnerSearch), "GET", SearchPage, RouteAudience.StaffPage, Tag, "Console: search partners",
        call => call.Service<PartnerSearchHandlers>().SearchAsync(call));

    public static readonly ApiRoute ShowPartnerDetail = new(
        nameof(ShowPartnerDetail), "GET", DetailPage, RouteAudience.StaffPage, Tag, "Console: one partner",
        call => call.Service<PartnerDetailHandlers>().ShowAsync(call));

    public static readonly ApiRoute IssuePartnerCredentialPage = new(
        nameof(IssuePartnerCredentialPage), "POST", CredentialsPage, RouteAudience.StaffPage, Tag, "Console: issue an API key for the partner (shown once)",
        call => call.Service<PartnerDetailHandlers>().IssueCredentialAsync(call));

    public static readonly ApiRoute RevokePartnerCredentialPage = new(
        nameof(RevokePartnerCredentialPage), "POST", RevokeCredentialPage, RouteAudience.StaffPage, Tag, "Console: revoke one of the partner's API keys",
        call => call.Service<PartnerDetailHandlers>().RevokeCredentialAsync(call));

    public static readonly ApiRoute ShowReferenceDocument = new(
        nameof(ShowReferenceDocument), "GET", DocumentPage, RouteAudience.StaffPage, Tag, "Console: a reference's evidence document, inline",
        call => call.Service<ReferenceDocumentHandlers>().ShowAsync(call));

    public static IReadOnlyList<ApiRoute> All { get; } =
        [PutPartner, GetPartner, PutPerson, PutRevenue, PutReference, PostReferenceDocument, GetEvaluation, GetDecisions, GetMigrationPreview, RebuildSearchIndex, ShowPartnerProgram,
            ShowPartnerEvidence, SavePartnerPersonPage, SavePartnerRevenuePage, SavePartnerReferencePage, UploadPartnerDocumentPage, ShowPartnerDocumentPage,
            ShowPartnerSearch, ShowPartnerDetail, IssuePartnerCredentialPage, RevokePartnerCredentialPage, ShowReferenceDocument];
}
