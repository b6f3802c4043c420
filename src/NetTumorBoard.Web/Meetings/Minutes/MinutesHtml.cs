using System.Net;
using System.Text;
using NetTumorBoard.Web.Platform.Identity;

namespace NetTumorBoard.Web.Meetings.Minutes;

/// <summary>The minutes as a self-contained, printable HTML page (A4, no scripts, every value encoded).</summary>
public static class MinutesHtml
{
    public static string Render(MeetingMinutes m, bool preview)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Minutes: {{E(m.Title)}}</title>
            <style>
            body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:48rem;margin:2rem auto;color:#1b2733;line-height:1.45}
            h1{font-size:1.5rem;margin:0} h2{font-size:1.15rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #ccd}
            .meta{color:#4a5868} .preview{background:#fff3cd;padding:.5rem;border:1px solid #e0c36a}
            table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.2rem .4rem;border-bottom:1px solid #e3e7ee;vertical-align:top}
            .item{margin:.8rem 0;padding:.6rem .8rem;border-left:4px solid #1f5f8b;background:#f6f8fb;page-break-inside:avoid}
            .label{color:#4a5868;font-size:.85rem}
            @media print{body{margin:0} .item{background:none} }
            </style></head><body>
            """);
        if (preview)
        {
            html.Append("<p class=\"preview\">Preview: these minutes have not been recorded yet.</p>");
        }
        html.Append($"<h1>Minutes: {E(m.Title)}</h1><p class=\"meta\">{E(m.BoardName)} · {m.StartsAt:yyyy-MM-dd HH:mm} (UTC{m.StartsAt:zzz})");
        if (m.StartedAt is { } started)
        {
            html.Append($" · held {started.UtcDateTime:HH:mm}–{(m.EndedAt is { } ended ? ended.UtcDateTime.ToString("HH:mm") : "…")} UTC");
        }
        if (m.Location is { } location)
        {
            html.Append($" · {E(location)}");
        }
        html.Append("</p>");
        html.Append($"<h2>Attendance ({m.Attendees.Count})</h2><table><tr><th>Name</th><th>Discipline</th><th>Attended</th></tr>");
        foreach (var a in m.Attendees)
        {
            html.Append($"<tr><td>{E(a.Name)}</td><td>{E(a.Discipline.Display())}</td><td>{E(a.Mode)}</td></tr>");
        }
        html.Append("</table>");
        html.Append($"<h2>Cases ({m.Items.Count})</h2>");
        foreach (var i in m.Items)
        {
            html.Append($"<div class=\"item\"><b>{i.Position}. {E(i.Pseudonym)}</b> — {E(i.Summary)}<br>");
            if (i.Question is { } q)
            {
                html.Append($"<span class=\"label\">Question:</span> {E(q)}<br>");
            }
            html.Append($"<span class=\"label\">Planned {i.PlannedMinutes} min, discussed {Live.MeetingTimer.Words(TimeSpan.FromMinutes(i.SpentMinutes))} · {(i.Triage == Triage.Discuss ? "discussed" : "standard of care")}</span><br>");
            if (i.Decision is { } decision)
            {
                html.Append($"<span class=\"label\">Decision:</span> {E(decision)}<br><span class=\"label\">Guidelines:</span> {E(i.Concordance)} · <span class=\"label\">Votes:</span> {E(i.Tally)}<br>");
                if (i.GuidelineBasis is { } basis)
                {
                    html.Append($"<span class=\"label\">Guideline basis:</span> {E(basis)}<br>");
                }
                if (i.Dissent.Count > 0)
                {
                    html.Append($"<span class=\"label\">Dissent:</span> {E(string.Join("; ", i.Dissent))}<br>");
                }
                if (i.QuorumOverride is { } quorum)
                {
                    html.Append($"<span class=\"label\">Quorum:</span> {E(quorum)}<br>");
                }
                if (i.WorkUpMissing is { } missing)
                {
                    html.Append($"<span class=\"label\">Work-up incomplete:</span> {E(missing)}<br>");
                }
            }
            else
            {
                html.Append($"{E(i.Outcome)}<br>");
            }
            html.Append("</div>");
        }
        html.Append($"<p class=\"meta\">Recorded by {E(m.GeneratedBy)} on {m.GeneratedAt:yyyy-MM-dd HH:mm} UTC · NetTumorBoard</p></body></html>");
        return html.ToString();
    }
}
