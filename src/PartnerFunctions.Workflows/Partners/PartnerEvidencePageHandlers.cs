using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// The partner's evidence page (GET partner/{partnerId}/evidence) and its forms: a person with accreditations, a
/// revenue line, a customer reference and a reference's document. Each form is checked and saved by
/// <see cref="PartnerEvidenceWriter"/>, as the API's PUTs are: a refused form is shown again (400 or 409) with its
/// values and every error beside its field, and nothing is written; a saved one redirects back (303). The partner id
/// and the anti-forgery token are checked by the page dispatcher; staff may look, not post.
/// </summary>
public sealed class PartnerEvidencePageHandlers(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    PartnerEvidenceWriter writer,
    ApiRateLimits rateLimits,
    PageRenderer pages,
    TimeProvider time)
{
    /// <summary>Revenue lines listed (newest month first).</summary>
    public const int RevenueShown = 36;

    /// <summary>The file field of the document form.</summary>
    public const string DocumentField = "document";

    private static readonly string[] Kinds = ["person", "revenue", "reference", "document"];

    /// <summary>GET partner/{partnerId}/evidence (?edit=person:{id} | revenue:{id} | reference:{id}, ?saved={kind}).</summary>
    public Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var saved = call.Request.Query["saved"].ToString();
        return RenderAsync(call, StatusCodes.Status200OK, Kinds.Contains(saved) ? saved : null, null, null, null);
    }

    /// <summary>POST partner/{partnerId}/evidence/people.</summary>
    public async Task<IResult> SavePersonAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (id, values) = await ReadAsync(call);
        var errors = new List<FieldError>();
        var body = EvidencePageForms.Person(values, errors, out var rowOf);
        var shown = new EvidenceFormState(id ?? EvidenceFormState.NewId("person"), values, errors, EvidencePageForms.RowsPosted(values));
        if (id is null || errors.Count > 0)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, null, "person", shown with { Errors = WithIdError(call, id, errors) }, null);
        }

        var write = await writer.SavePersonAsync(call.Value(ApiRoute.PartnerIdParameter), id, body, call.CancellationToken);
        return write.IsSaved
            ? Saved(call, "person")
            : await RefusedAsync(call, write, "person", shown with { Errors = EvidencePageForms.OnRows(write.Errors, rowOf) });
    }

    /// <summary>POST partner/{partnerId}/evidence/revenue.</summary>
    public async Task<IResult> SaveRevenueAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (id, values) = await ReadAsync(call);
        var errors = new List<FieldError>();
        var body = EvidencePageForms.Revenue(values, errors);
        var shown = new EvidenceFormState(id ?? EvidenceFormState.NewId("revenue"), values, errors);
        if (id is null || errors.Count > 0)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, null, "revenue", shown with { Errors = WithIdError(call, id, errors) }, null);
        }

        var write = await writer.SaveRevenueAsync(call.Value(ApiRoute.PartnerIdParameter), id, body, call.CancellationToken);
        return write.IsSaved ? Saved(call, "revenue") : await RefusedAsync(call, write, "revenue", shown with { Errors = write.Errors });
    }

    /// <summary>POST partner/{partnerId}/evidence/references.</summary>
    public async Task<IResult> SaveReferenceAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (id, values) = await ReadAsync(call);
        var errors = new List<FieldError>();
        var body = EvidencePageForms.Reference(values, errors);
        var shown = new EvidenceFormState(id ?? EvidenceFormState.NewId("reference"), values, errors);
        if (id is null || errors.Count > 0)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, null, "reference", shown with { Errors = WithIdError(call, id, errors) }, null);
        }

        var write = await writer.SaveReferenceAsync(call.Value(ApiRoute.PartnerIdParameter), id, body, call.CancellationToken);
        return write.IsSaved ? Saved(call, "reference") : await RefusedAsync(call, write, "reference", shown with { Errors = write.Errors });
    }

    /// <summary>POST partner/{partnerId}/evidence/references/{referenceId}/documents (multipart, file "document").</summary>
    public async Task<IResult> UploadDocumentAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var referenceId = call.Value("referenceId");
        var context = call.Page;
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var file = form.Files.GetFile(DocumentField);
        if (!ApiIds.IsValid(referenceId))
        {
            return await PageAccess.NotFoundAsync(pages, context);
        }

        if (file is not { Length: > 0 })
        {
            return await DocumentRefusedAsync(call, StatusCodes.Status400BadRequest, referenceId, context.T("Choose a file to upload.", "Choisissez un fichier à envoyer."));
        }

        if (rateLimits.TryAcquire(call.Request.HttpContext, ApiRateLimits.EvidenceUpload, partnerId) is not null)
        {
            return await DocumentRefusedAsync(call, StatusCodes.Status429TooManyRequests, referenceId, context.T("Too many uploads in a short time: wait a minute and send it again.", "Trop d'envois en peu de temps : attendez une minute et recommencez."));
        }

        EvidenceWrite<StoredFile> write;
        await using (var content = file.OpenReadStream())
        {
            write = await writer.SaveDocumentAsync(partnerId, referenceId, file.ContentType, content, call.CancellationToken);
        }

        if (write.IsSaved)
        {
            return Saved(call, "document");
        }

        var types = string.Join(", ", writer.AllowedDocumentTypes);
        var megabytes = (writer.MaxDocumentBytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return write.Status switch
        {
            EvidenceWriteStatus.UnknownPartner or EvidenceWriteStatus.UnknownReference => await PageAccess.NotFoundAsync(pages, context),
            EvidenceWriteStatus.UnsupportedDocument => await DocumentRefusedAsync(call, StatusCodes.Status415UnsupportedMediaType, referenceId, context.T($"This kind of file is not accepted (accepted: {types}).", $"Ce type de fichier n'est pas accepté (acceptés : {types}).")),
            EvidenceWriteStatus.DocumentTooLarge => await DocumentRefusedAsync(call, StatusCodes.Status413PayloadTooLarge, referenceId, context.T($"The file is larger than {megabytes} MB.", $"Le fichier dépasse {megabytes} Mo.")),
            EvidenceWriteStatus.ReferenceDecided => await DocumentRefusedAsync(call, StatusCodes.Status409Conflict, referenceId, context.T("This reference was reviewed by the program team: it can no longer change.", "Cette référence a été examinée par l'équipe du programme : elle ne peut plus changer.")),
            _ => await DocumentRefusedAsync(call, StatusCodes.Status400BadRequest, referenceId, context.T("The file is empty.", "Le fichier est vide.")),
        };
    }

    private static async Task<(string? Id, Dictionary<string, string> Values)> ReadAsync(RouteCall call)
    {
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var values = EvidencePageForms.Values(form);
        var id = PageForms.Field(form, EvidencePageForms.IdField);
        return (ApiIds.IsValid(id) ? id : null, values);
    }

    private static List<FieldError> WithIdError(RouteCall call, string? id, List<FieldError> errors)
    {
        if (id is null)
        {
            errors.Insert(0, new FieldError("", call.Page.T("The form is out of date: open the page again and resubmit.", "Le formulaire est périmé : rouvrez la page et recommencez.")));
        }

        return errors;
    }

    private static PageRedirect Saved(RouteCall call, string kind) =>
        new(PartnerEvidenceView.PathOf(call.Value(ApiRoute.PartnerIdParameter)) + "?saved=" + kind);

    private async Task<IResult> RefusedAsync<T>(RouteCall call, EvidenceWrite<T> write, string kind, EvidenceFormState shown)
    {
        var context = call.Page;
        return write.Status switch
        {
            EvidenceWriteStatus.Invalid => await RenderAsync(call, StatusCodes.Status400BadRequest, null, kind, shown, null),
            EvidenceWriteStatus.UnknownPartner => await PageAccess.NotFoundAsync(pages, context),
            EvidenceWriteStatus.NoActiveDefinition => await pages.MessageAsync(StatusCodes.Status409Conflict, context, context.T("Not yet open", "Pas encore ouvert"), context.T("The program rules are not published yet: evidence cannot be entered. Nothing was saved.", "Les règles du programme ne sont pas encore publiées : aucun élément ne peut être saisi. Rien n'a été enregistré.")),
            EvidenceWriteStatus.ReferenceDecided => await RenderAsync(call, StatusCodes.Status409Conflict, null, kind, shown with { Errors = [new FieldError("", context.T("This reference was reviewed by the program team and can no longer change: submit a new reference instead.", "Cette référence a été examinée par l'équipe du programme et ne peut plus changer : soumettez plutôt une nouvelle référence."))] }, null),
            _ => await RenderAsync(call, StatusCodes.Status409Conflict, null, kind, shown with { Errors = [new FieldError("", context.T("This reference changed while it was being saved (the program team may have reviewed it). Nothing was saved: check it below and resubmit.", "Cette référence a changé pendant l'enregistrement (l'équipe du programme l'a peut-être examinée). Rien n'a été enregistré : vérifiez-la ci-dessous et recommencez."))] }, null),
        };
    }

    private Task<IResult> DocumentRefusedAsync(RouteCall call, int statusCode, string referenceId, string message) =>
        RenderAsync(call, statusCode, null, null, null, new DocumentRefusal(referenceId, message));

    // The page with every form: the one posted (kind, shown) as it was, the others new or opened by ?edit=.
    private async Task<IResult> RenderAsync(RouteCall call, int statusCode, string? saved, string? kind, EvidenceFormState? shown, DocumentRefusal? document)
    {
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var snapshotTask = partners.GetSnapshotAsync(partnerId, call.CancellationToken);
        var definition = await definitions.GetActiveOrNullAsync(call.CancellationToken);
        var snapshot = await snapshotTask;
        if (snapshot is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var evidence = snapshot.Evidence;
        var (editing, opened) = kind is null ? Opened(call.Request.Query["edit"].ToString(), evidence) : (null, null);
        var revenue = evidence.Revenue.OrderByDescending(l => l.Period).ThenBy(l => l.CompetencyId, StringComparer.Ordinal).ToArray();
        var view = new PartnerEvidenceView(
            evidence.Partner,
            definition?.Competencies ?? [],
            definition?.Currency,
            evidence.People.OrderBy(p => p.Name, StringComparer.CurrentCulture).ToArray(),
            revenue.Take(RevenueShown).ToArray(),
            Math.Max(0, revenue.Length - RevenueShown),
            await ReferenceRow.ReadAllAsync(partners, snapshot, call.CancellationToken),
            Form("person", kind, shown, editing, opened) ?? EvidenceFormState.New("person", 1 + EvidencePageForms.BlankRows),
            Form("revenue", kind, shown, editing, opened) ?? EvidenceFormState.New("revenue"),
            Form("reference", kind, shown, editing, opened) ?? EvidenceFormState.New("reference"),
            kind ?? editing,
            document,
            saved,
            writer.AllowedDocumentTypes,
            writer.MaxDocumentBytes,
            DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime),
            definition);
        return await pages.RenderAsync<PartnerEvidencePage>(statusCode, new Dictionary<string, object?>
        {
            [nameof(PartnerEvidencePage.Context)] = PartnerPageContext.For(call, snapshot.Profile),
            [nameof(PartnerEvidencePage.View)] = view,
        });
    }

    private static EvidenceFormState? Form(string form, string? kind, EvidenceFormState? shown, string? editing, EvidenceFormState? opened) =>
        form == kind ? shown : form == editing ? opened : null;

    // ?edit=kind:id opens that form on a stored item the partner may still change; anything else opens nothing.
    private static (string? Kind, EvidenceFormState? Form) Opened(string edit, PartnerEvidence evidence)
    {
        var colon = edit.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (null, null);
        }

        var (kind, id) = (edit[..colon], edit[(colon + 1)..]);
        return kind switch
        {
            "person" when evidence.People.FirstOrDefault(p => p.Id == id) is { } person => (kind, EvidencePageForms.Of(person)),
            "revenue" when evidence.Revenue.Where(l => l.Id == id && PartnerEvidenceView.IsPartnerLine(l)).Select(l => (RevenueLine?)l).FirstOrDefault() is { } line => (kind, EvidencePageForms.Of(line)),
            "reference" when evidence.References.Where(r => r.Id == id && r.State is not (ReferenceState.Approved or ReferenceState.Rejected)).Select(r => (CustomerReference?)r).FirstOrDefault() is { } reference => (kind, EvidencePageForms.Of(reference)),
            _ => (null, null),
        };
    }
}
