using NetTumorBoard.Web.Platform.Identity;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace NetTumorBoard.Web.Meetings.Minutes;

/// <summary>The minutes as an A4 PDF (PDFsharp), text laid out line by line with page breaks; the font is embedded.</summary>
public static class MinutesPdf
{
    private const double Margin = 56;
    private static readonly Lock Gate = new();
    private static bool _fontsReady;

    public static byte[] Render(MeetingMinutes m, bool preview)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Minutes: {m.Title}";
        document.Info.Creator = "NetTumorBoard";
        var writer = new PageWriter(document);
        if (preview)
        {
            writer.Line("PREVIEW: these minutes have not been recorded yet.", writer.Bold);
        }
        writer.Line($"Minutes: {m.Title}", writer.Title);
        var held = m.StartedAt is { } s ? $" · held {s.UtcDateTime:HH:mm}–{(m.EndedAt is { } e ? e.UtcDateTime.ToString("HH:mm") : "…")} UTC" : "";
        writer.Wrap($"{m.BoardName} · {m.StartsAt:yyyy-MM-dd HH:mm} (UTC{m.StartsAt:zzz}){held}{(m.Location is null ? "" : $" · {m.Location}")}", writer.Body);
        writer.Gap();
        writer.Line($"Attendance ({m.Attendees.Count})", writer.Heading);
        foreach (var a in m.Attendees)
        {
            writer.Wrap($"{a.Name} — {a.Discipline.Display()} ({a.Mode})", writer.Body);
        }
        writer.Gap();
        writer.Line($"Cases ({m.Items.Count})", writer.Heading);
        foreach (var i in m.Items)
        {
            writer.Gap(4);
            writer.Wrap($"{i.Position}. {i.Pseudonym} — {i.Summary}", writer.Bold);
            if (i.Question is { } q)
            {
                writer.Wrap($"Question: {q}", writer.Body);
            }
            writer.Wrap($"Planned {i.PlannedMinutes} min, discussed {Live.MeetingTimer.Words(TimeSpan.FromMinutes(i.SpentMinutes))} · {(i.Triage == Triage.Discuss ? "discussed" : "standard of care")}", writer.Small);
            if (i.Decision is { } decision)
            {
                writer.Wrap($"Decision: {decision}", writer.Body);
                writer.Wrap($"Guidelines: {i.Concordance} · Votes: {i.Tally}", writer.Body);
                if (i.GuidelineBasis is { } basis)
                {
                    writer.Wrap($"Guideline basis: {basis}", writer.Body);
                }
                if (i.Dissent.Count > 0)
                {
                    writer.Wrap($"Dissent: {string.Join("; ", i.Dissent)}", writer.Body);
                }
                if (i.QuorumOverride is { } quorum)
                {
                    writer.Wrap($"Quorum: {quorum}", writer.Body);
                }
                if (i.WorkUpMissing is { } missing)
                {
                    writer.Wrap($"Work-up incomplete: {missing}", writer.Body);
                }
            }
            else
            {
                writer.Wrap(i.Outcome ?? "", writer.Body);
            }
        }
        writer.Gap();
        writer.Wrap($"Recorded by {m.GeneratedBy} on {m.GeneratedAt:yyyy-MM-dd HH:mm} UTC · NetTumorBoard", writer.Small);
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void EnsureFonts()
    {
        lock (Gate)
        {
            if (!_fontsReady)
            {
                GlobalFontSettings.FontResolver ??= new DejaVuFontResolver();
                _fontsReady = true;
            }
        }
    }

    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private XGraphics _graphics = default!;
        private PdfPage _page = default!;
        private double _y;

        public XFont Title { get; } = new(DejaVuFontResolver.Family, 16, XFontStyleEx.Bold);
        public XFont Heading { get; } = new(DejaVuFontResolver.Family, 12.5, XFontStyleEx.Bold);
        public XFont Bold { get; } = new(DejaVuFontResolver.Family, 10.5, XFontStyleEx.Bold);
        public XFont Body { get; } = new(DejaVuFontResolver.Family, 10.5, XFontStyleEx.Regular);
        public XFont Small { get; } = new(DejaVuFontResolver.Family, 9, XFontStyleEx.Regular);

        public PageWriter(PdfDocument document)
        {
            _document = document;
            NewPage();
        }

        private double Width => _page.Width.Point - 2 * Margin;

        private void NewPage()
        {
            _graphics?.Dispose();
            _page = _document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
        }

        public void Gap(double points = 10) => _y += points;

        public void Line(string text, XFont font)
        {
            var height = font.GetHeight() * 1.15;
            if (_y + height > _page.Height.Point - Margin)
            {
                NewPage();
            }
            _graphics.DrawString(text, font, XBrushes.Black, new XPoint(Margin, _y + font.GetHeight()));
            _y += height;
        }

        /// <summary>Word-wraps to the page width.</summary>
        public void Wrap(string text, XFont font)
        {
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > Width)
                {
                    Line(line, font);
                    line = word;
                }
                else
                {
                    line = candidate;
                }
            }
            Line(line, font);
        }
    }
}

/// <summary>DejaVu Sans from the system (package fonts-dejavu-core); PDFsharp embeds what it uses.</summary>
internal sealed class DejaVuFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private static readonly string[] Directories = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"];

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", false, italic);

    public byte[]? GetFont(string faceName)
    {
        foreach (var directory in Directories)
        {
            var path = Path.Combine(directory, faceName + ".ttf");
            if (File.Exists(path))
            {
                return File.ReadAllBytes(path);
            }
        }
        throw new InvalidOperationException($"The font {faceName}.ttf was not found in {string.Join(", ", Directories)}; install the package fonts-dejavu-core.");
    }
}
