using Marten;
using NetTumorBoard.Web.Cases.Viewing;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Cases.Readiness;

public sealed record MissingItem(string Field, string Reason);

public sealed record ReadinessReport(bool Ready, IReadOnlyList<MissingItem> Missing);

public sealed class ReadinessOptions
{
    public const string Section = "Cases:Readiness";

    /// <summary>SSTR imaging older than this is stale for a board decision.</summary>
    public int SstrMaxAgeMonths { get; set; } = 6;
}

/// <summary>What a NET board needs before it can decide, and what is missing or stale. Computed, never stored.</summary>
public static class ReadinessCheck
{
    public static ReadinessReport Evaluate(CaseContent content, DateOnly today, ReadinessOptions options)
    {
        var missing = new List<MissingItem>();
        var tumor = content.Tumor;
        void Need(bool ok, string field, string reason)
        {
            if (!ok)
            {
                missing.Add(new MissingItem(field, reason));
            }
        }

        Need(tumor.PrimarySite is not null, "tumor.primarySite", "Primary site is not recorded.");
        if (tumor.PrimarySite == PrimarySite.Lung)
        {
            Need(tumor.Histology is not null, "tumor.histology", "Typical or atypical carcinoid is not classified.");
            Need(tumor.MitosesPer2mm2 is not null, "tumor.mitosesPer2mm2", "Mitotic count (per 2 mm²) is missing.");
        }
        else
        {
            Need(tumor.WhoGrade is not null, "tumor.whoGrade", "WHO grade is missing.");
            Need(tumor.Ki67Percent is not null, "tumor.ki67Percent", "Ki-67 index is missing.");
        }
        if (tumor.SstrImaging?.Date is not { } imaged)
        {
            Need(false, "tumor.sstrImaging", "No SSTR imaging (e.g. 68Ga-DOTATATE PET) with a date.");
        }
        else
        {
            var age = MonthsBetween(imaged, today);
            Need(age <= options.SstrMaxAgeMonths, "tumor.sstrImaging.date",
                $"SSTR imaging is {age} months old (older than {options.SstrMaxAgeMonths}); consider repeating it.");
        }
        Need(tumor.StageGroup is not null || tumor.Tnm is { T: not null } or { N: not null } or { M: not null }, "tumor.stageGroup", "Stage (TNM or stage group) is missing.");
        Need(tumor.Progression?.Status is not null, "tumor.progression.status", "Progression status is not recorded.");
        Need(tumor.Ecog is not null, "tumor.ecog", "ECOG performance status is missing.");
        Need(!string.IsNullOrWhiteSpace(content.Question), "question", "There is no question to the board.");
        return new ReadinessReport(missing.Count == 0, missing);
    }

    private static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        return to.Day < from.Day ? months - 1 : months;
    }

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cases/{id:guid}/readiness", async (Guid id, CurrentUser user, IQuerySession session, TimeProvider clock,
                Microsoft.Extensions.Options.IOptions<ReadinessOptions> options, CancellationToken ct) =>
            {
                var details = await ViewCaseSlice.LoadAsync(id, user, session, ct);
                return Evaluate(details.Content, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), options.Value);
            })
            .WithName("GetCaseReadiness")
            .WithSummary("What is missing or stale before the board can discuss this case.");
}
